#!/usr/bin/env python3
"""A worked host: the whole weighing of one signal through the Python binding, in this process,
against the real plugin on the configuration's store. Every step's result is checked; a failed
check ends the run with a message naming the step.

    worked_host.py EXAMPLES_DIR THREADS CONFIG

EXAMPLES_DIR holds the request documents of examples/; THREADS threads each weigh a signal of
their own on one shared Instance, as the C ABI allows. The plugin is $ZVHPGA_LIBRARY, else the
installed one.
"""

import re
import sys
import threading
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import zvhpga

GEMEENTE = zvhpga.Caller("gemeente-utrecht", "worked-host", "weegploeg-member")
POLITIE = zvhpga.Caller("politie-midden-nederland", "worked-host", "weegploeg-member")
OM = zvhpga.Caller("om-midden-nederland", "worked-host", "weegploeg-member")
INTAKE = zvhpga.Caller("gemeente-utrecht", "worked-host", "intake-officer")
CHAIR = zvhpga.Caller("gemeente-utrecht", "worked-host", "weegploeg-chair")


class StepFailed(Exception):
    pass


def text_of(document, name):
    """The text of the first element with this local name in a response document."""
    for element in ElementTree.fromstring(document).iter():
        if element.tag == name or element.tag.endswith("}" + name):
            return element.text
    return None


def weigh(instance, examples):
    """Register, three contributions with the decision refused before the third, the decision,
    the dossier read back. Returns the signal id."""

    def request(example, signal_id=None):
        document = (examples / example).read_bytes()
        if signal_id is not None:
            document = re.sub(rb"<signalId>[^<]*</signalId>",
                              b"<signalId>" + signal_id.encode() + b"</signalId>", document)
        return document

    def expect(step, response, name, value):
        found = text_of(response, name)
        if found != value:
            raise StepFailed(f"{step}: {name} is {found!r}, expected {value!r}")

    registered = instance.call(INTAKE, request("register-signal.xml"))
    expect("register", registered, "state", "received")
    signal_id = text_of(registered, "signalId")

    expect("gemeente contributes",
           instance.call(GEMEENTE, request("contribution-gemeente.xml", signal_id)),
           "state", "awaiting-contributions")
    expect("politie contributes",
           instance.call(POLITIE, request("contribution-politie.xml", signal_id)),
           "state", "awaiting-contributions")
    try:
        instance.call(CHAIR, request("record-decision.xml", signal_id))
        raise StepFailed("decision without OM: accepted, expected contributions-missing")
    except zvhpga.RejectedError as refused:
        if refused.code != "contributions-missing":
            raise StepFailed(f"decision without OM: {refused.code}, expected contributions-missing")
    expect("om contributes", instance.call(OM, request("contribution-om.xml", signal_id)),
           "state", "ready-for-weighing")
    expect("decision", instance.call(CHAIR, request("record-decision.xml", signal_id)),
           "state", "decided")
    read_back = instance.call(CHAIR, request("get-signal.xml", signal_id))
    expect("read back", read_back, "state", "decided")
    expect("read back", read_back, "outcome", "include-in-casusoverleg")
    return signal_id


def weigh_in_threads(instance, examples, threads):
    """Each thread weighs a signal of its own on the one instance; all must succeed."""
    signal_ids, failures = [], []

    def run():
        try:
            signal_ids.append(weigh(instance, examples))
        except Exception as failure:  # reported below, with every other thread's
            failures.append(failure)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise StepFailed("; ".join(str(failure) for failure in failures))
    if len(set(signal_ids)) != threads:
        raise StepFailed(f"{threads} threads weighed {len(set(signal_ids))} distinct signals")
    return signal_ids


def main(arguments):
    if len(arguments) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    examples, threads, config = Path(arguments[0]), int(arguments[1]), arguments[2]
    with zvhpga.Instance(config) as instance:
        try:
            signal_ids = weigh_in_threads(instance, examples, threads)
        except (StepFailed, zvhpga.ZvhpgaError) as failure:
            print(f"worked host: {failure}", file=sys.stderr)
            return 1
    print(f"worked host (plugin {instance.plugin_version}): {len(signal_ids)} signal(s) weighed "
          f"on {threads} thread(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
