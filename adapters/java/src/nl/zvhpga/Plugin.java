package nl.zvhpga;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.NodeList;

/**
 * The zvh-pga plugin (libzvhpga.so) loaded into this JVM, its ABI checked. Loaded once per
 * library and never unloaded (docs/abi.md): JNA would dlclose a library it no longer references
 * and at JVM exit, so the plugin is opened with RTLD_NODELETE and held here for good.
 */
public final class Plugin {
  /** The ABI version this binding was written against (ZVHPGA_ABI_VERSION in zvhpga.h). */
  public static final int ABI_VERSION = 4;

  private static final int ABI_MAGIC = 0x5A564850;
  private static final int RTLD_NOW = 0x2;
  private static final int RTLD_NODELETE = 0x1000;
  /** The plugin's soname; the system property zvhpga.library or $ZVHPGA_LIBRARY names another. */
  private static final String DEFAULT_LIBRARY = "libzvhpga.so.1";
  private static final Map<String, Plugin> LOADED = new ConcurrentHashMap<>();

  final NativeAbi abi;
  private final String pluginVersion;

  private Plugin(String path) {
    NativeAbi library;
    try {
      library = Native.load(path, NativeAbi.class,
          Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_NODELETE));
    } catch (UnsatisfiedLinkError cannotLoad) {
      throw new ZvhpgaException.AbiMismatch(
          "cannot load " + path + ": " + cannotLoad.getMessage(), null, null, null);
    }
    Pointer at;
    try {
      at = library.zvhpga_get_abi_info();
    } catch (UnsatisfiedLinkError noEntryPoint) {
      at = null;
    }
    if (at == null) {
      throw new ZvhpgaException.AbiMismatch(path + " is not a zvh-pga plugin", null, null, null);
    }
    NativeAbi.AbiInfo info = new NativeAbi.AbiInfo(at);
    if (info.magic != ABI_MAGIC) {
      throw new ZvhpgaException.AbiMismatch(path + " is not a zvh-pga plugin", null, null, null);
    }
    if (Integer.compareUnsigned(info.abi_version, ABI_VERSION) < 0
        || info.struct_size < info.size()) {
      throw new ZvhpgaException.AbiMismatch(path + " has zvh-pga ABI version "
          + Integer.toUnsignedString(info.abi_version) + "; this binding needs version "
          + ABI_VERSION + " or later", null, null, null);
    }
    this.abi = library;
    this.pluginVersion = info.plugin_version.getString(0, StandardCharsets.UTF_8.name());
  }

  /** The plugin named by the system property zvhpga.library, $ZVHPGA_LIBRARY, or installed. */
  public static Plugin load() {
    String path = System.getProperty("zvhpga.library", System.getenv("ZVHPGA_LIBRARY"));
    return load(path == null || path.isEmpty() ? DEFAULT_LIBRARY : path);
  }

  /** The plugin at path, loaded once; AbiMismatch when it is not a usable zvh-pga plugin. */
  public static Plugin load(String path) {
    return LOADED.computeIfAbsent(path, Plugin::new);
  }

  public String pluginVersion() {
    return pluginVersion;
  }

  /** Opens an instance from the configuration file at configPath. */
  public Instance open(String configPath) {
    return new Instance(this, configPath);
  }

  /** The bytes of an output, which is then released by the plugin's own free function. */
  byte[] take(NativeAbi.Output output) {
    try {
      long size = output.size.longValue();
      return output.data == null ? null : output.data.getByteArray(0, Math.toIntExact(size));
    } finally {
      abi.zvhpga_free(output);
    }
  }

  /** Native memory holding text as UTF-8, or null for empty text (a Memory cannot be empty). */
  static Memory utf8(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    Memory memory = new Memory(bytes.length);
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }

  ZvhpgaException failure(int status, byte[] document, String message) {
    String code = document == null ? null : errorCode(document);
    String text = message != null ? message
        : document != null ? new String(document, StandardCharsets.UTF_8)
        : abi.zvhpga_status_name(status);
    return ZvhpgaException.of(status, abi.zvhpga_status_name(status), text, document, code);
  }

  /** The code of an Error document, or null when the bytes are no such document. */
  private static String errorCode(byte[] document) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList codes = factory.newDocumentBuilder()
          .parse(new ByteArrayInputStream(document)).getElementsByTagNameNS("*", "code");
      return codes.getLength() == 0 ? null : codes.item(0).getTextContent();
    } catch (Exception notAnErrorDocument) {
      return null;
    }
  }
}
