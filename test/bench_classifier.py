# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accuracy of the scope classifier on the labelled evaluation set.

    npm run bench:classifier        (python3 test/bench_classifier.py)

Classifies every request of test/scope_eval_set.json with the seed rules of
addon_amc/data/amc_scope_rule_data.xml (the records the module installs) and
prints the accuracy, the confusion table (rows: expected scope, columns:
predicted scope) and the misclassified requests. ``--min-accuracy 0.9``
makes the exit status 1 below that accuracy; ``--verbose`` prints every
request with its reason.
"""

import argparse
import json
import os
import sys
import time
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import scope_classifier  # noqa: E402

RULES_XML = os.path.join(ROOT, "addon_amc", "data", "amc_scope_rule_data.xml")
EVAL_SET = os.path.join(ROOT, "test", "scope_eval_set.json")
SCOPES = ("included", "first_line", "config", "billable", "needs_review")


def request_text(item):
    """The text the server classifies: subject, then description."""
    return f"{item.get('name') or ''}\n{item.get('description') or ''}"


def load_eval_set(path=EVAL_SET):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def evaluate(items, rules):
    """``(accuracy, confusion Counter[(expected, predicted)], rows)``."""
    confusion = Counter()
    rows = []
    for item in items:
        result = scope_classifier.classify(request_text(item), rules)
        confusion[(item["scope"], result.scope)] += 1
        rows.append((item, result))
    correct = sum(count for (expected, predicted), count in confusion.items() if expected == predicted)
    return (correct / len(items) if items else 0.0), confusion, rows


def confusion_table(confusion):
    width = max(len(scope) for scope in SCOPES) + 2
    lines = ["expected \\ predicted".ljust(width + 8) + "".join(scope.rjust(width) for scope in SCOPES)]
    for expected in SCOPES:
        cells = "".join(str(confusion.get((expected, predicted), 0)).rjust(width) for predicted in SCOPES)
        total = sum(confusion.get((expected, predicted), 0) for predicted in SCOPES)
        lines.append(expected.ljust(width + 8) + cells + f"   ({total})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)

    rules = scope_classifier.compile_rules(scope_classifier.load_rules_xml(RULES_XML))
    items = load_eval_set()
    started = time.perf_counter()
    accuracy, confusion, rows = evaluate(items, rules)
    elapsed = time.perf_counter() - started
    languages = Counter(item.get("lang", "?") for item in items)
    print(
        f"scope classifier: {len(rules)} seed rules, {len(items)} labelled requests "
        f"({', '.join(f'{lang}: {count}' for lang, count in sorted(languages.items()))})"
    )
    print(
        f"accuracy: {accuracy:.1%} ({sum(1 for item, result in rows if item['scope'] == result.scope)}"
        f"/{len(items)}), {elapsed * 1000 / max(len(items), 1):.2f} ms per request"
    )
    print()
    print(confusion_table(confusion))
    misses = [(item, result) for item, result in rows if item["scope"] != result.scope]
    if misses:
        print()
        print("misclassified:")
        for item, result in misses:
            print(f"  [{item['scope']} -> {result.scope}] {item['name']!r}: {scope_classifier.format_reason(result)}")
    if args.verbose:
        print()
        for item, result in rows:
            mark = "ok " if item["scope"] == result.scope else "MISS"
            print(f"  {mark} {result.confidence:.2f} {item['name']!r}: {scope_classifier.format_reason(result)}")
    if accuracy < args.min_accuracy:
        print(f"\naccuracy {accuracy:.1%} is below the minimum {args.min_accuracy:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
