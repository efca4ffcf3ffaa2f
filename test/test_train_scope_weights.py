# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tests of test/train_scope_weights.py, the trainer of the scope classifier's discriminative half.

It needs numpy and scipy (the server does not): without them these tests are skipped, and say so.
"""

import gzip
import json
import os
import sys
import tempfile
import unittest
from unittest import mock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(ROOT, "addon_amc", "lib"), os.path.join(ROOT, "test")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import scope_model  # noqa: E402
import train_scope_weights  # noqa: E402

try:
    import numpy
    import scipy  # noqa: F401

    NUMERIC = True
except ImportError:
    NUMERIC = False

TOY = [
    ("The server is down, nobody can log in", "included", "a"),
    ("Traceback when posting the invoice", "included", "b"),
    ("How do I print the delivery slip?", "first_line", "a"),
    ("Where do I find the unpaid invoices?", "first_line", "b"),
    ("Add a new product category please", "config", "a"),
    ("Change the quotation template please", "config", "b"),
    ("Import our customers from Excel", "billable", "a"),
    ("Training for the new staff", "billable", "b"),
    ("Hello?", "needs_review", "a"),
    ("Help me", "needs_review", "b"),
]


def toy_items():
    return [
        {"name": text, "description": "", "scope": scope, "author": author, "part": "train"}
        for text, scope, author in TOY
    ] + [{"name": "The zorblax server is down", "description": "", "scope": "included", "author": "c", "part": "h"}]


@unittest.skipUnless(NUMERIC, "numpy and scipy are not installed: the trainer's tests are skipped")
class TestTrainer(unittest.TestCase):
    def setUp(self):
        # ten requests: every feature kept, and a light penalty so that the regression fits them
        for name, value in (("MIN_REQUESTS", 1), ("L2", 0.001)):
            patcher = mock.patch.object(train_scope_weights, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_the_same_data_gives_the_same_weights_and_they_learn(self):
        first, second = train_scope_weights.train(toy_items()), train_scope_weights.train(toy_items())
        self.assertEqual(first, second)
        weights = scope_model.Weights(first["features"], first["weights"], first["bias"])
        for text, scope, _author in TOY:
            logits = weights.logits(scope_model.features(scope_model._sc.normalize(text)))
            self.assertEqual(scope_model.LABELS[logits.index(max(logits))], scope, text)
        # the held-out request is not trained on: its words that no training request has are not features
        self.assertNotIn("w:zorblax", first["features"])
        self.assertIn("w:server", first["features"])

    def test_naive_bayes_scales_hold_shared_features_and_free_telling_ones(self):
        # ten requests of each scope, each with "shared" and one word of its scope's own; "telling" in half of the
        # billable ones only
        sets, scopes = [], []
        for label in scope_model.LABELS:
            for n in range(10):
                found = {"shared", f"own:{label}"}
                if label == "billable" and n % 2:
                    found.add("telling")
                sets.append(sorted(found))
                scopes.append(label)
        vocabulary = train_scope_weights.vocabulary_of(sets, min_requests=1)
        scales = dict(zip(vocabulary, train_scope_weights.scales_of(sets, scopes, vocabulary), strict=True))
        self.assertLess(scales["shared"], scales["telling"] / 5)
        self.assertGreater(scales["telling"], 1.0)
        self.assertGreater(scales["own:config"], 1.0)
        self.assertTrue(all(value >= 0 for value in scales.values()))
        # unscaled (NB_ALPHA None): every scale is 1
        with mock.patch.object(train_scope_weights, "NB_ALPHA", None):
            self.assertEqual(set(train_scope_weights.scales_of(sets, scopes, vocabulary).tolist()), {1.0})

    def test_a_feature_weighs_as_its_scale_lets_it(self):
        items = [item for item in toy_items() if item["part"] == "train"]
        sets = train_scope_weights.feature_sets(items)
        scopes = [item["scope"] for item in items]
        vocabulary = train_scope_weights.vocabulary_of(sets)
        ones = numpy.ones(len(vocabulary))
        held = ones.copy()
        held[vocabulary.index("c:<plea")] = 0.0
        free, _bias = train_scope_weights.fit(sets, scopes, vocabulary, scales=ones)
        zero, _bias = train_scope_weights.fit(sets, scopes, vocabulary, scales=held)
        position = vocabulary.index("c:<plea")
        self.assertGreater(abs(free[position]).max(), 0.1)
        self.assertEqual(abs(zero[position]).max(), 0.0)
        # the written weights are the scaled ones: the scores the fit optimised are the server's logits
        scaled, bias = train_scope_weights.fit(sets, scopes, vocabulary)
        weights = scope_model.Weights(vocabulary, scaled.tolist(), bias.tolist())
        for found, scope in zip(sets, scopes, strict=True):
            logits = weights.logits(found)
            self.assertEqual(scope_model.LABELS[logits.index(max(logits))], scope)

    def test_written_file_is_read_back_by_the_server_and_checked(self):
        data = train_scope_weights.train(toy_items())
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "weights.json.gz")
            train_scope_weights.write(data, path)
            with open(path, "rb") as handle:
                first_bytes = handle.read()
            train_scope_weights.write(data, path)
            with open(path, "rb") as handle:
                self.assertEqual(handle.read(), first_bytes)  # the same weights, the same bytes
            loaded = scope_model.load_weights(path)
            self.assertEqual(len(loaded), len(data["features"]))
            self.assertEqual(train_scope_weights.shipped_source(path), data["source"])
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                written = json.load(handle)["settings"]
                self.assertEqual(written["l2"], train_scope_weights.L2)
                self.assertEqual(written["nb_alpha"], train_scope_weights.NB_ALPHA)

    def test_fold_logits_leave_each_group_of_writers_out(self):
        items = toy_items()
        logits = train_scope_weights.fold_logits(items, groups=2)
        self.assertEqual(set(logits), {n for n, item in enumerate(items) if item["part"] == "train"})
        # writer "a" is scored by a regression trained on "b" alone, which never saw "a"'s words
        only_b = train_scope_weights.train([item for item in items if item["author"] == "b"])
        weights = scope_model.Weights(only_b["features"], only_b["weights"], only_b["bias"])
        for n, item in enumerate(items):
            if item["author"] == "a":
                text = scope_model._sc.normalize(scope_model.request_text(item))
                for mine, expected in zip(logits[n], weights.logits(scope_model.features(text)), strict=True):
                    self.assertAlmostEqual(mine, expected, places=3)


if __name__ == "__main__":
    unittest.main()
