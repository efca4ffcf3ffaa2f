# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Near-duplicate check of new training requests against held-out parts 1 to 3, without showing held-out texts.

    python3 test/decontaminate_scope.py --author AUTHOR        (training requests of AUTHOR in the set)
    python3 test/decontaminate_scope.py --candidates FILE.json (a list of {name, description} not yet in the set)

A candidate is too near a held-out request when at least ``--limit`` (default
40 %) of its character 4-grams (of the normalized subject and description) are
also 4-grams of that held-out request. Printed: the number of candidates
checked and too near, and for each one too near its own text (a candidate is
new training text, not held-out text), its overlap and the *positions* of the
held-out requests it is near in test/scope_eval_set.json. No held-out text is
ever printed. The exit status is 1 when any candidate is too near.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import scope_classifier  # noqa: E402
import scope_model  # noqa: E402

EVAL_SET = os.path.join(ROOT, "test", "scope_eval_set.json")
HELDOUT_PARTS = ("heldout", "heldout2", "heldout3")
N = 4
LIMIT = 0.4


def grams(item, n=N):
    text = " ".join(scope_classifier.normalize(scope_model.request_text(item)).split())
    return {text[i : i + n] for i in range(max(len(text) - n + 1, 1))}


def overlap(candidate_grams, other_grams):
    """Share of the candidate's n-grams that are also the other text's."""
    return len(candidate_grams & other_grams) / max(len(candidate_grams), 1)


def near(candidates, heldout, limit=LIMIT):
    """``[(candidate index, highest overlap, [held-out positions at or above limit])]`` for candidates too near."""
    held = [(position, grams(item)) for position, item in heldout]
    found = []
    for index, candidate in enumerate(candidates):
        mine = grams(candidate)
        shares = [(overlap(mine, theirs), position) for position, theirs in held]
        hits = [position for share, position in shares if share >= limit]
        if hits:
            found.append((index, max(share for share, _ in shares), hits))
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--author", help="check the training requests of this author")
    group.add_argument("--candidates", help="a JSON list of requests not yet in the set")
    parser.add_argument("--limit", type=float, default=LIMIT)
    args = parser.parse_args(argv)
    items = scope_model.load_eval_set(EVAL_SET)
    heldout = [(position, item) for position, item in enumerate(items) if item["part"] in HELDOUT_PARTS]
    if args.author:
        candidates = [item for item in items if item["part"] == "train" and item.get("author") == args.author]
    else:
        with open(args.candidates, encoding="utf-8") as handle:
            candidates = json.load(handle)
    found = near(candidates, heldout, args.limit)
    print(f"{len(candidates)} candidates against {len(heldout)} held-out requests: {len(found)} too near")
    for index, share, positions in found:
        text = scope_model.request_text(candidates[index]).replace("\n", " / ")
        print(f"  candidate {index} ({share:.0%}, held-out positions {positions}): {text}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
