#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/seed-*) from the
contract's examples and the shipped configurations, plus the hostile inputs every target must
refuse. Run it after the examples change; files found by campaigns (crash-*, found-*) are kept.
Usage: tests/fuzz/make_seeds.py"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"

# Who sends each example: (organisation, role), as in the plugin tests.
SENDERS = {
    "register-signal.xml": ("gemeente-utrecht", "intake-officer"),
    "contribution-gemeente.xml": ("gemeente-utrecht", "weegploeg-member"),
    "contribution-politie.xml": ("politie-midden-nederland", "weegploeg-member"),
    "contribution-om.xml": ("om-midden-nederland", "weegploeg-member"),
    "revise-contribution-om.xml": ("om-midden-nederland", "weegploeg-member"),
    "record-decision.xml": ("gemeente-utrecht", "weegploeg-chair"),
    "close-signal.xml": ("gemeente-utrecht", "weegploeg-chair"),
    "get-signal.xml": ("gemeente-utrecht", "weegploeg-chair"),
    "list-worklist.xml": ("gemeente-utrecht", "weegploeg-chair"),
    "verify-audit-trail.xml": ("zvh-utrecht", "privacy-officer"),
    "export-subject-data.xml": ("zvh-utrecht", "privacy-officer"),
    "release-subject-data.xml": ("zvh-utrecht", "privacy-officer"),
    "withhold-item.xml": ("zvh-utrecht", "privacy-officer"),
    "is-person-known.xml": ("gemeente-utrecht", "weegploeg-member"),
}

HOSTILE = {
    "doctype": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<GetSignalRequest xmlns="urn:nl:zvh-pga:contract:1">&x;</GetSignalRequest>',
    "entity-bomb": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                   b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                   b'<GetSignalRequest xmlns="urn:nl:zvh-pga:contract:1">&c;</GetSignalRequest>',
    "deep-nesting": b'<GetSignalRequest xmlns="urn:nl:zvh-pga:contract:1">' + b"<a>" * 5000
                    + b"</a>" * 5000 + b"</GetSignalRequest>",
    "latin1": '<?xml version="1.0" encoding="ISO-8859-1"?><GetSignalRequest '
              'xmlns="urn:nl:zvh-pga:contract:1"><signalId>caf\u00e9</signalId></GetSignalRequest>'
              .encode("latin-1"),
    "other-namespace": b'<GetSignalRequest xmlns="urn:example:other"/>',
}


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"seed-{name}").write_bytes(data)


def with_requested_by(document, organisation, role):
    """The document with requestedBy as its first child, as a SOAP caller sends it."""
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", document)
    requested_by = f"<requestedBy><user>fuzz</user><role>{role}</role></requestedBy>"
    empty = re.match(r"<(\w+)([^>]*)/>", text)
    if empty:
        return f"<{empty.group(1)}{empty.group(2)}>{requested_by}</{empty.group(1)}>"
    return re.sub(r"^(<[^>]*>)", lambda m: m.group(1) + requested_by, text, count=1)


def http_post(body, action):
    envelope = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header>'
        "<wsa:To>https://localhost/zvh-pga?OIN=00000099823288444000</wsa:To>"
        f"<wsa:Action>urn:nl:zvh-pga:contract:1/{action}</wsa:Action>"
        "<wsa:MessageID>urn:uuid:5f0c1f0e-7f4e-4b7a-9d51-0d1c2b3a4e5f</wsa:MessageID>"
        f"</soap:Header><soap:Body>{body}</soap:Body></soap:Envelope>"
    ).encode()
    head = (
        "POST /zvh-pga HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n"
        f'SOAPAction: "urn:nl:zvh-pga:contract:1/{action}"\r\n'
        f"Content-Length: {len(envelope)}\r\n\r\n"
    ).encode()
    return head + envelope


# The abi_call target's first byte chooses the entry point (tests/fuzz/abi_call_fuzzer.cpp).
ENTRY_POINTS = ["call", "open", "service", "migrate", "check-catalogue", "diagnose",
                "run-retention", "verify-statement", "rotate-master-key"]

# Its flags for the entry points other than zvhpga_call, and which of them each one takes.
HOST_FLAGS = ["null-path", "named-path", "null-text", "null-report", "null-error",
              "short-outputs", "newer-outputs", "null-handle"]
OUTPUT_FLAGS = ["null-report", "null-error", "short-outputs", "newer-outputs"]
PATH_FLAGS = ["null-path", "named-path"]
FLAGS_TAKEN = {
    "open": PATH_FLAGS + ["null-error", "short-outputs", "newer-outputs", "null-handle"],
    "service": OUTPUT_FLAGS + ["null-handle"],
    "migrate": PATH_FLAGS + OUTPUT_FLAGS,
    "check-catalogue": PATH_FLAGS + ["null-text"] + OUTPUT_FLAGS,
    "diagnose": PATH_FLAGS + ["null-report", "short-outputs", "newer-outputs"],
    "run-retention": OUTPUT_FLAGS + ["null-handle"],
    "verify-statement": PATH_FLAGS + ["null-text"] + OUTPUT_FLAGS,
    "rotate-master-key": PATH_FLAGS + OUTPUT_FLAGS,
}

# A statement of destruction as zvhpga_run_retention writes one, with a MAC no key made.
STATEMENT = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
             b'<statementOfDestruction xmlns="urn:nl:zvh-pga:retention:1">\n'
             b'  <category rule="closed-no-action" policyVersion="2026-1"/>\n'
             b"  <mac>" + b"0" * 64 + b"</mac>\n</statementOfDestruction>\n")


def abi_call(flags, organisation, user, role, document):
    fields = [organisation.encode(), user.encode(), role.encode()]
    return bytes([ENTRY_POINTS.index("call"), flags] + [len(f) for f in fields]) \
        + b"".join(fields) + document


def abi_host_call(entry_point, flags, text=b"", name=b"zvhpga.xml"):
    flag_bits = sum(1 << HOST_FLAGS.index(flag) for flag in flags)
    return bytes([ENTRY_POINTS.index(entry_point), flag_bits, len(name)]) + name + text


def main():
    for example, (organisation, role) in SENDERS.items():
        document = (ROOT / "examples" / example).read_text(encoding="utf-8")
        stem = example.removesuffix(".xml")
        action = re.search(r"<(\w+)Request", document).group(1)
        write("request_document", stem, document.encode())
        write("abi_call", stem, abi_call(0, organisation, "fuzz", role, document.encode()))
        write("soap_exchange", stem, http_post(with_requested_by(document, organisation, role), action))
    for name, data in HOSTILE.items():
        write("request_document", name, data)
        write("abi_call", name, abi_call(0, "gemeente-utrecht", "fuzz", "weegploeg-chair", data))
    get_signal = (ROOT / "examples" / "get-signal.xml").read_bytes()
    for flag in range(8):  # each calling-convention breach on its own
        write("abi_call", f"flag-{flag}", abi_call(1 << flag, "gemeente-utrecht", "fuzz",
                                                  "weegploeg-chair", get_signal))
    texts = {
        "check-catalogue": (ROOT / "config" / "criteria" / "pga-criteria-2026-1.xml").read_bytes(),
        "verify-statement": STATEMENT,
    }
    for entry_point, flags in FLAGS_TAKEN.items():
        text = texts.get(entry_point, b"")
        write("abi_call", entry_point, abi_host_call(entry_point, [], text))
        for flag in flags:  # each breach, and each output not asked for, on its own
            write("abi_call", f"{entry_point}-{flag}", abi_host_call(entry_point, [flag], text))
    write("soap_exchange", "chunked", b"POST /zvh-pga HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n"
          b"Transfer-Encoding: chunked\r\n\r\n5\r\n<a/>\n\r\n0\r\n\r\n")
    for config in ("zvhpga.xml", "zvhpga-dev.xml"):
        write("configuration", config.removesuffix(".xml"), (ROOT / "config" / config).read_bytes())
    for catalogue in sorted((ROOT / "config" / "criteria").glob("*.xml")):
        write("criteria_catalogue", catalogue.stem, catalogue.read_bytes())
    for policy in sorted((ROOT / "config" / "retention").glob("*.xml")):
        write("retention_policy", policy.stem, policy.read_bytes())


if __name__ == "__main__":
    main()
