# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import email
import os
import sys
import unittest

_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

from mail_headers import is_auto_submitted  # noqa: E402


def parsed(headers):
    text = "".join(f"{name}: {value}\n" for name, value in headers) + "\nbody\n"
    return email.message_from_string(text)


class TestAutoSubmitted(unittest.TestCase):
    def test_machines(self):
        for headers in (
            [("Auto-Submitted", "auto-replied")],
            [("Auto-Submitted", "auto-generated")],
            [("Auto-Submitted", "Auto-Replied (vacation)")],
            [("Precedence", "bulk")],
            [("Precedence", "auto_reply")],
            [("Precedence", "Junk")],
            [("X-Autoreply", "yes")],
            [("X-Autorespond", "vacation")],
        ):
            with self.subTest(headers=headers):
                self.assertTrue(is_auto_submitted(parsed(headers).get))

    def test_people(self):
        for headers in (
            [],
            [("Auto-Submitted", "no")],
            [("Auto-Submitted", "No")],
            [("Precedence", "first-class")],
            [("X-Auto-Response-Suppress", "All")],  # Outlook sets it on people's mail too
            [("X-Autoreply", "")],
        ):
            with self.subTest(headers=headers):
                self.assertFalse(is_auto_submitted(parsed(headers).get))


if __name__ == "__main__":
    unittest.main()
