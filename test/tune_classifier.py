# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-validation of the scope classifier on the TRAINING part only: how its settings are chosen.

    python3 test/tune_classifier.py          (the current settings)
    python3 test/tune_classifier.py --grid   (a small grid of the model's settings)
    python3 test/tune_classifier.py --combination   (sharpness and the combination's thresholds, ranked)
    python3 test/tune_classifier.py --rule-weight   (the weight of the seed rules' texts)
    python3 test/tune_classifier.py --stopwords     (which words are left out of the features)
    python3 test/tune_classifier.py --new-author A  (also scored on A's requests alone, and on the others')

The training part of test/scope_eval_set.json is split into 5 folds (by scope,
round robin, in file order: deterministic). Each fold is classified by the seed
rules and by a base model (:func:`scope_model.base_model`) trained on the other
four, combined as the server does. Printed: the rules alone, the model alone,
combined, the needs_review share on clear requests, and the always-charged
requests classified as covered, on the requests not written with the rules
(author ``rules`` wrote their own tests). With ``--new-author``, the same
folds are also scored on one author's requests and on the other authors' (every
request still trains the other folds): whether a new batch helps on the older
requests, not only on its own. The held-out parts are never read.
"""

import argparse
import itertools
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import scope_classifier  # noqa: E402
import scope_model  # noqa: E402

RULES_XML = os.path.join(ROOT, "addon_amc", "data", "amc_scope_rule_data.xml")
EVAL_SET = os.path.join(ROOT, "test", "scope_eval_set.json")
FOLDS = 5


def training_part(path=EVAL_SET):
    return [item for item in scope_model.load_eval_set(path) if item["part"] == "train"]


def fold_of(items, folds=FOLDS):
    """``{position: fold}``, stratified by scope, deterministic."""
    seen = {}
    result = {}
    for position, item in enumerate(items):
        index = seen.get(item["scope"], 0)
        seen[item["scope"]] = index + 1
        result[position] = index % folds
    return result


def fold_predictions(items, seed_rules, score_authors=None):
    """``[(expected scope, rules' classification, model's prediction)]`` of every fold, by 5-fold CV.

    ``score_authors``: when given, only those authors' requests are scored (all still train the other folds).
    """
    rules = scope_classifier.compile_rules(seed_rules)
    folds = fold_of(items)
    rows = []
    for fold in range(FOLDS):
        model = scope_model.base_model([item for n, item in enumerate(items) if folds[n] != fold], seed_rules)
        for item in (item for n, item in enumerate(items) if folds[n] == fold):
            if item.get("author") == "rules":
                continue
            if score_authors is not None and item.get("author") not in score_authors:
                continue
            text = scope_classifier.normalize(scope_model.request_text(item))
            by_rules = scope_classifier.classify(text, rules, normalized=True)
            rows.append((item["scope"], by_rules, model.predict(text, normalized=True, explain=False)))
    return rows


def score(predictions, threshold=None):
    """The figures of :func:`line` for fold predictions combined as the server does."""
    threshold = scope_model.DEFAULT_MODEL_THRESHOLD if threshold is None else threshold
    rows = [
        (expected, by_rules.scope, prediction, scope_model.combine(by_rules, prediction, threshold))
        for expected, by_rules, prediction in predictions
    ]
    count = max(len(rows), 1)
    clear = [row for row in rows if row[0] != scope_model.NEEDS_REVIEW]
    return {
        "requests": len(rows),
        "rules": sum(1 for row in rows if row[0] == row[1]) / count,
        "model": sum(1 for row in rows if row[2] is not None and row[0] == row[2].scope) / count,
        "combined": sum(1 for row in rows if row[0] == row[3].scope) / count,
        "review": sum(1 for row in clear if row[3].scope == scope_model.NEEDS_REVIEW) / max(len(clear), 1),
        "charged_as_covered": sum(1 for row in rows if row[0] == "billable" and row[3].scope in scope_model.COVERED),
    }


def cross_validate(items, seed_rules, threshold=None, score_authors=None):
    return score(fold_predictions(items, seed_rules, score_authors), threshold)


#: How the combination's thresholds are chosen: each always-charged request classified as covered counts as
#: this many wrong answers, and at most MAX_REVIEW of the clear requests may be left in needs_review.
CHARGED_AS_COVERED_COST = 5
MAX_REVIEW = 0.05


def combination_grid(items, seed_rules, show=10):
    """Sharpness, Settings threshold and the two billable guards, ranked by the criterion above."""
    names = ("SHARPNESS", "BILLABLE_OVER_RULE_MIN", "COVERED_MAX_BILLABLE")
    saved = {name: getattr(scope_model, name) for name in names}
    ranked = []
    try:
        for sharpness in (8.0, 12.0, 16.0, 24.0):
            scope_model.SHARPNESS = sharpness
            predictions = fold_predictions(items, seed_rules)
            for threshold, billable_over, covered_max in itertools.product(
                (0.4, 0.5, 0.6), (0.6, 0.9, 1.01), (0.1, 0.2, 0.3, 0.5, 1.01)
            ):
                scope_model.BILLABLE_OVER_RULE_MIN, scope_model.COVERED_MAX_BILLABLE = billable_over, covered_max
                result = score(predictions, threshold)
                if result["review"] > MAX_REVIEW:
                    continue
                wrong = round((1 - result["combined"]) * result["requests"])
                cost = wrong + CHARGED_AS_COVERED_COST * result["charged_as_covered"]
                ranked.append((cost, sharpness, threshold, billable_over, covered_max, result))
    finally:
        for name, value in saved.items():
            setattr(scope_model, name, value)
    ranked.sort(key=lambda row: row[:5])
    for cost, sharpness, threshold, billable_over, covered_max, result in ranked[:show]:
        print(
            f"cost {cost}: sharpness {sharpness}, threshold {threshold}, billable over a rule from {billable_over}, "
            f"covered only below billable {covered_max}:",
            line(result),
        )


def line(result):
    return (
        f"{result['requests']} requests: rules {result['rules']:.1%}, model {result['model']:.1%}, "
        f"combined {result['combined']:.1%}, needs_review on clear {result['review']:.1%}, "
        f"always charged as covered {result['charged_as_covered']}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--combination", action="store_true", help="a grid of the combination's thresholds")
    parser.add_argument("--rule-weight", action="store_true", help="the weight of the seed rules' texts")
    parser.add_argument("--stopwords", action="store_true", help="which words are left out of the features")
    parser.add_argument(
        "--new-author",
        metavar="AUTHOR",
        help="also the current settings scored on AUTHOR's requests alone and on every other author's",
    )
    args = parser.parse_args(argv)
    seed_rules = scope_classifier.load_rules_xml(RULES_XML)
    items = training_part()
    print("current settings:", line(cross_validate(items, seed_rules)))
    if args.new_author:
        others = {item.get("author") for item in items} - {"rules", args.new_author}
        mine = {args.new_author}
        print(f"  scored on {args.new_author} only:", line(cross_validate(items, seed_rules, score_authors=mine)))
        print("  scored on the other authors only:", line(cross_validate(items, seed_rules, score_authors=others)))
    if args.grid:
        saved = (scope_model.ALPHA, scope_model.SHARPNESS, dict(scope_model.KIND_WEIGHTS))
        try:
            for alpha, sharpness, char_weight in itertools.product((0.1, 0.3, 1.0), (8.0, 16.0), (0.3, 0.6)):
                scope_model.ALPHA, scope_model.SHARPNESS = alpha, sharpness
                scope_model.KIND_WEIGHTS = {**saved[2], "c": char_weight}
                print(
                    f"alpha {alpha}, sharpness {sharpness}, characters {char_weight}:",
                    line(cross_validate(items, seed_rules)),
                )
        finally:
            scope_model.ALPHA, scope_model.SHARPNESS, scope_model.KIND_WEIGHTS = saved
    if args.combination:
        combination_grid(items, seed_rules)
    if args.stopwords:
        saved = scope_model.FEATURE_STOPWORDS
        try:
            for name, stopwords in (
                ("every stopword left out", scope_model.STOPWORDS),
                ("asking words kept (current)", scope_model.STOPWORDS - scope_model.ASKING_WORDS),
                ("no stopword left out", frozenset()),
            ):
                scope_model.FEATURE_STOPWORDS = stopwords
                print(f"{name}:", line(cross_validate(items, seed_rules)))
        finally:
            scope_model.FEATURE_STOPWORDS = saved
    if args.rule_weight:
        saved = scope_model.RULE_TEXT_WEIGHT
        try:
            for weight in (1.0, 0.5, 0.25, 0.1):
                scope_model.RULE_TEXT_WEIGHT = weight
                print(f"rule texts weigh {weight}:", line(cross_validate(items, seed_rules)))
        finally:
            scope_model.RULE_TEXT_WEIGHT = saved
    return 0


if __name__ == "__main__":
    sys.exit(main())
