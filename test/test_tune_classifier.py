# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of test/tune_classifier.py: its splits into folds and its count of where combined and model differ.

Synthetic requests only: nothing here reads the evaluation set.
"""

import os
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
for _path in (_LIB, os.path.join(ROOT, "test")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import tune_classifier  # noqa: E402
from scope_classifier import Rule, classify, compile_rules  # noqa: E402
from scope_model import Prediction  # noqa: E402

RULES = compile_rules(
    [
        Rule(id=1, name="Bugs", scope="included", terms="bug", category="Bug fixes"),
        Rule(id=2, name="Import", scope="billable", terms="import", category="Data import/export", always_charged=True),
        Rule(id=3, name="Printers", scope="billable", terms="printer", category="PC clients and hardware"),
    ]
)


def predicted(scope, confidence, billable=None):
    probabilities = [(scope, confidence)]
    if billable is not None:
        probabilities.append(("billable", billable))
    return Prediction(scope=scope, confidence=confidence, probabilities=tuple(probabilities))


class TestFolds(unittest.TestCase):
    ITEMS = [{"scope": scope} for scope in ("included", "billable") * 10 + ("config",) * 7]

    def test_the_first_split_deals_each_scope_round_robin_in_file_order(self):
        folds = tune_classifier.fold_of(self.ITEMS)
        included = [folds[n] for n, item in enumerate(self.ITEMS) if item["scope"] == "included"]
        self.assertEqual(included, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4])

    def test_other_splits_are_stratified_deterministic_and_different(self):
        first = tune_classifier.fold_of(self.ITEMS, partition=1)
        self.assertEqual(first, tune_classifier.fold_of(self.ITEMS, partition=1))
        self.assertNotEqual(first, tune_classifier.fold_of(self.ITEMS))
        self.assertNotEqual(first, tune_classifier.fold_of(self.ITEMS, partition=2))
        for scope, size in (("included", 10), ("config", 7)):
            folds = sorted(first[n] for n, item in enumerate(self.ITEMS) if item["scope"] == scope)
            self.assertEqual(folds, sorted(index % 5 for index in range(size)))


class TestDifferences(unittest.TestCase):
    def test_counts_by_why_and_who_was_right(self):
        nothing = classify("Zorblax", RULES)
        rows = [
            # the same answer: not counted
            ("config", nothing, predicted("config", 0.9, 0.01), "a"),
            # an always-charged rule against a right model
            ("included", classify("import the customers", RULES), predicted("included", 0.99), "a"),
            # a billable rule against a model saying covered, the rule right
            ("billable", classify("the printer", RULES), predicted("config", 1.0), "a"),
            # the covered guard: a right model sent to review, twice; a wrong one that had a billable request covered
            ("included", nothing, predicted("included", 0.6, 0.35), "a"),
            ("included", nothing, predicted("included", 0.6, 0.4), "b"),
            ("billable", nothing, predicted("included", 0.6, 0.4), "b"),
            # below the Settings threshold
            ("config", nothing, predicted("config", 0.45, 0.2), "b"),
        ]
        counts = tune_classifier.differences(rows, threshold=0.5)
        guard = "the covered guard (billable too likely): needs review"
        self.assertEqual(
            dict(counts),
            {
                ("an always-charged rule won", "model right, combined wrong"): 1,
                ("a billable rule is never overruled to covered", "combined right, model wrong"): 1,
                (guard, "model right, combined wrong"): 2,
                (guard, "both wrong (the model had a billable request covered)"): 1,
                ("the model below the Settings threshold: needs review", "model right, combined wrong"): 1,
            },
        )


if __name__ == "__main__":
    unittest.main()
