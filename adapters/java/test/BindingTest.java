import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.zvhpga.Caller;
import nl.zvhpga.Instance;
import nl.zvhpga.Plugin;
import nl.zvhpga.ZvhpgaException;

/**
 * The Java binding against the real plugin: what a host gets from it besides the weighing
 * (WorkedHost). Usage: java BindingTest CONFIG, with $ZVHPGA_LIBRARY naming the plugin and
 * $ZVHPGA_OLD_ABI_PLUGIN a shared object that claims ABI version 0 (tests/cli/fake_plugin.c).
 */
public final class BindingTest {
  private static final byte[] WORKLIST = "<ListWorklistRequest xmlns=\"urn:nl:zvh-pga:contract:1\"/>"
      .getBytes(StandardCharsets.UTF_8);
  private static final Caller CHAIR = new Caller("gemeente-utrecht", "binding-test", "weegploeg-chair");

  private interface Check {
    void run() throws Exception;
  }

  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  private static <T extends Throwable> T expectThrows(Class<T> type, Check action) throws Exception {
    try {
      action.run();
    } catch (Throwable thrown) {
      if (type.isInstance(thrown)) {
        return type.cast(thrown);
      }
      throw new Failed("threw " + thrown + ", expected " + type.getSimpleName());
    }
    throw new Failed("threw nothing, expected " + type.getSimpleName());
  }

  private static void expectEqual(Object expected, Object actual) {
    if (!expected.equals(actual)) {
      throw new Failed(actual + ", expected " + expected);
    }
  }

  public static void main(String[] arguments) throws Exception {
    String config = arguments[0];
    Plugin plugin = Plugin.load();
    Map<String, Check> checks = new LinkedHashMap<>();
    checks.put("a call after close throws Closed without calling the plugin", () -> {
      Instance instance = plugin.open(config);
      try (instance) {
        instance.call(CHAIR, WORKLIST);
      }
      expectThrows(ZvhpgaException.Closed.class, () -> instance.call(CHAIR, WORKLIST));
    });
    checks.put("closing twice is harmless", () -> {
      Instance instance = plugin.open(config);
      instance.close();
      instance.close();
    });
    checks.put("a refusal is thrown as Rejected with its code and Error document", () -> {
      try (Instance instance = plugin.open(config)) {
        ZvhpgaException.Rejected refused = expectThrows(ZvhpgaException.Rejected.class,
            () -> instance.call(CHAIR, "<ListWorklistRequest".getBytes(StandardCharsets.UTF_8)));
        expectEqual("malformed-xml", refused.code());
        expectEqual("ZVHPGA_REJECTED", refused.statusName());
        expectEqual(true, new String(refused.document(), StandardCharsets.UTF_8).contains("malformed-xml"));
      }
    });
    checks.put("a configuration path with a NUL is an invalid argument", () ->
        expectThrows(ZvhpgaException.InvalidArgument.class, () -> plugin.open(config + "\0.unused")));
    checks.put("a missing configuration is a ConfigError with the plugin's message", () -> {
      ZvhpgaException.ConfigError refused = expectThrows(ZvhpgaException.ConfigError.class,
          () -> plugin.open(config + ".missing"));
      expectEqual(true, refused.getMessage().contains(".missing"));
    });
    checks.put("a library that is no zvh-pga plugin is refused on load", () -> {
      ZvhpgaException.AbiMismatch refused = expectThrows(ZvhpgaException.AbiMismatch.class,
          () -> Plugin.load("libc.so.6"));
      expectEqual(true, refused.getMessage().endsWith("is not a zvh-pga plugin"));
    });
    checks.put("a plugin of an older ABI is refused on load, naming both versions", () -> {
      ZvhpgaException.AbiMismatch refused = expectThrows(ZvhpgaException.AbiMismatch.class,
          () -> Plugin.load(System.getenv("ZVHPGA_OLD_ABI_PLUGIN")));
      expectEqual(true, refused.getMessage().endsWith(
          "has zvh-pga ABI version 0; this binding needs version 4 or later"));
    });
    int failed = 0;
    for (Map.Entry<String, Check> check : checks.entrySet()) {
      try {
        check.getValue().run();
        System.out.println("ok   " + check.getKey());
      } catch (Exception failure) {
        failed++;
        System.out.println("FAIL " + check.getKey() + ": " + failure);
      }
    }
    System.out.println(checks.size() - failed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }
}
