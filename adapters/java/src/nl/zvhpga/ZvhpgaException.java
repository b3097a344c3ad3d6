package nl.zvhpga;

/**
 * A status of the plugin other than ZVHPGA_OK, as the exception of its class. {@link #document()}
 * is the Error document the plugin answered with (UTF-8 bytes, or null) and {@link #code()} its
 * stable code (docs/errors.md).
 */
public class ZvhpgaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String statusName;
  private final byte[] document;
  private final String code;

  ZvhpgaException(String message, String statusName, byte[] document, String code) {
    super(message);
    this.statusName = statusName;
    this.document = document == null ? null : document.clone();
    this.code = code;
  }

  /** The plugin's name of the status, e.g. "ZVHPGA_REJECTED"; null for {@link Closed}. */
  public String statusName() {
    return statusName;
  }

  public byte[] document() {
    return document == null ? null : document.clone();
  }

  public String code() {
    return code;
  }

  /** ZVHPGA_INVALID_ARGUMENT: the calling convention was broken (a NUL in a path, ...). */
  public static final class InvalidArgument extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    InvalidArgument(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** ZVHPGA_ABI_MISMATCH, or a plugin whose ABI this binding cannot use. */
  public static final class AbiMismatch extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    AbiMismatch(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** ZVHPGA_CONFIG_ERROR: the configuration could not be read or used. */
  public static final class ConfigError extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    ConfigError(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** ZVHPGA_REJECTED: the request was refused; nothing was changed. */
  public static final class Rejected extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    Rejected(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** ZVHPGA_UNAVAILABLE: the database is unavailable; the same request may be sent again. */
  public static final class Unavailable extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** ZVHPGA_INTERNAL, or a status this binding does not know. */
  public static final class Internal extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    Internal(String message, String statusName, byte[] document, String code) {
      super(message, statusName, document, code);
    }
  }

  /** The instance was closed; the plugin was not called. */
  public static final class Closed extends ZvhpgaException {
    private static final long serialVersionUID = 1L;

    Closed() {
      super("the zvh-pga instance is closed", null, null, null);
    }
  }

  static ZvhpgaException of(int status, String statusName, String message, byte[] document,
      String code) {
    switch (status) {
      case 1: return new InvalidArgument(message, statusName, document, code);
      case 2: return new AbiMismatch(message, statusName, document, code);
      case 3: return new ConfigError(message, statusName, document, code);
      case 4: return new Rejected(message, statusName, document, code);
      case 5: return new Unavailable(message, statusName, document, code);
      default: return new Internal(message, statusName, document, code);
    }
  }
}
