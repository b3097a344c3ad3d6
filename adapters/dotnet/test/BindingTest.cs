// The .NET binding against the real plugin: what a host gets from it besides the weighing
// (WorkedHost.cs). Usage: BindingTest.exe CONFIG, or BindingTest.exe --old-abi with a
// libzvhpga.so.1 on the loader's path that claims ABI version 0 (tests/cli/fake_plugin.c).
using System;
using System.Collections.Generic;
using System.Text;
using Zvhpga;

public static class BindingTest
{
    static readonly byte[] Worklist = Encoding.UTF8.GetBytes("<ListWorklistRequest xmlns=\"urn:nl:zvh-pga:contract:1\"/>");
    static readonly Caller Chair = new Caller("gemeente-utrecht", "binding-test", "weegploeg-chair");

    sealed class Failed : Exception
    {
        public Failed(string message) : base(message) { }
    }

    static T ExpectThrows<T>(Action action) where T : Exception
    {
        try
        {
            action();
        }
        catch (T expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            throw new Failed("threw " + other.GetType().Name + " (" + other.Message + "), expected " + typeof(T).Name);
        }
        throw new Failed("threw nothing, expected " + typeof(T).Name);
    }

    static void ExpectEqual(object expected, object actual)
    {
        if (!expected.Equals(actual)) throw new Failed(actual + ", expected " + expected);
    }

    static int Run(List<KeyValuePair<string, Action>> checks)
    {
        int failed = 0;
        foreach (KeyValuePair<string, Action> check in checks)
        {
            try
            {
                check.Value();
                Console.WriteLine("ok   " + check.Key);
            }
            catch (Exception failure)
            {
                failed++;
                Console.WriteLine("FAIL " + check.Key + ": " + failure.Message);
            }
        }
        Console.WriteLine((checks.Count - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    public static int Main(string[] arguments)
    {
        List<KeyValuePair<string, Action>> checks = new List<KeyValuePair<string, Action>>();
        Action<string, Action> add = (name, check) => checks.Add(new KeyValuePair<string, Action>(name, check));
        if (arguments[0] == "--old-abi")
        {
            add("a plugin of an older ABI is refused on load, naming both versions", () =>
            {
                AbiMismatchException refused = ExpectThrows<AbiMismatchException>(() => new Instance("unused.xml"));
                ExpectEqual(true, refused.Message.EndsWith("has zvh-pga ABI version 0; this binding needs version 4 or later"));
            });
            return Run(checks);
        }
        string config = arguments[0];
        add("a call after dispose throws ClosedException without calling the plugin", () =>
        {
            Instance instance = new Instance(config);
            using (instance) instance.Call(Chair, Worklist);
            ExpectThrows<ClosedException>(() => instance.Call(Chair, Worklist));
        });
        add("disposing twice is harmless", () =>
        {
            Instance instance = new Instance(config);
            instance.Dispose();
            instance.Dispose();
        });
        add("a refusal is thrown as RejectedException with its code and Error document", () =>
        {
            using (Instance instance = new Instance(config))
            {
                RejectedException refused = ExpectThrows<RejectedException>(
                    () => instance.Call(Chair, Encoding.UTF8.GetBytes("<ListWorklistRequest")));
                ExpectEqual("malformed-xml", refused.Code);
                ExpectEqual("ZVHPGA_REJECTED", refused.StatusName);
                ExpectEqual(true, Encoding.UTF8.GetString(refused.Document).Contains("malformed-xml"));
            }
        });
        add("a configuration path with a NUL is an invalid argument",
            () => ExpectThrows<InvalidArgumentException>(() => new Instance(config + "\0.unused")));
        add("a missing configuration is a ConfigException with the plugin's message", () =>
        {
            ConfigException refused = ExpectThrows<ConfigException>(() => new Instance(config + ".missing"));
            ExpectEqual(true, refused.Message.Contains(".missing"));
        });
        return Run(checks);
    }
}
