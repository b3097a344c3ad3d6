// Zvhpga.cs: the zvh-pga plugin (libzvhpga.so) in a .NET process through P/Invoke. One source,
// in the C# that both Debian's mono-devel (mcs) and the .NET SDK compile, with nothing but the
// base class library: an Instance (IDisposable over a SafeHandle) opened from a configuration
// file, request and response documents as UTF-8 byte arrays, an exception per status carrying the
// plugin's Error document, and the plugin's ABI checked before anything else is called.
//
// The plugin is found by its soname, libzvhpga.so.1, the way the system's loader finds it
// (installed, or LD_LIBRARY_PATH); neither runtime unloads a P/Invoke library, as docs/abi.md
// requires.
using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace Zvhpga
{
    /// <summary>A status other than ZVHPGA_OK. Document is the Error document (UTF-8, or
    /// null), Code its stable code (docs/errors.md).</summary>
    public class ZvhpgaException : Exception
    {
        public ZvhpgaException(string message, string statusName, byte[] document, string code)
            : base(message)
        {
            StatusName = statusName;
            Document = document;
            Code = code;
        }

        public string StatusName { get; private set; }
        public byte[] Document { get; private set; }
        public string Code { get; private set; }

        internal static ZvhpgaException Of(int status, string statusName, string message,
                                           byte[] document, string code)
        {
            switch (status)
            {
                case 1: return new InvalidArgumentException(message, statusName, document, code);
                case 2: return new AbiMismatchException(message, statusName, document, code);
                case 3: return new ConfigException(message, statusName, document, code);
                case 4: return new RejectedException(message, statusName, document, code);
                case 5: return new UnavailableException(message, statusName, document, code);
                default: return new InternalException(message, statusName, document, code);
            }
        }
    }

    /// <summary>ZVHPGA_INVALID_ARGUMENT: the calling convention was broken (a NUL in a path, ...).</summary>
    public sealed class InvalidArgumentException : ZvhpgaException
    {
        public InvalidArgumentException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>ZVHPGA_ABI_MISMATCH, or a plugin whose ABI this binding cannot use.</summary>
    public sealed class AbiMismatchException : ZvhpgaException
    {
        public AbiMismatchException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>ZVHPGA_CONFIG_ERROR: the configuration could not be read or used.</summary>
    public sealed class ConfigException : ZvhpgaException
    {
        public ConfigException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>ZVHPGA_REJECTED: the request was refused; nothing was changed.</summary>
    public sealed class RejectedException : ZvhpgaException
    {
        public RejectedException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>ZVHPGA_UNAVAILABLE: the database is unavailable; the same request may be sent again.</summary>
    public sealed class UnavailableException : ZvhpgaException
    {
        public UnavailableException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>ZVHPGA_INTERNAL, or a status this binding does not know.</summary>
    public sealed class InternalException : ZvhpgaException
    {
        public InternalException(string m, string s, byte[] d, string c) : base(m, s, d, c) { }
    }

    /// <summary>The instance was disposed; the plugin was not called.</summary>
    public sealed class ClosedException : ZvhpgaException
    {
        public ClosedException() : base("the zvh-pga instance is closed", null, null, null) { }
    }

    /// <summary>Who calls: a partner's id or OIN, the user as the host authenticated them, a
    /// role of docs/roles.md, and optionally (null) the id of the message that carried the
    /// request.</summary>
    public sealed class Caller
    {
        public Caller(string organisation, string user, string role, string messageId = null)
        {
            Organisation = organisation;
            User = user;
            Role = role;
            MessageId = messageId;
        }

        public string Organisation { get; private set; }
        public string User { get; private set; }
        public string Role { get; private set; }
        public string MessageId { get; private set; }
    }

    internal sealed class InstanceHandle : SafeHandle
    {
        public InstanceHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        // Runs once, after the last call that holds the handle has returned.
        protected override bool ReleaseHandle()
        {
            Native.zvhpga_close(handle);
            return true;
        }
    }

    internal static class Native
    {
        internal const string Library = "libzvhpga.so.1";

        [StructLayout(LayoutKind.Sequential)]
        internal struct AbiInfo
        {
            public uint StructSize, AbiVersion, Magic, Reserved;
            public IntPtr PluginVersion, ContractNamespace;
        }

        // size_t is UIntPtr: its width on every platform, unlike C's long.
        [StructLayout(LayoutKind.Sequential)]
        internal struct CallerStruct
        {
            public uint StructSize, AbiVersion;
            public IntPtr Organisation;
            public UIntPtr OrganisationSize;
            public IntPtr User;
            public UIntPtr UserSize;
            public IntPtr Role;
            public UIntPtr RoleSize;
            public IntPtr MessageId;
            public UIntPtr MessageIdSize;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal struct Output
        {
            public uint StructSize, AbiVersion;
            public IntPtr Data;
            public UIntPtr Size;
        }

        [DllImport(Library)] internal static extern IntPtr zvhpga_get_abi_info();
        [DllImport(Library)] internal static extern int zvhpga_open(byte[] path, UIntPtr size, out InstanceHandle instance, ref Output error);
        [DllImport(Library)] internal static extern void zvhpga_close(IntPtr instance);
        [DllImport(Library)] internal static extern int zvhpga_call(InstanceHandle instance, ref CallerStruct caller, byte[] request, UIntPtr size, ref Output response);
        [DllImport(Library)] internal static extern void zvhpga_free(ref Output output);
        [DllImport(Library)] internal static extern IntPtr zvhpga_status_name(int status);
    }

    /// <summary>The loaded plugin, its ABI checked once per process.</summary>
    public static class Plugin
    {
        /// <summary>The ABI version this binding was written against (ZVHPGA_ABI_VERSION).</summary>
        public const uint AbiVersion = 4;
        private const uint AbiMagic = 0x5A564850;
        private static readonly Lazy<string> version = new Lazy<string>(CheckAbi);

        /// <summary>The plugin's version; throws AbiMismatchException when the loaded library
        /// is not a zvh-pga plugin of AbiVersion or later.</summary>
        public static string PluginVersion { get { return version.Value; } }

        private static string CheckAbi()
        {
            IntPtr at = Native.zvhpga_get_abi_info();
            if (at == IntPtr.Zero) throw Mismatch("is not a zvh-pga plugin");
            Native.AbiInfo info = (Native.AbiInfo)Marshal.PtrToStructure(at, typeof(Native.AbiInfo));
            if (info.Magic != AbiMagic) throw Mismatch("is not a zvh-pga plugin");
            if (info.AbiVersion < AbiVersion || info.StructSize < Marshal.SizeOf(typeof(Native.AbiInfo)))
                throw Mismatch("has zvh-pga ABI version " + info.AbiVersion +
                               "; this binding needs version " + AbiVersion + " or later");
            return Utf8At(info.PluginVersion);
        }

        private static AbiMismatchException Mismatch(string what)
        {
            return new AbiMismatchException(Native.Library + " " + what, null, null, null);
        }

        internal static string Utf8At(IntPtr text)
        {
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0) length++;
            byte[] bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        internal static Native.Output EmptyOutput()
        {
            Native.Output output = new Native.Output();
            output.StructSize = (uint)Marshal.SizeOf(typeof(Native.Output));
            output.AbiVersion = AbiVersion;
            return output;
        }

        /// <summary>The bytes of an output, which is then released by the plugin's own free.</summary>
        internal static byte[] Take(ref Native.Output output)
        {
            try
            {
                if (output.Data == IntPtr.Zero) return null;
                byte[] bytes = new byte[checked((int)output.Size.ToUInt64())];
                Marshal.Copy(output.Data, bytes, 0, bytes.Length);
                return bytes;
            }
            finally
            {
                Native.zvhpga_free(ref output);
            }
        }

        internal static ZvhpgaException Failure(int status, byte[] document, string message)
        {
            string name = Utf8At(Native.zvhpga_status_name(status));
            string text = message ?? (document != null ? Encoding.UTF8.GetString(document) : name);
            return ZvhpgaException.Of(status, name, text, document, document == null ? null : ErrorCode(document));
        }

        private static string ErrorCode(byte[] document)
        {
            XmlReaderSettings settings = new XmlReaderSettings();
            settings.DtdProcessing = DtdProcessing.Prohibit;
            settings.XmlResolver = null;
            try
            {
                using (XmlReader reader = XmlReader.Create(new MemoryStream(document), settings))
                {
                    while (reader.Read())
                        if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "code")
                            return reader.ReadElementContentAsString();
                }
            }
            catch (XmlException)
            {
            }
            return null;
        }
    }

    /// <summary>One instance of the plugin. Threads may share it (the C ABI allows concurrent
    /// calls); Dispose is idempotent, and a call after it throws ClosedException.</summary>
    public sealed class Instance : IDisposable
    {
        private readonly InstanceHandle handle;

        public Instance(string configPath)
        {
            string unused = Plugin.PluginVersion;  // the ABI check, before anything else is called
            byte[] path = Encoding.UTF8.GetBytes(configPath);
            Native.Output error = Plugin.EmptyOutput();
            int status = Native.zvhpga_open(path, new UIntPtr((uint)path.Length), out handle, ref error);
            byte[] message = Plugin.Take(ref error);
            if (status != 0)
            {
                handle.SetHandleAsInvalid();
                throw Plugin.Failure(status, null, message == null ? null : Encoding.UTF8.GetString(message));
            }
            GC.KeepAlive(unused);
        }

        /// <summary>Sends one request document as caller; returns the response document. A
        /// status other than ZVHPGA_OK throws its exception with the Error document.</summary>
        public byte[] Call(Caller caller, byte[] request)
        {
            if (handle.IsClosed) throw new ClosedException();
            byte[][] fields = {
                Encoding.UTF8.GetBytes(caller.Organisation), Encoding.UTF8.GetBytes(caller.User),
                Encoding.UTF8.GetBytes(caller.Role),
                caller.MessageId == null ? new byte[0] : Encoding.UTF8.GetBytes(caller.MessageId) };
            GCHandle[] pinned = new GCHandle[fields.Length];
            try
            {
                for (int i = 0; i < fields.Length; i++) pinned[i] = GCHandle.Alloc(fields[i], GCHandleType.Pinned);
                Native.CallerStruct identity = new Native.CallerStruct();
                identity.StructSize = (uint)Marshal.SizeOf(typeof(Native.CallerStruct));
                identity.AbiVersion = Plugin.AbiVersion;
                identity.Organisation = pinned[0].AddrOfPinnedObject();
                identity.OrganisationSize = new UIntPtr((uint)fields[0].Length);
                identity.User = pinned[1].AddrOfPinnedObject();
                identity.UserSize = new UIntPtr((uint)fields[1].Length);
                identity.Role = pinned[2].AddrOfPinnedObject();
                identity.RoleSize = new UIntPtr((uint)fields[2].Length);
                identity.MessageId = caller.MessageId == null ? IntPtr.Zero : pinned[3].AddrOfPinnedObject();
                identity.MessageIdSize = new UIntPtr((uint)fields[3].Length);
                Native.Output response = Plugin.EmptyOutput();
                int status;
                try
                {
                    status = Native.zvhpga_call(handle, ref identity, request, new UIntPtr((uint)request.Length), ref response);
                }
                catch (ObjectDisposedException)
                {
                    // Disposed by another thread between the check above and the call.
                    throw new ClosedException();
                }
                byte[] document = Plugin.Take(ref response);
                if (status != 0) throw Plugin.Failure(status, document, null);
                return document;
            }
            finally
            {
                foreach (GCHandle pin in pinned) if (pin.IsAllocated) pin.Free();
            }
        }

        public void Dispose()
        {
            handle.Dispose();
        }
    }
}
