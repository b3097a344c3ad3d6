#!/usr/bin/env python3
"""The Python binding against the real plugin: what a host gets from it besides the weighing
(worked_host.py). Usage: test_zvhpga.py CONFIG, with $ZVHPGA_LIBRARY naming the plugin and
$ZVHPGA_OLD_ABI_PLUGIN a shared object that claims ABI version 0 (tests/cli/fake_plugin.c)."""

import os
import sys
import unittest

import zvhpga

CONFIG = sys.argv.pop() if __name__ == "__main__" else None
WORKLIST = b'<ListWorklistRequest xmlns="urn:nl:zvh-pga:contract:1"/>'
CHAIR = zvhpga.Caller("gemeente-utrecht", "binding-test", "weegploeg-chair")


class Binding(unittest.TestCase):
    def test_a_call_after_close_raises_closed_error_without_calling_the_plugin(self):
        with zvhpga.Instance(CONFIG) as instance:
            instance.call(CHAIR, WORKLIST)
        with self.assertRaises(zvhpga.ClosedError):
            instance.call(CHAIR, WORKLIST)

    def test_closing_twice_is_harmless(self):
        instance = zvhpga.Instance(CONFIG)
        instance.close()
        instance.close()

    def test_a_refusal_is_raised_with_its_code_and_error_document(self):
        with zvhpga.Instance(CONFIG) as instance:
            with self.assertRaises(zvhpga.RejectedError) as refused:
                instance.call(CHAIR, b"<ListWorklistRequest")
        self.assertEqual(refused.exception.code, "malformed-xml")
        self.assertEqual(refused.exception.status_name, "ZVHPGA_REJECTED")
        self.assertIn(b"malformed-xml", refused.exception.document)

    def test_a_nul_inside_the_request_reaches_the_plugin_and_is_refused(self):
        with zvhpga.Instance(CONFIG) as instance:
            with self.assertRaises(zvhpga.RejectedError) as refused:
                instance.call(CHAIR, WORKLIST + b"\0<Ignored/>")
        self.assertEqual(refused.exception.code, "malformed-xml")

    def test_a_configuration_path_with_a_nul_is_an_invalid_argument(self):
        with self.assertRaises(zvhpga.InvalidArgumentError):
            zvhpga.Instance(CONFIG + "\0.unused")

    def test_a_missing_configuration_is_a_config_error_with_the_plugins_message(self):
        with self.assertRaises(zvhpga.ConfigError) as refused:
            zvhpga.Instance(CONFIG + ".missing")
        self.assertIn(".missing", str(refused.exception))

    def test_a_library_that_is_no_zvhpga_plugin_is_refused_on_load(self):
        with self.assertRaisesRegex(zvhpga.AbiMismatchError, "is not a zvh-pga plugin"):
            zvhpga.load("libc.so.6")

    def test_a_plugin_of_an_older_abi_is_refused_on_load_naming_both_versions(self):
        with self.assertRaisesRegex(zvhpga.AbiMismatchError,
                                    "ABI version 0; this binding needs version 4 or later"):
            zvhpga.load(os.environ["ZVHPGA_OLD_ABI_PLUGIN"])

if __name__ == "__main__":
    unittest.main()
