// A worked host: the whole weighing of one signal through the .NET binding, in this process,
// against the real plugin on the configuration's store, every step's result checked.
// Usage: WorkedHost.exe EXAMPLES_DIR THREADS CONFIG. THREADS threads each weigh a signal of their
// own on one shared Instance. The plugin is libzvhpga.so.1 as the system's loader finds it.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Zvhpga;

public sealed class WorkedHost
{
    static readonly Caller Intake = new Caller("gemeente-utrecht", "worked-host", "intake-officer");
    static readonly Caller Gemeente = new Caller("gemeente-utrecht", "worked-host", "weegploeg-member");
    static readonly Caller Politie = new Caller("politie-midden-nederland", "worked-host", "weegploeg-member");
    static readonly Caller Om = new Caller("om-midden-nederland", "worked-host", "weegploeg-member");
    static readonly Caller Chair = new Caller("gemeente-utrecht", "worked-host", "weegploeg-chair");

    readonly Instance instance;
    readonly string examples;

    WorkedHost(Instance instance, string examples)
    {
        this.instance = instance;
        this.examples = examples;
    }

    sealed class StepFailed : Exception
    {
        public StepFailed(string message) : base(message) { }
    }

    // The text of the first element with this local name in a response document.
    static string TextOf(byte[] document, string name)
    {
        Match found = Regex.Match(Encoding.UTF8.GetString(document), "<(?:\\w+:)?" + name + ">([^<]*)</");
        return found.Success ? found.Groups[1].Value : null;
    }

    byte[] Request(string example, string signalId)
    {
        string document = File.ReadAllText(Path.Combine(examples, example), Encoding.UTF8);
        if (signalId != null)
            document = Regex.Replace(document, "<signalId>[^<]*</signalId>", "<signalId>" + signalId + "</signalId>");
        return Encoding.UTF8.GetBytes(document);
    }

    static void Expect(string step, byte[] response, string name, string value)
    {
        string found = TextOf(response, name);
        if (found != value) throw new StepFailed(step + ": " + name + " is " + found + ", expected " + value);
    }

    // Register, three contributions with the decision refused before the third, the decision,
    // the dossier read back. Returns the signal id.
    string Weigh()
    {
        byte[] registered = instance.Call(Intake, Request("register-signal.xml", null));
        Expect("register", registered, "state", "received");
        string id = TextOf(registered, "signalId");
        Expect("gemeente contributes", instance.Call(Gemeente, Request("contribution-gemeente.xml", id)),
               "state", "awaiting-contributions");
        Expect("politie contributes", instance.Call(Politie, Request("contribution-politie.xml", id)),
               "state", "awaiting-contributions");
        try
        {
            instance.Call(Chair, Request("record-decision.xml", id));
            throw new StepFailed("decision without OM: accepted, expected contributions-missing");
        }
        catch (RejectedException refused)
        {
            if (refused.Code != "contributions-missing")
                throw new StepFailed("decision without OM: " + refused.Code + ", expected contributions-missing");
        }
        Expect("om contributes", instance.Call(Om, Request("contribution-om.xml", id)), "state", "ready-for-weighing");
        Expect("decision", instance.Call(Chair, Request("record-decision.xml", id)), "state", "decided");
        byte[] readBack = instance.Call(Chair, Request("get-signal.xml", id));
        Expect("read back", readBack, "state", "decided");
        Expect("read back", readBack, "outcome", "include-in-casusoverleg");
        return id;
    }

    // Each thread weighs a signal of its own on the one instance; all must succeed.
    List<string> WeighInThreads(int threads)
    {
        ConcurrentQueue<string> signalIds = new ConcurrentQueue<string>();
        ConcurrentQueue<string> failures = new ConcurrentQueue<string>();
        List<Thread> workers = new List<Thread>();
        for (int i = 0; i < threads; i++)
        {
            Thread worker = new Thread(() =>
            {
                try { signalIds.Enqueue(Weigh()); }
                catch (Exception failure) { failures.Enqueue(failure.Message); }
            });
            workers.Add(worker);
            worker.Start();
        }
        foreach (Thread worker in workers) worker.Join();
        if (!failures.IsEmpty) throw new StepFailed(string.Join("; ", failures));
        int distinct = signalIds.Distinct().Count();
        if (distinct != threads) throw new StepFailed(threads + " threads weighed " + distinct + " distinct signals");
        return signalIds.ToList();
    }

    public static int Main(string[] arguments)
    {
        if (arguments.Length != 3)
        {
            Console.Error.WriteLine("usage: WorkedHost.exe EXAMPLES_DIR THREADS CONFIG");
            return 2;
        }
        int threads = int.Parse(arguments[1]);
        try
        {
            using (Instance instance = new Instance(arguments[2]))
            {
                List<string> weighed = new WorkedHost(instance, arguments[0]).WeighInThreads(threads);
                Console.WriteLine("worked host (plugin " + Plugin.PluginVersion + "): " + weighed.Count +
                                  " signal(s) weighed on " + threads + " thread(s)");
            }
            return 0;
        }
        catch (Exception failure) when (failure is StepFailed || failure is ZvhpgaException)
        {
            Console.Error.WriteLine("worked host: " + failure.Message);
            return 1;
        }
    }
}
