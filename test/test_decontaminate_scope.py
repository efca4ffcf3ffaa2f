# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The near-duplicate filter of new training requests (test/decontaminate_scope.py), on made-up texts."""

import unittest

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


if __name__ == "__main__":
    unittest.main()
