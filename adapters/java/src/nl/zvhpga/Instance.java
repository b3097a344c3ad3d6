package nl.zvhpga;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance of the plugin, opened from a configuration file. Threads may share it (the C ABI
 * allows concurrent calls on one instance). Closing is idempotent; any call after it throws
 * {@link ZvhpgaException.Closed}.
 */
public final class Instance implements AutoCloseable {
  private final Plugin plugin;
  private final Pointer handle;
  private final AtomicBoolean closed = new AtomicBoolean();

  Instance(Plugin plugin, String configPath) {
    this.plugin = plugin;
    byte[] path = configPath.getBytes(StandardCharsets.UTF_8);
    PointerByReference opened = new PointerByReference();
    NativeAbi.Output error = new NativeAbi.Output();
    int status = plugin.abi.zvhpga_open(path, new NativeAbi.SizeT(path.length), opened, error);
    byte[] message = plugin.take(error);
    if (status != 0) {
      throw plugin.failure(status, null,
          message == null ? null : new String(message, StandardCharsets.UTF_8));
    }
    this.handle = opened.getValue();
  }

  /**
   * Sends one request document (UTF-8 XML of the contract) as caller and returns the response
   * document. A status other than ZVHPGA_OK throws its ZvhpgaException with the Error document.
   */
  public byte[] call(Caller caller, byte[] request) {
    if (closed.get()) {
      throw new ZvhpgaException.Closed();
    }
    byte[] organisation = caller.organisation().getBytes(StandardCharsets.UTF_8);
    byte[] user = caller.user().getBytes(StandardCharsets.UTF_8);
    byte[] role = caller.role().getBytes(StandardCharsets.UTF_8);
    byte[] messageId = caller.messageId() == null ? new byte[0]
        : caller.messageId().getBytes(StandardCharsets.UTF_8);
    // The struct holds the native copies, which keeps them alive until the call returns.
    NativeAbi.Caller identity = new NativeAbi.Caller();
    identity.struct_size = identity.size();
    identity.abi_version = Plugin.ABI_VERSION;
    identity.organisation = Plugin.utf8(organisation);
    identity.organisation_size = new NativeAbi.SizeT(organisation.length);
    identity.user = Plugin.utf8(user);
    identity.user_size = new NativeAbi.SizeT(user.length);
    identity.role = Plugin.utf8(role);
    identity.role_size = new NativeAbi.SizeT(role.length);
    identity.message_id = Plugin.utf8(messageId);
    identity.message_id_size = new NativeAbi.SizeT(messageId.length);
    NativeAbi.Output response = new NativeAbi.Output();
    int status = plugin.abi.zvhpga_call(handle, identity, request,
        new NativeAbi.SizeT(request.length), response);
    byte[] document = plugin.take(response);
    if (status == 0) {
      return document;
    }
    if (closed.get()) {
      // Closed by another thread while this call was on its way: the plugin refused the
      // handle, and the reason is the close.
      throw new ZvhpgaException.Closed();
    }
    throw plugin.failure(status, document, null);
  }

  public String pluginVersion() {
    return plugin.pluginVersion();
  }

  /** Closes the instance; closing again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      plugin.abi.zvhpga_close(handle);
    }
  }
}
