# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of test/bench_classifier.py's report of one held-out part.

Synthetic requests only: nothing here reads the evaluation set.
"""

import contextlib
import io
import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
for _path in (_LIB, os.path.join(ROOT, "test")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import bench_classifier  # noqa: E402
import scope_model  # noqa: E402
from scope_classifier import Rule, compile_rules  # noqa: E402

SEED = [Rule(id=1, name="Zorblax", scope="billable", terms="zorblax", category="Zorblax", always_charged=True)]


def item(name, scope):
    return {"name": name, "description": "", "scope": scope, "part": "train", "author": "ann"}


class TestReportPart(unittest.TestCase):
    def setUp(self):
        training = [item(f"quux ledger totals wrong {n}", "included") for n in range(6)]
        training += [item(f"plonk the widget report {n}", "first_line") for n in range(6)]
        self.model = scope_model.base_model(training, SEED)
        # the always-charged rule decides the first request, which the model reads as included
        self.part = [
            item("zorblax quux ledger totals wrong", "included"),
            item("plonk the widget report", "first_line"),
        ]

    def report(self, verbose=False):
        rows = bench_classifier.classify_all(self.part, compile_rules(SEED), self.model)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            bench_classifier.report_part("held-out part X", self.part, rows, verbose)
        return output.getvalue()

    def test_says_why_combined_and_the_model_differ_in_counts_only(self):
        output = self.report()
        self.assertIn("combined differs from the model alone on 1 requests:", output)
        self.assertIn("1  an always-charged rule won; model right, combined wrong", output)
        for request in self.part:
            self.assertNotIn(request["name"], output)

    def test_verbose_prints_the_texts(self):
        self.assertIn("zorblax quux ledger totals wrong", self.report(verbose=True))


if __name__ == "__main__":
    unittest.main()
