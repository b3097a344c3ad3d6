import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.zvhpga.Caller;
import nl.zvhpga.Instance;
import nl.zvhpga.Plugin;
import nl.zvhpga.ZvhpgaException;

/**
 * A worked host: the whole weighing of one signal through the Java binding, in this JVM, against
 * the real plugin on the configuration's store, every step's result checked.
 *
 * <p>Usage: java WorkedHost EXAMPLES_DIR THREADS CONFIG. THREADS threads each weigh a signal of
 * their own on one shared Instance. The plugin is -Dzvhpga.library, $ZVHPGA_LIBRARY, else the
 * installed one.
 */
public final class WorkedHost {
  static final Caller INTAKE = new Caller("gemeente-utrecht", "worked-host", "intake-officer");
  static final Caller GEMEENTE = new Caller("gemeente-utrecht", "worked-host", "weegploeg-member");
  static final Caller POLITIE =
      new Caller("politie-midden-nederland", "worked-host", "weegploeg-member");
  static final Caller OM = new Caller("om-midden-nederland", "worked-host", "weegploeg-member");
  static final Caller CHAIR = new Caller("gemeente-utrecht", "worked-host", "weegploeg-chair");

  private final Instance instance;
  private final Path examples;

  WorkedHost(Instance instance, Path examples) {
    this.instance = instance;
    this.examples = examples;
  }

  static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }

  /** The text of the first element with this local name in a response document. */
  static String textOf(byte[] document, String name) {
    Matcher found = Pattern.compile("<(?:\\w+:)?" + name + ">([^<]*)</")
        .matcher(new String(document, StandardCharsets.UTF_8));
    return found.find() ? found.group(1) : null;
  }

  private byte[] request(String example, String signalId) throws IOException {
    String document = Files.readString(examples.resolve(example), StandardCharsets.UTF_8);
    if (signalId != null) {
      document = document.replaceAll("<signalId>[^<]*</signalId>",
          "<signalId>" + signalId + "</signalId>");
    }
    return document.getBytes(StandardCharsets.UTF_8);
  }

  private static void expect(String step, byte[] response, String name, String value) {
    String found = textOf(response, name);
    if (!value.equals(found)) {
      throw new StepFailed(step + ": " + name + " is " + found + ", expected " + value);
    }
  }

  /** Register, three contributions with the decision refused before the third, the decision,
   * the dossier read back. Returns the signal id. */
  String weigh() throws IOException {
    byte[] registered = instance.call(INTAKE, request("register-signal.xml", null));
    expect("register", registered, "state", "received");
    String id = textOf(registered, "signalId");
    expect("gemeente contributes",
        instance.call(GEMEENTE, request("contribution-gemeente.xml", id)), "state",
        "awaiting-contributions");
    expect("politie contributes",
        instance.call(POLITIE, request("contribution-politie.xml", id)), "state",
        "awaiting-contributions");
    try {
      instance.call(CHAIR, request("record-decision.xml", id));
      throw new StepFailed("decision without OM: accepted, expected contributions-missing");
    } catch (ZvhpgaException.Rejected refused) {
      if (!"contributions-missing".equals(refused.code())) {
        throw new StepFailed("decision without OM: " + refused.code()
            + ", expected contributions-missing");
      }
    }
    expect("om contributes", instance.call(OM, request("contribution-om.xml", id)), "state",
        "ready-for-weighing");
    expect("decision", instance.call(CHAIR, request("record-decision.xml", id)), "state",
        "decided");
    byte[] readBack = instance.call(CHAIR, request("get-signal.xml", id));
    expect("read back", readBack, "state", "decided");
    expect("read back", readBack, "outcome", "include-in-casusoverleg");
    return id;
  }

  /** Each thread weighs a signal of its own on the one instance; all must succeed. */
  List<String> weighInThreads(int threads) throws InterruptedException {
    ConcurrentLinkedQueue<String> signalIds = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(() -> {
        try {
          signalIds.add(weigh());
        } catch (IOException | RuntimeException failure) {
          failures.add(String.valueOf(failure.getMessage()));
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      throw new StepFailed(String.join("; ", failures));
    }
    Set<String> distinct = new HashSet<>(signalIds);
    if (distinct.size() != threads) {
      throw new StepFailed(threads + " threads weighed " + distinct.size() + " distinct signals");
    }
    return new ArrayList<>(signalIds);
  }

  public static void main(String[] arguments) throws Exception {
    if (arguments.length != 3) {
      System.err.println("usage: java WorkedHost EXAMPLES_DIR THREADS CONFIG");
      System.exit(2);
    }
    int threads = Integer.parseInt(arguments[1]);
    try (Instance instance = Plugin.load().open(arguments[2])) {
      List<String> weighed = new WorkedHost(instance, Path.of(arguments[0])).weighInThreads(threads);
      System.out.println("worked host (plugin " + instance.pluginVersion() + "): "
          + weighed.size() + " signal(s) weighed on " + threads + " thread(s)");
    } catch (StepFailed | ZvhpgaException failure) {
      System.err.println("worked host: " + failure.getMessage());
      System.exit(1);
    }
  }
}
