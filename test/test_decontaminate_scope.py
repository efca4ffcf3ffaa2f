# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The near-duplicate filter of new training requests (test/decontaminate_scope.py), on made-up texts."""

import contextlib
import io
import json
import os
import tempfile
import unittest
from unittest import mock

from test import decontaminate_scope as dc


def item(name, description=""):
    return {"name": name, "description": description}


class TestDecontaminate(unittest.TestCase):
    def test_overlap_is_the_share_of_the_candidates_grams(self):
        self.assertEqual(dc.grams(item("abcde")), {"abcd", "bcde"})
        self.assertEqual(dc.overlap({"abcd", "bcde"}, {"abcd"}), 0.5)
        self.assertEqual(dc.overlap(set(), {"abcd"}), 0.0)

    def test_near_reports_positions_not_texts(self):
        heldout = [(7, item("The invoice button crashes", "since the update")), (9, item("Zebra stripes"))]
        candidates = [
            item("The invoice button crashes", "after the update"),  # near position 7
            item("Teach our new sellers the sales app"),  # far from both
        ]
        found = dc.near(candidates, heldout)
        self.assertEqual(len(found), 1)
        index, share, positions = found[0]
        self.assertEqual((index, positions), (0, [7]))
        self.assertGreaterEqual(share, dc.LIMIT)
        self.assertEqual(dc.near(candidates, heldout, limit=1.01), [])

    def test_the_comparison_is_on_normalized_text(self):
        heldout = [(3, item("Fakturaknappen kraschar"))]
        self.assertEqual(dc.near([item("FAKTURAKNAPPEN   kraschar!")], heldout)[0][2], [3])


class TestNewPart(unittest.TestCase):
    def test_added_drops_the_near_ones_and_labels_the_rest(self):
        candidates = [
            {"name": "a", "description": "", "scope": "config", "lang": "en", "extra": 1},
            {"name": "b", "scope": "billable", "lang": "sv"},
            {"name": "c", "description": "d", "scope": "included", "lang": "en"},
        ]
        rows = dc.added(candidates, [(1, 0.9, [4])], "heldout9", "someone")
        self.assertEqual(
            rows,
            [
                {
                    "name": "a",
                    "description": "",
                    "scope": "config",
                    "lang": "en",
                    "part": "heldout9",
                    "author": "someone",
                },
                {
                    "name": "c",
                    "description": "d",
                    "scope": "included",
                    "lang": "en",
                    "part": "heldout9",
                    "author": "someone",
                },
            ],
        )

    def test_the_set_keeps_its_layout(self):
        data = {"about": {"what": "x", "parts": {"train": "y"}}, "items": [item("Å"), item("b", "c")]}
        text = dc.dumps_set(data)
        self.assertEqual(json.loads(text), data)
        self.assertEqual(
            text.splitlines()[-4:],
            ['    {"name": "Å", "description": ""},', '    {"name": "b", "description": "c"}', "  ]", "}"],
        )

    def test_a_new_part_prints_counts_only_and_is_added_unread(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "set.json")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(
                    dc.dumps_set({"about": {}, "items": [{**item("The invoice button crashes"), "part": "train"}]})
                )
            source = os.path.join(folder, "new.json")
            secret = "Teach our new sellers the sales app"
            with open(source, "w", encoding="utf-8") as handle:
                json.dump(
                    [
                        {**item("The invoice button crashes!"), "scope": "included"},
                        {**item(secret), "scope": "billable"},
                    ],
                    handle,
                )
            output = io.StringIO()
            with mock.patch.object(dc, "EVAL_SET", path), contextlib.redirect_stdout(output):
                self.assertEqual(dc.main(["--new-part", "heldout9", "--from", source, "--add-as", "w"]), 0)
            self.assertEqual(output.getvalue(), "2 candidates against all 1 requests: 1 too near, dropped\n")
            with open(path, encoding="utf-8") as handle:
                items = json.load(handle)["items"]
            self.assertEqual(
                [(row["name"], row["part"], row["author"]) for row in items[1:]], [(secret, "heldout9", "w")]
            )
            with mock.patch.object(dc, "EVAL_SET", path), self.assertRaises(SystemExit):  # the part exists now
                dc.main(["--new-part", "heldout9", "--from", source, "--add-as", "w"])


if __name__ == "__main__":
    unittest.main()
