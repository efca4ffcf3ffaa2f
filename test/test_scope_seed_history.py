# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/scope_seed_history.py: the seed rules' terms of every version, found from the newest."""

import os
import sys
import unittest
from unittest import mock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import scope_classifier  # noqa: E402
import scope_seed_history  # noqa: E402

SEED_XML = os.path.join(ROOT, "addon_amc", "data", "amc_scope_rule_data.xml")

HISTORY = (
    ("1.1", {"bugs": (("bug",), ("fault", "faults")), "import": (("importera*",), ("importera",))}),
    ("1.2", {"bugs": (("faults",), ()), "other": (("zorblax",), ())}),
)


class TestSteps(unittest.TestCase):
    def test_each_version_is_found_by_walking_back_from_the_newest(self):
        current = {"bugs": ("crash", "fault"), "import": ("import", "importera"), "other": ("quux",)}
        with mock.patch.object(scope_seed_history, "CHANGES", HISTORY):
            steps = scope_seed_history.steps(current)
        self.assertEqual(list(steps), ["1.2", "1.1"])
        self.assertEqual(steps["1.2"]["bugs"], (("crash", "fault", "faults"), ("crash", "fault")))
        self.assertEqual(steps["1.2"]["other"], (("quux", "zorblax"), ("quux",)))
        # 1.1's terms after are 1.2's terms before, not the seed file's
        self.assertEqual(steps["1.1"]["bugs"], (("crash", "bug"), ("crash", "fault", "faults")))
        self.assertEqual(steps["1.1"]["import"], (("import", "importera*"), ("import", "importera")))
        self.assertNotIn("other", steps["1.1"])

    def test_a_history_that_does_not_fit_the_seed_file_is_refused(self):
        with mock.patch.object(scope_seed_history, "CHANGES", HISTORY):
            with self.assertRaisesRegex(ValueError, r"1\.2 bugs: .*removed terms \['faults'\] still are"):
                scope_seed_history.steps({"bugs": ("fault", "faults"), "import": ("importera",), "other": ()})
            with self.assertRaisesRegex(ValueError, r"1\.1 import: added terms \['importera'\] are not"):
                scope_seed_history.steps({"bugs": ("crash", "fault"), "import": ("import",), "other": ()})

    def test_the_shipped_history_fits_the_shipped_seed_file(self):
        current = {
            rule.id: scope_classifier.parse_terms(rule.terms) for rule in scope_classifier.load_rules_xml(SEED_XML)
        }
        steps = scope_seed_history.steps(current)
        self.assertEqual(list(steps), [version for version, _changes in reversed(scope_seed_history.CHANGES)])
        for version, changes in scope_seed_history.CHANGES:
            for xml_id, (removed, added) in changes.items():
                before, after = steps[version][xml_id]
                self.assertTrue(set(removed) <= set(before) and not set(removed) & set(after), (version, xml_id))
                self.assertTrue(set(added) <= set(after), (version, xml_id))


if __name__ == "__main__":
    unittest.main()
