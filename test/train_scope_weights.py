# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Train the scope classifier's discriminative half and write it where the server reads it, with the naive Bayes
half's base counts.

    npm run train:classifier          (python3 test/train_scope_weights.py)
    python3 test/train_scope_weights.py --check

A multinomial logistic regression over :func:`scope_model.features` (words, word pairs, character n-grams), on
the training part of test/scope_eval_set.json only (never a held-out part): each feature on its naive Bayes scale
(:data:`NB_ALPHA`, since 19.0.1.19.0), L2-regularised (:data:`L2`), the bias not, fitted by L-BFGS for at most
:data:`ITERATIONS` iterations from zero, so the same data always gives the same weights. A feature is kept when
at least :data:`MIN_REQUESTS` training requests have it; a request's kept features each count ``1 / sqrt(n)``.
The weights, rounded to :data:`DECIMALS` places, go to ``scope_model.WEIGHTS_FILE`` with the fingerprint of what
they were trained from (:func:`scope_model.weights_source`): ``--check`` (and ``test_scope_model``) fail when the
training part or the settings changed since, so the file is never silently stale.

The naive Bayes half's base counts (:func:`scope_model.base_model` on the seed rules' texts and the training part)
go to ``scope_model.COUNTS_FILE`` with their own fingerprint (:func:`scope_model.counts_source`): a server process
reads them in about a second instead of counting 45,000 requests again (half a minute); while the fingerprint is
not the current one, it counts them itself and logs a warning. ``--check`` fails on a stale counts file too.

The server never trains it: it only reads the weights (pure Python, :class:`scope_model.Weights`). This tool
needs numpy and scipy (Debian: python3-numpy, python3-scipy); so does ``tune_classifier.py --discriminative``,
which scores the half by leaving writers out (:func:`fold_logits`).
"""

import argparse
import gzip
import json
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(ROOT, "addon_amc", "lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

import scope_classifier  # noqa: E402
import scope_model  # noqa: E402

EVAL_SET = os.path.join(ROOT, "test", "scope_eval_set.json")
WEIGHTS = os.path.join(ROOT, scope_model.WEIGHTS_FILE)
COUNTS = os.path.join(ROOT, scope_model.COUNTS_FILE)
RULES_XML = os.path.join(ROOT, "addon_amc", "data", "amc_scope_rule_data.xml")
#: L2 penalty on the weights (19.0.1.15.0, leaving writers out in five groups on the 32,104 training requests, the
#: regression alone: 94.2 % at 1.0, 95.2 % at 0.3, 95.5 % at 0.1, 95.4 % at 0.03).
L2 = 0.1
#: At most this many L-BFGS iterations.
ITERATIONS = 100
#: A feature is kept when at least this many training requests have it (3 leaves 121,000 of 430,000, most of the
#: rest word pairs seen once, at no loss).
MIN_REQUESTS = 3
#: Decimal places of the written weights.
DECIMALS = 4
#: Since 19.0.1.19.0 each feature's weights are fitted on a scale of their own, how much the feature tells one scope
#: from the rest: the largest, over the scopes, of ``|log(share of the scope's requests with it) - log(share of the
#: other requests with it)|``, the counts smoothed by :data:`NB_ALPHA` (the log-count ratio of Wang and Manning's
#: NBSVM, 2012). The penalty stays on the unscaled weights, so a feature every scope has alike (``c:ing``) is held
#: near 0 and a telling one is free to weigh: a naive Bayes prior on the regression. The written weights are the
#: scaled ones, so the server reads and teaches them as before. Leaving writers out in five groups on the 39,787
#: training requests, the regression alone: 96.0 % unscaled, 97.0 % scaled. None: unscaled, as until 19.0.1.18.0.
NB_ALPHA = 1.0


def settings():
    return {
        "l2": L2,
        "iterations": ITERATIONS,
        "min_requests": MIN_REQUESTS,
        "decimals": DECIMALS,
        "nb_alpha": NB_ALPHA,
    }


def _numeric():
    try:
        import numpy
        import scipy.optimize
        import scipy.sparse
    except ImportError as error:  # a clear message, not a traceback
        raise SystemExit(
            f"train_scope_weights: {error.name} is missing; install numpy and scipy "
            "(Debian: apt-get install python3-numpy python3-scipy)"
        ) from error
    return numpy, scipy.sparse, scipy.optimize


def feature_sets(items):
    return [sorted(scope_model.features(scope_classifier.normalize(scope_model.request_text(item)))) for item in items]


def vocabulary_of(sets, min_requests=None):
    min_requests = MIN_REQUESTS if min_requests is None else min_requests
    counts = Counter(feature for found in sets for feature in found)
    return sorted(feature for feature, count in counts.items() if count >= min_requests)


def _design(sets, vocabulary):
    """The requests × features matrix the regression reads: a request's known features each ``1 / sqrt(n)``."""
    _np, sparse, _optimize = _numeric()
    index = {feature: position for position, feature in enumerate(vocabulary)}
    rows, columns, values = [], [], []
    for row, found in enumerate(sets):
        known = [index[feature] for feature in found if feature in index]
        for column in known:
            rows.append(row)
            columns.append(column)
            values.append(1.0 / len(known) ** 0.5)
    return sparse.csr_matrix((values, (rows, columns)), shape=(len(sets), len(vocabulary)))


def _onehot(scopes):
    np, _sparse, _optimize = _numeric()
    target = np.array([scope_model.LABELS.index(scope) for scope in scopes], dtype=int)
    onehot = np.zeros((len(scopes), len(scope_model.LABELS)))
    onehot[np.arange(len(scopes)), target] = 1.0
    return target, onehot


def _scales(matrix, onehot):
    """:func:`scales_of` from the design matrix and the one-hot scopes: how many requests of each scope have each
    feature is ``(matrix != 0).T @ onehot``."""
    np, _sparse, _optimize = _numeric()
    if NB_ALPHA is None:
        return np.ones(matrix.shape[1])
    counts = (matrix != 0).astype(float).T @ onehot + NB_ALPHA  # features × labels
    outside = (matrix != 0).astype(float).sum(axis=0).A1[:, None] - counts + 2 * NB_ALPHA
    ratios = np.log(counts / counts.sum(axis=0)) - np.log(outside / outside.sum(axis=0))
    return np.abs(ratios).max(axis=1)


def scales_of(sets, scopes, vocabulary):
    """Each feature of ``vocabulary``'s scale (:data:`NB_ALPHA`): a numpy array, all ones when NB_ALPHA is None."""
    return _scales(_design(sets, vocabulary), _onehot(scopes)[1])


def fit(sets, scopes, vocabulary, l2=None, iterations=None, scales=None):
    """``(weights, bias)``: numpy arrays (features × labels, labels) of the regression fitted on ``sets``.

    ``scales``: each feature's scale (:func:`scales_of`; default computed from ``sets``): the scores are
    ``matrix @ (scales * weights)``, the penalty on ``weights``, and the returned weights are the scaled ones."""
    l2 = L2 if l2 is None else l2
    iterations = ITERATIONS if iterations is None else iterations
    np, _sparse, optimize = _numeric()
    matrix = _design(sets, vocabulary)
    target, onehot = _onehot(scopes)
    scales = _scales(matrix, onehot) if scales is None else scales
    scaling = np.asarray(scales, dtype=float).reshape(-1, 1)
    labels = len(scope_model.LABELS)
    size = len(vocabulary) * labels

    def loss(flat):
        weights, bias = flat[:size].reshape(len(vocabulary), labels), flat[size:]
        scores = matrix @ (scaling * weights) + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        value = -np.log(probabilities[np.arange(len(sets)), target] + 1e-300).sum() + l2 / 2 * (weights * weights).sum()
        gradient = probabilities - onehot
        return value, np.concatenate(
            [(scaling * (matrix.T @ gradient) + l2 * weights).ravel(), gradient.sum(axis=0)]
        )

    result = optimize.minimize(
        loss, np.zeros(size + labels), jac=True, method="L-BFGS-B", options={"maxiter": iterations}
    )
    return scaling * result.x[:size].reshape(len(vocabulary), labels), result.x[size:]


def train(items):
    """The file's content: the regression fitted on the training part of ``items``."""
    training = [item for item in items if item.get("part") == "train"]
    sets = feature_sets(training)
    vocabulary = vocabulary_of(sets)
    weights, bias = fit(sets, [item["scope"] for item in training], vocabulary)
    return {
        "about": "addon_amc scope classifier, discriminative half: written by test/train_scope_weights.py",
        "source": scope_model.weights_source(items, settings()),
        "settings": settings(),
        "labels": list(scope_model.LABELS),
        "bias": [round(float(value), DECIMALS) for value in bias],
        "features": vocabulary,
        "weights": [[round(float(value), DECIMALS) for value in row] for row in weights],
    }


def write(data, path=WEIGHTS):
    # mtime 0: the same weights give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def shipped_source(path=WEIGHTS):
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle).get("source", "")


def counts(items, rules):
    """The counts file's content: :func:`scope_model.base_model` (the naive Bayes half) of ``items`` and ``rules``."""
    return scope_model.base_counts(scope_model.base_model(items, rules), scope_model.counts_source(items, rules))


def fold_weights(items, groups=5):
    """``(author -> the regression's Weights trained without the author's group, {position in items of a training
    request: its features})``, writers dealt round robin in name order into ``groups``: what ``tune_classifier``
    scores the discriminative half with, as it scores the naive Bayes by leaving one writer out."""
    _numeric()
    positions = [n for n, item in enumerate(items) if item.get("part") == "train"]
    authors = sorted({items[n].get("author") or "" for n in positions})
    group_of = {author: k % groups for k, author in enumerate(authors)}
    sets = dict(zip(positions, feature_sets([items[n] for n in positions]), strict=True))
    models = {}
    for group in range(groups):
        inside = [n for n in positions if group_of[items[n].get("author") or ""] != group]
        vocabulary = vocabulary_of([sets[n] for n in inside])
        weights, bias = fit([sets[n] for n in inside], [items[n]["scope"] for n in inside], vocabulary)
        models[group] = scope_model.Weights(vocabulary, weights.tolist(), bias.tolist())
    return (lambda author: models[group_of[author or ""]]), sets


def fold_logits(items, groups=5):
    """``{position in items: logits}`` of every training request by a regression trained without its writer's
    group (:func:`fold_weights`): what ``tune_classifier --discriminative`` scores."""
    weights_of, sets = fold_weights(items, groups)
    return {n: weights_of(items[n].get("author")).logits(found) for n, found in sets.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the shipped weights or counts are stale")
    args = parser.parse_args(argv)
    items = scope_model.load_eval_set(EVAL_SET)
    rules = scope_classifier.load_rules_xml(RULES_XML)
    if args.check:
        stale = []
        if shipped_source() != scope_model.weights_source(items, settings()):
            stale.append(scope_model.WEIGHTS_FILE)
        if shipped_source(COUNTS) != scope_model.counts_source(items, rules):
            stale.append(scope_model.COUNTS_FILE)
        for name in stale:
            print(f"{name} is stale: run npm run train:classifier", file=sys.stderr)
        if stale:
            return 1
        print(f"{scope_model.WEIGHTS_FILE} and {scope_model.COUNTS_FILE} are current")
        return 0
    data = train(items)
    write(data)
    print(f"{scope_model.WEIGHTS_FILE}: {len(data['features'])} features, {os.path.getsize(WEIGHTS)} bytes")
    data = counts(items, rules)
    write(data, COUNTS)
    print(f"{scope_model.COUNTS_FILE}: {len(data['features'])} features, {os.path.getsize(COUNTS)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
