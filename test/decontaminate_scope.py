# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Near-duplicate check of new training requests against the held-out parts, without showing held-out texts.

    python3 test/decontaminate_scope.py --author AUTHOR        (training requests of AUTHOR in the set)
    python3 test/decontaminate_scope.py --candidates FILE.json (a list of {name, description} not yet in the set)
    python3 test/decontaminate_scope.py --candidates FILE.json --add-as AUTHOR
        (and the candidates not too near are added to the set as training requests of AUTHOR)
    python3 test/decontaminate_scope.py --new-part PART --from FILE.json --add-as AUTHOR
        (a new held-out part: candidates compared with EVERY request already in the set; only counts printed)

A candidate is too near a held-out request when at least ``--limit`` (default
40 %) of its character 4-grams (of the normalized subject and description) are
also 4-grams of that held-out request. Printed: the number of candidates
checked and too near, and for each one too near its own text (a candidate is
new training text, not held-out text), its overlap and the *positions* of the
held-out requests it is near in test/scope_eval_set.json. No held-out text is
ever printed. The exit status is 1 when any candidate is too near.

A new held-out part (``--new-part``) is held-out text from its first line: its
candidates are compared with every request already in the set (training and
held-out), those too near are dropped (not rewritten), only counts are printed,
and the rest are added to the set under the new part, in their order, so that no
one reads them before they are measured.
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


FIELDS = ("name", "description", "scope", "lang")


def added(candidates, found, part, author):
    """The candidates not listed in ``found`` (see :func:`near`), as set items of ``part`` written by ``author``."""
    dropped = {index for index, _share, _positions in found}
    return [
        {**{key: candidate.get(key, "") for key in FIELDS}, "part": part, "author": author}
        for index, candidate in enumerate(candidates)
        if index not in dropped
    ]


def dumps_set(data):
    """The set's file layout: ``about`` indented, then one request per line."""
    about = json.dumps(data["about"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    rows = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in data["items"])
    return f'{{\n  "about": {about},\n  "items": [\n{rows}\n  ]\n}}\n'


def write_set(items, path=None):
    path = path or EVAL_SET
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    data["items"] = items
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(dumps_set(data))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--author", help="check the training requests of this author")
    group.add_argument("--candidates", help="a JSON list of requests not yet in the set")
    group.add_argument("--new-part", help="a new held-out part, read --from a JSON list (no text is printed)")
    parser.add_argument("--from", dest="source", help="the new held-out part's candidates (with --new-part)")
    parser.add_argument("--add-as", metavar="AUTHOR", help="add the candidates not too near to the set, by AUTHOR")
    parser.add_argument("--limit", type=float, default=LIMIT)
    args = parser.parse_args(argv)
    items = scope_model.load_eval_set(EVAL_SET)
    if args.new_part:
        if not (args.source and args.add_as) or args.new_part in {item["part"] for item in items}:
            parser.error("--new-part needs --from and --add-as, and a part name not yet in the set")
        with open(args.source, encoding="utf-8") as handle:
            candidates = json.load(handle)
        found = near(candidates, list(enumerate(items)), args.limit)
        print(f"{len(candidates)} candidates against all {len(items)} requests: {len(found)} too near, dropped")
        write_set(items + added(candidates, found, args.new_part, args.add_as))
        return 0
    # every part but the training part is held out (a new one, --new-part, is held out from its first line)
    heldout = [(position, item) for position, item in enumerate(items) if item["part"] != "train"]
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
    if args.add_as and args.candidates:
        write_set(items + added(candidates, found, "train", args.add_as))
        print(f"{len(candidates) - len(found)} added as training requests of {args.add_as}")
        return 0
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
