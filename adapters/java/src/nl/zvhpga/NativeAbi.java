package nl.zvhpga;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/** The C ABI of libzvhpga (plugin/include/zvhpga/zvhpga.h) as JNA sees it; not for hosts. */
interface NativeAbi extends Library {
  /** size_t, whatever its width on this platform (not NativeLong, which is C's long). */
  final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  @Structure.FieldOrder({"struct_size", "abi_version", "magic", "reserved", "plugin_version",
      "contract_namespace"})
  final class AbiInfo extends Structure {
    public int struct_size;
    public int abi_version;
    public int magic;
    public int reserved;
    public Pointer plugin_version;
    public Pointer contract_namespace;

    AbiInfo(Pointer at) {
      super(at);
      read();
    }
  }

  @Structure.FieldOrder({"struct_size", "abi_version", "organisation", "organisation_size", "user",
      "user_size", "role", "role_size", "message_id", "message_id_size"})
  final class Caller extends Structure {
    public int struct_size;
    public int abi_version;
    public Pointer organisation;
    public SizeT organisation_size = new SizeT();
    public Pointer user;
    public SizeT user_size = new SizeT();
    public Pointer role;
    public SizeT role_size = new SizeT();
    public Pointer message_id;
    public SizeT message_id_size = new SizeT();
  }

  @Structure.FieldOrder({"struct_size", "abi_version", "data", "size"})
  final class Output extends Structure {
    public int struct_size;
    public int abi_version;
    public Pointer data;
    public SizeT size = new SizeT();

    Output() {
      struct_size = size();
      abi_version = Plugin.ABI_VERSION;
    }
  }

  Pointer zvhpga_get_abi_info();

  int zvhpga_open(byte[] configPath, SizeT configPathSize, PointerByReference instance,
      Output error);

  void zvhpga_close(Pointer instance);

  int zvhpga_call(Pointer instance, Caller caller, byte[] request, SizeT requestSize,
      Output response);

  void zvhpga_free(Output output);

  String zvhpga_status_name(int status);
}
