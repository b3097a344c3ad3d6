"""zvhpga: the zvh-pga plugin (libzvhpga.so) in a Python 3 process, through ctypes.

A thin binding of the C ABI (docs/abi.md): the plugin is loaded once and never unloaded, an
Instance is a context manager over one zvhpga_instance, requests and responses are bytes (UTF-8
XML documents of the contract), and every status but ZVHPGA_OK is raised as the exception of
its class, carrying the Error document the plugin answered with.

    import zvhpga
    with zvhpga.Instance("/etc/zvh-pga/zvhpga.xml") as instance:
        caller = zvhpga.Caller("gemeente-utrecht", "a.jansen", "weegploeg-member")
        response = instance.call(caller, request_bytes)

One Instance may be shared by threads: ctypes lets go of the GIL while the plugin works.
"""

import ctypes
import os
import threading
import xml.etree.ElementTree as ElementTree
from typing import NamedTuple, Optional

__all__ = [
    "ABI_VERSION", "Caller", "Instance", "load",
    "ZvhpgaError", "InvalidArgumentError", "AbiMismatchError", "ConfigError", "RejectedError",
    "UnavailableError", "InternalError", "ClosedError",
]

# The ABI version this binding was written against (ZVHPGA_ABI_VERSION in zvhpga.h).
ABI_VERSION = 4
_ABI_MAGIC = 0x5A564850
# The plugin's soname; ZVHPGA_LIBRARY names another file (a build tree, a test).
_DEFAULT_LIBRARY = "libzvhpga.so.1"


class ZvhpgaError(Exception):
    """A status other than ZVHPGA_OK. `status` is the number, `status_name` the plugin's name for
    it, `document` the Error document (bytes, or None), `code` its stable code (docs/errors.md)."""

    status = None

    def __init__(self, message, status_name=None, document=None, code=None):
        super().__init__(message)
        self.status_name = status_name
        self.document = document
        self.code = code


class InvalidArgumentError(ZvhpgaError):
    """ZVHPGA_INVALID_ARGUMENT: the calling convention was broken (a NUL in a path, ...)."""
    status = 1


class AbiMismatchError(ZvhpgaError):
    """ZVHPGA_ABI_MISMATCH, or a plugin whose ABI this binding cannot use."""
    status = 2


class ConfigError(ZvhpgaError):
    """ZVHPGA_CONFIG_ERROR: the configuration could not be read or used."""
    status = 3


class RejectedError(ZvhpgaError):
    """ZVHPGA_REJECTED: the request was refused; nothing was changed."""
    status = 4


class UnavailableError(ZvhpgaError):
    """ZVHPGA_UNAVAILABLE: the database is unavailable; the same request may be sent again."""
    status = 5


class InternalError(ZvhpgaError):
    """ZVHPGA_INTERNAL: anything else."""
    status = 6


class ClosedError(ZvhpgaError):
    """The Instance was closed; the plugin is not called."""


_ERRORS = {error.status: error for error in (InvalidArgumentError, AbiMismatchError, ConfigError,
                                             RejectedError, UnavailableError, InternalError)}


class _AbiInfo(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("abi_version", ctypes.c_uint32),
                ("magic", ctypes.c_uint32), ("reserved", ctypes.c_uint32),
                ("plugin_version", ctypes.c_char_p), ("contract_namespace", ctypes.c_char_p)]


class _Caller(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("abi_version", ctypes.c_uint32),
                ("organisation", ctypes.c_char_p), ("organisation_size", ctypes.c_size_t),
                ("user", ctypes.c_char_p), ("user_size", ctypes.c_size_t),
                ("role", ctypes.c_char_p), ("role_size", ctypes.c_size_t),
                ("message_id", ctypes.c_char_p), ("message_id_size", ctypes.c_size_t)]


class _Output(ctypes.Structure):
    # data as a void pointer, not c_char_p: ctypes would copy a c_char_p up to its first NUL
    # and lose the pointer that zvhpga_free needs.
    _fields_ = [("struct_size", ctypes.c_uint32), ("abi_version", ctypes.c_uint32),
                ("data", ctypes.c_void_p), ("size", ctypes.c_size_t)]


class _Library:
    """The loaded plugin with its functions typed, and its ABI checked."""

    def __init__(self, path):
        # Loaded once and never unloaded (docs/abi.md): the handle lives as long as the process.
        # RTLD_NODELETE keeps it mapped even if something in the process does dlclose it.
        self.lib = ctypes.CDLL(path, mode=os.RTLD_NOW | os.RTLD_LOCAL | os.RTLD_NODELETE)
        lib = self.lib
        try:
            get_abi_info = lib.zvhpga_get_abi_info
        except AttributeError:
            raise AbiMismatchError(f"{path} is not a zvh-pga plugin") from None
        get_abi_info.restype = ctypes.POINTER(_AbiInfo)
        get_abi_info.argtypes = []
        info = get_abi_info()
        if not info or info.contents.magic != _ABI_MAGIC:
            raise AbiMismatchError(f"{path} is not a zvh-pga plugin")
        info = info.contents
        if info.abi_version < ABI_VERSION or info.struct_size < ctypes.sizeof(_AbiInfo):
            raise AbiMismatchError(
                f"{path} has zvh-pga ABI version {info.abi_version}; this binding needs "
                f"version {ABI_VERSION} or later")
        self.plugin_version = info.plugin_version.decode("utf-8")
        self.contract_namespace = info.contract_namespace.decode("utf-8")
        handle = ctypes.c_void_p
        lib.zvhpga_open.restype = ctypes.c_int
        lib.zvhpga_open.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(handle),
                                    ctypes.POINTER(_Output)]
        lib.zvhpga_close.restype = None
        lib.zvhpga_close.argtypes = [handle]
        lib.zvhpga_call.restype = ctypes.c_int
        lib.zvhpga_call.argtypes = [handle, ctypes.POINTER(_Caller), ctypes.c_char_p,
                                    ctypes.c_size_t, ctypes.POINTER(_Output)]
        lib.zvhpga_free.restype = None
        lib.zvhpga_free.argtypes = [ctypes.POINTER(_Output)]
        lib.zvhpga_status_name.restype = ctypes.c_char_p
        lib.zvhpga_status_name.argtypes = [ctypes.c_int]

    def status_name(self, status):
        return self.lib.zvhpga_status_name(status).decode("ascii")

    def take(self, output):
        """The bytes of an output, which is then freed by the plugin's own free function."""
        try:
            return ctypes.string_at(output.data, output.size) if output.data else None
        finally:
            self.lib.zvhpga_free(ctypes.byref(output))


_loaded = {}
_loading = threading.Lock()


def load(path=None):
    """The plugin at path (default: $ZVHPGA_LIBRARY, else the installed libzvhpga.so.1), loaded
    once per process and checked: AbiMismatchError when it is no zvh-pga plugin of ABI_VERSION
    or later."""
    path = path or os.environ.get("ZVHPGA_LIBRARY") or _DEFAULT_LIBRARY
    with _loading:
        if path not in _loaded:
            _loaded[path] = _Library(path)
        return _loaded[path]


def _empty_output():
    return _Output(ctypes.sizeof(_Output), ABI_VERSION, None, 0)


def _error_code(document):
    """The code of an Error document, or None."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        return None
    for element in root.iter():
        if element.tag == "code" or element.tag.endswith("}code"):
            return element.text
    return None


def _raise(library, status, document=None, message=None):
    error = _ERRORS.get(status, InternalError)
    name = library.status_name(status)
    code = _error_code(document) if document and document.lstrip().startswith(b"<") else None
    if message is None:
        message = document.decode("utf-8", "replace") if document else name
    raise error(message, status_name=name, document=document, code=code)


class Caller(NamedTuple):
    """Who calls: a partner's id or OIN, the user as the host authenticated them, a role of
    docs/roles.md, and optionally the id of the message that carried the request."""
    organisation: str
    user: str
    role: str
    message_id: Optional[str] = None


def _utf8(text):
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


class Instance:
    """One instance of the plugin, opened from a configuration file; a context manager. Closing
    is idempotent; any call after it raises ClosedError."""

    def __init__(self, config_path, library=None):
        self._library = library if isinstance(library, _Library) else load(library)
        self._handle = ctypes.c_void_p()
        self._closed = False
        path = os.fsencode(config_path)
        error = _empty_output()
        status = self._library.lib.zvhpga_open(path, len(path), ctypes.byref(self._handle),
                                               ctypes.byref(error))
        message = self._library.take(error)
        if status != 0:
            self._closed = True
            _raise(self._library, status,
                   message=message.decode("utf-8", "replace") if message else None)

    @property
    def plugin_version(self):
        return self._library.plugin_version

    def call(self, caller, request):
        """Sends one request document (bytes) as caller; returns the response document (bytes).
        A status other than ZVHPGA_OK raises its exception with the Error document."""
        if self._closed:
            raise ClosedError("the zvh-pga instance is closed")
        fields = [_utf8(caller.organisation), _utf8(caller.user), _utf8(caller.role),
                  _utf8(caller.message_id) if caller.message_id is not None else None]
        native = _Caller(ctypes.sizeof(_Caller), ABI_VERSION,
                         fields[0], len(fields[0]), fields[1], len(fields[1]),
                         fields[2], len(fields[2]),
                         fields[3], len(fields[3]) if fields[3] is not None else 0)
        request = bytes(request)
        response = _empty_output()
        status = self._library.lib.zvhpga_call(self._handle, ctypes.byref(native), request,
                                               len(request), ctypes.byref(response))
        document = self._library.take(response)
        if status == 0:
            return document
        if self._closed:
            # Closed by another thread while this call was on its way: the plugin refused the
            # handle, and the reason is the close.
            raise ClosedError("the zvh-pga instance is closed")
        _raise(self._library, status, document)

    def close(self):
        """Closes the instance; closing again does nothing."""
        if not self._closed:
            self._closed = True
            self._library.lib.zvhpga_close(self._handle)

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()
