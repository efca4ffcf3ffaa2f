# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of addon_amc/lib/scope_model.py: the learned layer and its combination with the rules.

Run from the repository root:
    python3 -m unittest discover -s test -p 'test_*.py' -t . -v
"""

import dataclasses
import json
import os
import sys
import unittest
from unittest import mock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (os.path.join(ROOT, "addon_amc", "lib"), os.path.join(ROOT, "test")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import scope_classifier  # noqa: E402
import scope_model  # noqa: E402
from scope_classifier import Classification, Rule, classify, compile_rules  # noqa: E402
from scope_model import Combined, Decision, Prediction, ScopeModel, combine, format_reason  # noqa: E402

RULES_XML = os.path.join(ROOT, "addon_amc", "data", "amc_scope_rule_data.xml")
EVAL_SET = os.path.join(ROOT, "test", "scope_eval_set.json")

TOY = [
    ("The server is down, nobody can log in", "included"),
    ("Traceback when posting the invoice", "included"),
    ("ValueError on the delivery form", "included"),
    ("How do I print the delivery slip?", "first_line"),
    ("Where do I find the unpaid invoices?", "first_line"),
    ("Add a new product category", "config"),
    ("Change the quotation template", "config"),
    ("Import our customers from Excel", "billable"),
    ("Training for the new staff", "billable"),
    ("The web shop does not send orders", "billable"),
]


def toy_model():
    return scope_model.train(TOY)


def model_state(model):
    """What a model learned, comparable: its counts, totals, documents, vocabulary, triples and examples."""
    return (
        {label: {name: value for name, value in counts.items() if value} for label, counts in model.counts.items()},
        model.kind_totals,
        model.doc_weight,
        model.vocabulary,
        model.triples,
        model.examples,
    )


def prediction(scope, confidence):
    return Prediction(scope=scope, confidence=confidence, probabilities=((scope, confidence),))


RULES = compile_rules(
    [
        Rule(id=1, name="Bugs", scope="included", terms="bug", category="Bug fixes"),
        Rule(id=2, name="Import", scope="billable", terms="import", category="Data import/export", always_charged=True),
        Rule(id=3, name="Report", scope="config", terms="new report\nreport", category="Reports"),
        Rule(id=4, name="Printers", scope="billable", terms="printer", category="PC clients and hardware"),
    ]
)


class TestModel(unittest.TestCase):
    def test_learns_words_typos_and_inflections(self):
        model = toy_model()
        self.assertEqual(model.predict("Tracebacks when posting").scope, "included")
        self.assertEqual(model.predict("how do i print the slip").scope, "first_line")
        self.assertEqual(model.predict("Importing customers").scope, "billable")  # character n-grams
        self.assertEqual(model.predict("Add a produkt category").scope, "config")  # a typo

    def test_probabilities_are_a_distribution(self):
        result = toy_model().predict("The server is down")
        self.assertAlmostEqual(sum(value for _scope, value in result.probabilities), 1.0, places=3)
        self.assertEqual(result.confidence, result.probabilities[0][1])
        self.assertEqual([scope for scope, _value in result.probabilities][0], result.scope)

    def test_no_text_or_no_training_no_prediction(self):
        self.assertIsNone(toy_model().predict(""))
        self.assertIsNone(toy_model().predict("<p> </p>"))
        self.assertIsNone(ScopeModel().predict("anything"))
        self.assertFalse(ScopeModel().add("text", "free"))  # not a scope: nothing learned

    def test_deterministic(self):
        first, second = toy_model(), toy_model()
        self.assertEqual(first.counts, second.counts)
        for text in ("The server is down", "Help", "ny rapport", "customers"):
            self.assertEqual(first.predict(text), second.predict(text))

    def test_the_base_model_is_deterministic_and_the_shipped_counts_are_it(self):
        # counted again, the base model is exactly what the shipped counts give back: same counts, totals,
        # vocabulary and triples, so the same answers (the fingerprint alone would miss a change of the counting)
        items = scope_model.load_eval_set(EVAL_SET)
        rules = scope_classifier.load_rules_xml(RULES_XML)
        counted = scope_model.base_model(items, rules)
        shipped = scope_model.load_counts(os.path.join(ROOT, scope_model.COUNTS_FILE))
        read = scope_model.base_model_from_counts(items, rules, None, shipped)
        self.assertIsNotNone(read, "the shipped counts are stale: run npm run train:classifier")
        self.assertEqual(model_state(read), model_state(counted))
        heldout = [item for item in items if item["part"] != "train"]
        for item in heldout[:20]:
            text = scope_model.request_text(item)
            self.assertEqual(read.predict(text), counted.predict(text))
        # the held-out parts are never learned
        self.assertEqual(counted.examples, len(scope_model.rule_examples(rules)) + len(items) - len(heldout))

    def test_the_shipped_counts_are_current(self):
        items = scope_model.load_eval_set(EVAL_SET)
        rules = scope_classifier.load_rules_xml(RULES_XML)
        current = scope_model.counts_source(items, rules)
        self.assertEqual(scope_model.load_counts(os.path.join(ROOT, scope_model.COUNTS_FILE))["source"], current)
        # the training part's scopes and writers (who chose the triples) and the seed rules' terms count ...
        for key, value in (("scope", "needs_review"), ("author", "someone else")):
            changed = [dict(item) for item in items]
            next(item for item in changed if item["part"] == "train")[key] = value
            self.assertNotEqual(scope_model.counts_source(changed, rules), current, key)
        other_rules = [dataclasses.replace(rules[0], terms=rules[0].terms + "\nflux capacitor"), *rules[1:]]
        self.assertNotEqual(scope_model.counts_source(items, other_rules), current)
        # ... a held-out part does not
        heldout = [dict(item) for item in items]
        next(item for item in heldout if item["part"] != "train")["scope"] = "config"
        self.assertEqual(scope_model.counts_source(heldout, rules), current)

    def test_counts_give_the_base_model_back_only_while_current(self):
        items = [
            {"name": name, "description": "", "scope": scope, "part": "train", "author": f"w{n % 2}"}
            for n, (name, scope) in enumerate([*TOY, ("Set up the printer", "billable"), ("Set up the tax", "config")])
        ]
        rules = [compiled.rule for compiled in RULES]
        counted = scope_model.base_model(items, rules)
        data = json.loads(json.dumps(scope_model.base_counts(counted, scope_model.counts_source(items, rules))))
        read = scope_model.base_model_from_counts(items, rules, None, data)
        self.assertEqual(model_state(read), model_state(counted))
        self.assertEqual(read.triples, {"t:set_up_the"})
        self.assertEqual(read.predict("Traceback on the delivery"), counted.predict("Traceback on the delivery"))
        # the counts are read from the file, not counted again: a count changed in the file shows
        data["counts"]["billable"][1][0] += 7
        changed = scope_model.base_model_from_counts(items, rules, None, data)
        self.assertNotEqual(model_state(changed), model_state(counted))
        # another training part, other rules or other labels: not the file's model
        self.assertIsNone(scope_model.base_model_from_counts(items[:-1], rules, None, data))
        self.assertIsNone(scope_model.base_model_from_counts(items, rules[:-1], None, data))
        self.assertIsNone(scope_model.base_model_from_counts(items, rules, None, {**data, "labels": ["included"]}))
        # a company's copy (what its agents decided) is never written as the base
        taught = counted.clone()
        taught.add("The flux capacitor", "config", scope_model.DECISION_WEIGHT, Decision("Request 7", "config"))
        with self.assertRaises(ValueError):
            scope_model.base_counts(taught, "x")

    def test_learning_is_incremental_and_copies_are_independent(self):
        base = toy_model()
        taught = base.clone()
        text = "The flux capacitor needs recalibrating"
        self.assertTrue(taught.add(text, "config", scope_model.DECISION_WEIGHT, Decision("Request 7", "config")))
        self.assertEqual(taught.predict("Recalibrate the flux capacitor").scope, "config")
        self.assertEqual(
            base.predict("Recalibrate the flux capacitor"), toy_model().predict("Recalibrate the flux capacitor")
        )
        # incremental = retrained from scratch with the same examples in the same order
        scratch = toy_model()
        scratch.add(text, "config", scope_model.DECISION_WEIGHT, Decision("Request 7", "config"))
        self.assertEqual(scratch.predict("flux capacitor"), taught.predict("flux capacitor"))

    def test_explanation_words_and_nearest_decisions(self):
        model = toy_model()
        model.add(
            "Zorblax ledger sync is late", "billable", 3.0, Decision("Request 41", "billable", "override", "Anna")
        )
        model.add(
            "Unrelated printer question", "first_line", 3.0, Decision("Request 42", "first_line", "confirm", "Bo")
        )
        result = model.predict("The zorblax ledger sync failed")
        self.assertEqual(result.scope, "billable")
        self.assertIn("zorblax", result.words)
        self.assertLessEqual(len(result.words), scope_model.TOP_WORDS)
        self.assertEqual([decision.ref for decision in result.neighbours], ["Request 41"])

    def test_a_near_decision_is_followed_and_a_farther_one_only_named(self):
        """From FOLLOW_MIN_SIMILARITY alike (informative words in common over those of either), the decision's
        scope, the similarity as confidence; below it, the model's own answer with the decision named."""
        self.assertEqual(scope_model.FOLLOW_MIN_SIMILARITY, 0.85)  # the stated threshold
        model = toy_model()
        anna = Decision("Request 41", "config", "override", "Anna")
        # seven informative words; a toy model would call this text billable or included, not config
        model.add("Zorblax ledger webshop orders missing since Monday morning", "config", 3.0, anna)
        same_words = model.predict("Since monday morning zorblax ledger webshop orders are missing")
        self.assertEqual((same_words.scope, same_words.followed, same_words.similarity), ("config", anna, 1.0))
        self.assertEqual(same_words.confidence, 1.0)
        # one word more of eight: 7/8 = 0.875, followed
        near = model.predict("Zorblax ledger webshop orders missing since Monday morning, warehouse")
        self.assertEqual((near.followed, near.similarity, near.confidence), (anna, 0.875, 0.875))
        # one word changed: 6/8 = 0.75, named but not followed: the model's probabilities decide
        farther = model.predict("Zorblax ledger webshop orders missing since Tuesday morning")
        self.assertIsNone(farther.followed)
        self.assertEqual(farther.neighbours, (anna,))
        self.assertEqual(farther.scope, farther.probabilities[0][0])
        # the request's own decision is neither followed nor named when it is classified again
        itself = model.predict("Zorblax ledger webshop orders missing since Monday morning", exclude="Request 41")
        self.assertIsNone(itself.followed)
        self.assertEqual(itself.neighbours, ())
        # the same answer without the explanation
        self.assertEqual(
            model.predict("Since monday morning zorblax ledger webshop orders are missing", explain=False).scope,
            "config",
        )

    def test_the_most_alike_decision_is_followed_the_latest_on_ties(self):
        model = toy_model()
        old = Decision("Request 1", "billable", "override", "Anna")
        new = Decision("Request 2", "config", "confirm", "Bo")
        model.add("Zorblax ledger webshop orders missing", "billable", 3.0, old)
        model.add("Zorblax ledger webshop orders missing", "config", 3.0, new)
        self.assertEqual(model.predict("zorblax ledger webshop orders missing").followed, new)
        nearest = model.scored_neighbours("zorblax ledger webshop orders missing")
        self.assertEqual(nearest, ((1.0, new), (1.0, old)))

    def test_the_share_counts_words_too_common_to_look_up(self):
        """A word in more than half the decisions finds no neighbour, but still counts in the share of a
        neighbour found by a rarer word: the similarity is that of the two texts' words."""
        model = ScopeModel()
        for number in range(4):
            model.add(f"invoice payment zorblax word{number}", "billable", 3.0, Decision(f"R{number}", "billable"))
        # "invoice", "payment" and "zorblax" are in all four: only "word2" finds R2, and all four words count
        self.assertEqual(
            model.scored_neighbours("invoice payment zorblax word2", limit=4), ((1.0, model.decisions[2][0]),)
        )
        self.assertEqual(
            model.scored_neighbours("invoice payment zorblax word2 extra", limit=4), ((0.8, model.decisions[2][0]),)
        )
        # sharing only common words: no neighbour
        self.assertEqual(model.scored_neighbours("invoice payment zorblax"), ())

    def test_asking_words_are_features_but_never_explanations(self):
        """ "how", "where", "we"... weigh (questions differ from orders of work) but explain nothing."""
        found = scope_model.features("how do we print the slip")
        self.assertIn("w:how", found)
        self.assertIn("w:we", found)
        self.assertNotIn("w:the", found)
        self.assertNotIn("w:do", found)
        model = ScopeModel()
        model.add("how do we print the slip", "first_line")
        model.add("how can we print the slip", "first_line")
        model.add("print a new slip layout", "config")
        result = model.predict("how do we print")
        self.assertEqual(result.scope, "first_line")
        self.assertTrue(set(result.words).isdisjoint(scope_model.STOPWORDS))
        self.assertNotIn("how", scope_model.informative_words("how do we print"))

    def test_word_triples_are_features_only_when_two_writers_used_them(self):
        """A word triple ("t:set_up_the") is a feature of the model when at least TRIPLE_MIN_WRITERS writers of
        the training part used it: a phrase of one writer alone says more about that writer than about the
        scope, and would make every company's copy of the model larger."""
        items = [
            {"name": "set up the printer", "description": "", "scope": "billable", "part": "train", "author": "a"},
            {"name": "please set up the tax", "description": "", "scope": "config", "part": "train", "author": "b"},
            {"name": "set up the printer", "description": "", "scope": "billable", "part": "train", "author": "a"},
            {"name": "the printer is down", "description": "", "scope": "billable", "part": "heldout1", "author": "c"},
            {"name": "the printer is down", "description": "", "scope": "billable", "part": "train", "author": "b"},
        ]
        common = scope_model.common_triples(items)
        self.assertIn("t:set_up_the", common)  # writers a and b
        self.assertNotIn("t:up_the_printer", common)  # writer a twice: one writer
        self.assertNotIn("t:the_printer_is", common)  # one training writer (the other is held out)
        self.assertNotIn("t:please_set_up", common)
        self.assertFalse({feature for feature in scope_model.features("set up the printer") if feature[0] == "t"})
        found = scope_model.features("we set up the printer", common)
        self.assertEqual({feature for feature in found if feature[0] == "t"}, {"t:set_up_the"})
        # a triple of stopwords only is never one
        self.assertNotIn("t:to_the_of", scope_model.triples_of("to the of"))
        model = scope_model.base_model(items, [])
        self.assertEqual(model.triples, common)
        self.assertEqual(model.vocabulary["t"], {"t:set_up_the"})
        self.assertIs(model.clone().triples, model.triples)  # shared, not copied per company

    def test_function_words_seen_as_reasons_are_stopwords(self):
        """Seen on the request form: "I am new here" said "am" weighed most for first line (19.0.1.14.0), and
        "Fakturorna till Kivra fastnar på 422 även idag" named "aven" (även, "also") first (19.0.1.15.0)."""
        cases = (
            (
                "am",
                ("I am new in accounting, where do I list the bills", "I am new, how do I find the unpaid bills"),
                "I am new here, where are the unpaid bills",
            ),
            (
                "även",
                ("Var ser jag även fakturorna till Kivra", "Hur hittar jag även de obetalda fakturorna"),
                "Var hittar jag även idag fakturorna till Kivra",
            ),
        )
        for word, taught, asked in cases:
            with self.subTest(word=word):
                model = ScopeModel()
                for text in taught:
                    model.add(text, "first_line")
                model.add("Import the unpaid bills from the old system", "billable")
                result = model.predict(asked)
                self.assertEqual(result.scope, "first_line")
                normalized = scope_classifier.normalize(word)
                self.assertNotIn(normalized, result.words)
                self.assertNotIn("w:" + normalized, scope_model.features(normalized))

    def test_a_text_without_a_known_informative_word_reads_as_the_prior(self):
        """Only short words, stopwords and letter n-grams known: no confidence beyond the share of each scope."""
        model = ScopeModel()
        model.add("plan b for the aaa batteries", "config")
        model.add("plan b for the aaa cells", "config")
        model.add("aaa account", "billable")
        result = model.predict("aaaaaaaa b")  # "b" and the n-grams of "aaa" are known, no informative word
        self.assertEqual(result.scope, "config")
        prior = {"config": 3 / 8, "billable": 2 / 8}  # (examples + 1) / (3 + five labels)
        self.assertAlmostEqual(
            result.probability("config") / result.probability("billable"),
            (prior["config"] / prior["billable"]) ** scope_model.PRIOR_WEIGHT,  # the prior, weighed
            places=3,
        )
        # one known informative word and the words decide
        self.assertEqual(model.predict("aaa account").scope, "billable")

    def test_vague_texts_are_less_certain(self):
        model = toy_model()
        vague = model.predict("the delivery")
        specific = model.predict("How do I print the delivery slip")
        self.assertEqual(specific.scope, "first_line")
        self.assertLess(vague.confidence, specific.confidence)

    def test_focus_of_a_feature(self):
        # as likely under every scope: tells nothing
        self.assertAlmostEqual(scope_model.focus([-3.0] * 5), 0.0, places=9)
        # seen under one scope only (the others far less likely): tells all
        self.assertAlmostEqual(scope_model.focus([-2.0, -60.0, -60.0, -60.0, -60.0]), 1.0, places=9)
        # in between, and the same whichever scope it points to
        middle = scope_model.focus([-2.0, -3.0, -3.0, -4.0, -4.0])
        self.assertGreater(middle, 0.0)
        self.assertLess(middle, 1.0)
        self.assertAlmostEqual(middle, scope_model.focus([-4.0, -3.0, -2.0, -4.0, -3.0]), places=12)

    def test_shared_features_do_not_drown_a_telling_word(self):
        # every scope's requests share the same long everyday phrasing; one made-up word per scope, as long and
        # sharing no character n-gram with the others or the phrasing, tells them apart
        shared = "hello team we have a question about the thing in our company system today thanks"
        model = ScopeModel()
        telling_words = (
            ("zorblax", "billable"),
            ("quintor", "included"),
            ("plumvek", "config"),
            ("dravnis", "first_line"),
            ("fjokdue", "needs_review"),
        )
        for telling, scope in telling_words:
            for _n in range(3):
                model.add(f"{shared} {telling}", scope)
        text = f"{shared} zorblax"
        focused = model.predict(text)
        with mock.patch.object(scope_model, "FOCUS_POWER", 0.0):  # weighed by kind only (19.0.1.13.0 and before)
            unfocused = model.predict(text)
        self.assertEqual(focused.scope, "billable")
        self.assertEqual(unfocused.scope, "billable")
        # the shared features count for nothing (their focus is 0), so the one telling word decides with the
        # confidence it has alone; weighed only by kind, the dozens of shared features dilute it
        self.assertGreater(focused.confidence, 0.99)
        self.assertLess(unfocused.confidence, 0.9)
        self.assertAlmostEqual(focused.confidence, model.predict("zorblax").confidence, places=3)


class TestWeights(unittest.TestCase):
    """The discriminative half: shipped weights, added by the server."""

    LABELS = scope_model.LABELS

    def weights(self):
        # w:zorblax points to billable (strongly enough to outweigh the naive Bayes' example below), w:quintor
        # to included; the bias slightly to needs_review
        zorblax = [12.0 if label == "billable" else 0.0 for label in self.LABELS]
        quintor = [2.0 if label == "included" else 0.0 for label in self.LABELS]
        bias = [0.5 if label == "needs_review" else 0.0 for label in self.LABELS]
        return scope_model.Weights(["w:quintor", "w:zorblax"], [quintor, zorblax], bias)

    def test_logits_add_the_known_features_scaled_by_their_number(self):
        weights = self.weights()
        billable, included = self.LABELS.index("billable"), self.LABELS.index("included")
        review = self.LABELS.index("needs_review")
        one = weights.logits({"w:zorblax", "w:unknown"})
        self.assertAlmostEqual(one[billable], 12.0)  # one known feature: scale 1
        both = weights.logits({"w:zorblax", "w:quintor"})
        self.assertAlmostEqual(both[billable], 12.0 / 2**0.5)
        self.assertAlmostEqual(both[included], 2.0 / 2**0.5)
        self.assertAlmostEqual(both[review], 0.5)
        self.assertEqual(weights.logits({"w:unknown"}), weights.bias)
        with self.assertRaises(ValueError):
            scope_model.Weights(["w:a"], [[1.0, 2.0]], [0.0] * 5)

    @mock.patch.object(scope_model, "DISCRIMINATIVE_WEIGHT", 1.0)  # the toy weights are sized for it
    def test_the_discriminative_half_moves_the_answer_and_agents_still_teach(self):
        model = ScopeModel(self.weights())
        for text, scope in TOY:
            model.add(text, scope)
        model.add("the quintor zorblax", "included")
        plain = scope_model.train([*TOY, ("the quintor zorblax", "included")])
        self.assertEqual(plain.predict("zorblax").scope, "included")
        # the regression's weight on "zorblax" moves the same text to billable
        self.assertEqual(model.predict("zorblax").scope, "billable")
        with mock.patch.object(scope_model, "DISCRIMINATIVE_WEIGHT", 0.0):
            self.assertEqual(model.predict("zorblax"), plain.predict("zorblax"))
        # a copy shares the weights; what agents decide teaches its naive Bayes half
        taught = model.clone()
        self.assertIs(taught.weights, model.weights)
        self.assertTrue(taught.learn_decision("zorblax", "config", Decision("Request 9", "config")))
        self.assertEqual(taught.predict("zorblax").scope, "config")
        # the whole model agrees with the decision on its text; the shipped weights and the original are untouched
        self.assertGreaterEqual(taught.predict("zorblax").confidence, scope_model.DECISION_TARGET)
        self.assertEqual(model.delta, {})
        self.assertEqual(model.predict("zorblax").scope, "billable")
        # the naive Bayes alone: the regression does not move
        counted = model.clone()
        self.assertTrue(counted.learn_decision("zorblax", "config", regression=False))
        self.assertEqual((counted.delta, counted.counts["config"]["w:zorblax"]), ({}, scope_model.DECISION_WEIGHT))
        # only features the shipped weights know move (here none needed to: counting the decision was enough)
        self.assertLessEqual(set(taught.delta), {"w:quintor", "w:zorblax"})

    @mock.patch.object(scope_model, "DISCRIMINATIVE_WEIGHT", 1.0)
    def test_a_decision_moves_the_rare_features_and_leaves_other_requests_alone(self):
        # the regression reads a common word (in every training request) as billable, strongly enough that
        # counting the decision in the naive Bayes is not enough; it does not know the rare one yet
        billable = [40.0 if label == "billable" else 0.0 for label in self.LABELS]
        weights = scope_model.Weights(["w:system", "w:zorblax"], [billable, [0.0] * 5], [0.0] * 5)
        model = ScopeModel(weights)
        for text, scope in TOY:
            model.add(f"{text} system", scope)
        self.assertEqual(model.predict("zorblax system").scope, "billable")
        other = model.predict("system help with the invoices")
        taught = model.clone()
        taught.learn_decision("zorblax system", "config", Decision("Request 3", "config"))
        config = self.LABELS.index("config")
        self.assertGreater(taught.delta["w:zorblax"][config], 10 * taught.delta["w:system"][config])
        self.assertEqual(taught.predict("zorblax system").scope, "config")
        self.assertEqual(taught.predict("system help with the invoices").scope, other.scope)
        # every feature alike (no shares): the common word moves as much as the rare one
        alike = model.clone()
        found = scope_model.features(scope_model._sc.normalize("zorblax system"))
        alike.add("zorblax system", "config", scope_model.DECISION_WEIGHT)
        alike.weights.teach(found, "config", alike.delta)
        self.assertGreater(alike.delta["w:system"][config], 0.0)
        self.assertAlmostEqual(alike.delta["w:zorblax"][config], alike.delta["w:system"][config])

    @mock.patch.object(scope_model, "DISCRIMINATIVE_WEIGHT", 1.0)
    def test_the_words_named_are_those_that_weighed_in_both_halves(self):
        model = ScopeModel(self.weights())
        for text, scope in TOY:
            model.add(text, scope)
        # the naive Bayes saw "zorblax" and "ledger" as often under billable as under included: only the
        # regression tells them apart, by "zorblax"
        for scope in ("billable", "included"):
            model.add("zorblax ledger", scope)
        result = model.predict("zorblax ledger")
        self.assertEqual(result.scope, "billable")
        self.assertEqual(result.words, ("zorblax",))
        with mock.patch.object(scope_model, "DISCRIMINATIVE_WEIGHT", 0.0):
            self.assertEqual(model.predict("zorblax ledger").words, ())

    def test_load_weights_checks_the_labels(self):
        import gzip
        import json
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "weights.json.gz")
            data = {"labels": list(self.LABELS), "features": ["w:a"], "weights": [[1, 0, 0, 0, 0]], "bias": [0] * 5}
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                json.dump(data, handle)
            self.assertEqual(scope_model.load_weights(path).logits({"w:a"})[0], 1.0)
            data["labels"] = ["included", "billable"]
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                json.dump(data, handle)
            with self.assertRaises(ValueError):
                scope_model.load_weights(path)

    def test_the_shipped_weights_are_current(self):
        # the fingerprint of the training part and the trainer's settings: changing either without running
        # npm run train:classifier fails here
        import train_scope_weights

        items = scope_model.load_eval_set(EVAL_SET)
        current = scope_model.weights_source(items, train_scope_weights.settings())
        self.assertEqual(train_scope_weights.shipped_source(), current)
        changed = [dict(item) for item in items]
        first = next(item for item in changed if item["part"] == "train")
        first["scope"] = "billable" if first["scope"] != "billable" else "included"
        self.assertNotEqual(scope_model.weights_source(changed, train_scope_weights.settings()), current)
        heldout = [dict(item) for item in items]
        next(item for item in heldout if item["part"] != "train")["scope"] = "config"
        # a held-out part is never trained on: changing it leaves the weights current
        self.assertEqual(scope_model.weights_source(heldout, train_scope_weights.settings()), current)


class TestCombination(unittest.TestCase):
    def test_an_always_charged_rule_wins_whatever_the_model_says(self):
        rules = classify("Import the customers", RULES)
        result = combine(rules, prediction("included", 1.0))
        self.assertEqual((result.scope, result.source), ("billable", "rules"))

    def test_a_matching_rule_wins_unless_the_model_is_far_more_confident(self):
        rules = classify("a bug", RULES)  # confidence 0.55
        self.assertEqual(rules.confidence, 0.55)
        minimum, margin = scope_model.MODEL_OVER_RULE_MIN, scope_model.MODEL_OVER_RULE_MARGIN
        self.assertEqual((minimum, margin), (0.9, 0.1))  # the stated threshold
        # just below the minimum: the rule
        self.assertEqual(combine(rules, prediction("config", 0.8999)).source, "rules")
        # at the minimum and 0.35 above the rule: the model
        overruled = combine(rules, prediction("config", 0.9))
        self.assertEqual((overruled.scope, overruled.source, overruled.overruled), ("config", "model", True))
        # the same scope as the rule: the rule decides and explains
        self.assertEqual(combine(rules, prediction("included", 0.99)).source, "rules")
        # a confident rule (two terms: 0.8) needs the minimum, which is also its confidence plus the margin
        strong = classify("a new report, and another report", compile_rules([RULES[2].rule]))
        self.assertEqual(strong.confidence, 0.8)
        self.assertEqual(strong.scope, "config")
        self.assertEqual(combine(strong, prediction("first_line", 0.8999)).source, "rules")
        self.assertEqual(combine(strong, prediction("first_line", 0.9)).source, "model")
        # a rule at 0.85 (one three-word term) puts the bar at its confidence plus the margin, above the minimum
        three = compile_rules([Rule(id=9, name="R", scope="config", terms="a new report", category="Reports")])
        stronger = classify("a new report", three)
        self.assertEqual(stronger.confidence, 0.85)
        self.assertEqual(combine(stronger, prediction("first_line", 0.9499)).source, "rules")
        self.assertEqual(combine(stronger, prediction("first_line", 0.95)).source, "model")
        # and a rule at 0.95 or more cannot be overruled
        terms = compile_rules([Rule(id=9, name="R", scope="config", terms="a new report\nreport", category="Reports")])
        strongest = classify("a new report, another report", terms)
        self.assertEqual(strongest.confidence, 0.95)
        self.assertEqual(combine(strongest, prediction("first_line", 1.0)).source, "rules")

    def test_a_charged_rule_is_never_overruled_to_a_covered_scope(self):
        """Any billable rule (always charged or not) keeps the request charged whatever the model says."""
        rules = classify("the printer", RULES)  # a billable rule that is not always charged, confidence 0.55
        self.assertEqual((rules.scope, rules.rule.always_charged, rules.confidence), ("billable", False, 0.55))
        for scope in scope_model.COVERED:
            with self.subTest(scope=scope):
                result = combine(rules, prediction(scope, 1.0))
                self.assertEqual((result.scope, result.source), ("billable", "rules"))
        # a covered rule is overruled towards billable from BILLABLE_OVER_RULE_MIN, without the margin
        self.assertEqual(scope_model.BILLABLE_OVER_RULE_MIN, 0.5)  # the stated threshold
        strong = classify("a new report, and another report", compile_rules([RULES[2].rule]))  # config, 0.8
        towards_charged = combine(strong, prediction("billable", 0.5))
        self.assertEqual((towards_charged.scope, towards_charged.source), ("billable", "model"))
        below = Prediction("first_line", 0.5, (("first_line", 0.5), ("billable", 0.4999)))
        self.assertEqual(combine(strong, below).source, "none")  # not overruled; the rule guard's business (below)

    def test_a_covered_rule_yields_to_review_when_the_model_finds_the_request_charged(self):
        """A covered rule that wins still leaves the request in needs_review when the model gives billable at least
        RULE_COVERED_MAX_BILLABLE: its term in a charged request is the commonest way one is covered by mistake."""
        guard = scope_model.RULE_COVERED_MAX_BILLABLE
        self.assertEqual(guard, 0.15)  # the stated threshold
        bug = classify("a bug", RULES)  # included, 0.55
        self.assertEqual((bug.scope, bug.confidence), ("included", 0.55))

        def learned(billable):
            return Prediction("included", 1 - billable, (("included", 1 - billable), ("billable", billable)))

        kept = combine(bug, learned(0.1499))
        self.assertEqual((kept.scope, kept.source, kept.rule.id), ("included", "rules", 1))
        at_the_guard = combine(bug, learned(0.15))
        self.assertEqual((at_the_guard.scope, at_the_guard.source), ("needs_review", "none"))
        self.assertIsNone(at_the_guard.rule)  # no rule decided: none is stored on the request
        self.assertEqual(at_the_guard.matched_terms, ())
        self.assertEqual(
            format_reason(at_the_guard),
            'matched "bug" → Bug fixes, included in maintenance, but learned billable 15 % → needs review',
        )
        # the model agreeing with the rule (or unsure) does not matter: only what it gives billable does
        unsure = Prediction("needs_review", 0.5, (("needs_review", 0.5), ("billable", 0.3), ("included", 0.2)))
        self.assertEqual(combine(bug, unsure).scope, "needs_review")
        # translated, with the runner-up rule and a skipped rule named as in the rules' own reasons
        report = classify("a bug in the report", RULES)  # config, over "bug": included
        slow = Rule(id=7, name="Stored slow", scope="billable", terms="zebra", category="Stored slow")
        report = dataclasses.replace(report, skipped=(slow,))
        self.assertEqual(
            format_reason(
                combine(report, learned(0.35)),
                scope_labels={"included": "ingår"},
                templates={"rule_unsafe": ", men inlärt debiterbar {billable} % → granskas"},
            ),
            format_reason(combine(report, None), scope_labels={"included": "ingår"}).removesuffix(
                " (Stored slow: skipped, its regular expression took too long)"
            )
            + ", men inlärt debiterbar 35 % → granskas (Stored slow: skipped, its regular expression took too long)",
        )
        # a billable or always charged rule is not touched; nor is a covered rule without a model
        self.assertEqual(combine(classify("the printer", RULES), learned(0.9)).scope, "billable")
        self.assertEqual(combine(classify("Import it", RULES), learned(0.9)).scope, "billable")
        self.assertEqual(combine(bug, None).scope, "included")
        # a model confident in billable overrules the rule instead (BILLABLE_OVER_RULE_MIN)
        self.assertEqual(combine(bug, prediction("billable", 0.5)).source, "model")

    def test_a_rule_skipped_for_its_slow_regex_is_named_whoever_decides(self):
        slow = Rule(id=7, name="Stored slow", scope="billable", terms="zebra", category="Stored slow")
        rules = Classification(scope="needs_review", skipped=(slow,))
        note = " (Stored slow: skipped, its regular expression took too long)"
        self.assertEqual(format_reason(combine(rules, None)), "no rule matched → needs review" + note)
        below = combine(rules, prediction("billable", 0.31), threshold=0.5)
        self.assertEqual(
            format_reason(below), "no rule matched → needs review (learned: billable 31 %, below 50 %)" + note
        )
        decided = combine(rules, prediction("billable", 0.8), threshold=0.5)
        self.assertEqual(format_reason(decided), "learned → billable (80 %)" + note)

    def test_a_request_the_model_finds_vague_says_so_and_what_came_next(self):
        rules = classify("Zorblax", RULES)
        vague = Prediction("needs_review", 0.64, (("needs_review", 0.64), ("billable", 0.3), ("included", 0.06)))
        result = combine(rules, vague, threshold=0.5)
        self.assertEqual((result.scope, result.source), ("needs_review", "none"))
        self.assertEqual(
            format_reason(result), "no rule matched → needs review (learned: needs review 64 %, next billable 30 %)"
        )
        # translated labels and templates, and a rule skipped for its slow regex, as in the other reasons
        slow = Rule(id=7, name="Stored slow", scope="billable", terms="zebra", category="Stored slow")
        skipped = combine(Classification(scope="needs_review", skipped=(slow,)), vague)
        self.assertEqual(
            format_reason(
                skipped,
                scope_labels={"billable": "debiterbar"},
                templates={"vague_next": "vag {confidence} %, sedan {scope} {next} %"},
            ),
            "vag 64 %, sedan debiterbar 30 % (Stored slow: skipped, its regular expression took too long)",
        )
        # a next scope under 1 % is not named
        sure = Prediction("needs_review", 0.996, (("needs_review", 0.996), ("billable", 0.004)))
        self.assertEqual(
            format_reason(combine(rules, sure)), "no rule matched → needs review (learned: needs review 100 %)"
        )
        # a model that knows only needs review names nothing more than the rules do
        alone = Prediction("needs_review", 1.0, (("needs_review", 1.0),))
        self.assertEqual(format_reason(combine(rules, alone)), "no rule matched → needs review")

    def test_the_model_covers_a_request_only_when_billable_is_unlikely(self):
        rules = classify("Zorblax", RULES)
        self.assertEqual(scope_model.COVERED_MAX_BILLABLE, 0.03)  # the stated threshold
        safe = Prediction("included", 0.6, (("included", 0.6), ("billable", 0.0299)))
        self.assertEqual(combine(rules, safe, threshold=0.5).scope, "included")
        at_the_guard = Prediction("included", 0.6, (("included", 0.6), ("billable", 0.03)))
        self.assertEqual(combine(rules, at_the_guard, threshold=0.5).scope, "needs_review")
        unsafe = Prediction("included", 0.6, (("included", 0.6), ("billable", 0.05)))
        result = combine(rules, unsafe, threshold=0.5)
        self.assertEqual((result.scope, result.source), ("needs_review", "none"))
        self.assertEqual(
            format_reason(result),
            "no rule matched → needs review (learned: included in maintenance 60 %, but billable 5 %)",
        )
        # deciding billable needs no such margin
        charged = Prediction("billable", 0.55, (("billable", 0.55), ("included", 0.45)))
        self.assertEqual(combine(rules, charged, threshold=0.5).scope, "billable")

    def test_the_reason_spells_the_words_as_the_request_does(self):
        rules = classify("Zorblax", RULES)
        learned = Prediction("billable", 0.9, (("billable", 0.9), ("included", 0.1)), ("rakade", "bort", "zzz"))
        result = scope_model.spelled(combine(rules, learned), "Jag RÅKADE ta bort den, råkade!")
        self.assertEqual(result.matched_terms, ("råkade", "bort", "zzz"))  # a word not in the text stays as it is
        self.assertEqual(format_reason(result), 'learned from "råkade", "bort", "zzz" → billable (90 %)')
        # a rule's reason is as it was
        by_rule = combine(classify("Import the customers", RULES), learned)
        self.assertEqual(format_reason(scope_model.spelled(by_rule, "Import the customers")), format_reason(by_rule))
        self.assertEqual(scope_model.spelled(by_rule, "Import the customers").matched_terms, ("import",))

    def test_no_rule_the_model_decides_from_the_threshold(self):
        rules = classify("Zorblax", RULES)
        self.assertEqual(rules.scope, "needs_review")
        self.assertEqual(combine(rules, prediction("billable", 0.6), threshold=0.6).scope, "billable")
        below = combine(rules, prediction("billable", 0.5999), threshold=0.6)
        self.assertEqual((below.scope, below.source), ("needs_review", "none"))
        self.assertEqual(combine(rules, None).scope, "needs_review")
        # the model saying needs review never decides
        self.assertEqual(combine(rules, prediction("needs_review", 1.0), threshold=0.1).source, "none")

    def test_reasons(self):
        decided = Prediction(
            scope="billable",
            confidence=0.934,
            probabilities=(("billable", 0.934),),
            words=("zorblax", "ledger"),
            neighbours=(
                Decision("Request 41", "billable", "override", "Anna"),
                Decision("Request 9", "billable", "confirm"),
            ),
        )
        rules = classify("Zorblax ledger", RULES)
        self.assertEqual(
            format_reason(combine(rules, decided)),
            'learned from "zorblax", "ledger" → billable (93 %); like Request 41, overridden to billable by Anna; '
            "like Request 9, confirmed to billable",
        )
        self.assertEqual(
            format_reason(combine(rules, prediction("config", 0.45))),
            "no rule matched → needs review (learned: minor configuration 45 %, below 50 %)",
        )
        bug = classify("a bug", RULES)
        self.assertEqual(
            format_reason(combine(bug, Prediction("config", 0.95, (), ("setting",)))),
            'learned from "setting" → minor configuration (95 %) (over "bug": included in maintenance)',
        )
        self.assertEqual(format_reason(combine(bug, None)), 'matched "bug" → Bug fixes, included in maintenance')
        translated = format_reason(
            combine(rules, decided),
            scope_labels={"billable": "debiteras"},
            templates={"learned": "lärt av {words} → {scope} ({confidence} %)", "like": "som {ref} ({user})"},
        )
        self.assertTrue(translated.startswith('lärt av "zorblax", "ledger" → debiteras (93 %); som Request 41 (Anna)'))

    def test_a_followed_decision_wins_over_any_rule_but_an_always_charged_one(self):
        anna = Decision("Request 41", "included", "override", "Anna")

        def follows(scope, similarity=0.9, billable=0.4):
            decision = dataclasses.replace(anna, scope=scope)
            return Prediction(
                scope, similarity, (("billable", billable), (scope, 0.3)), followed=decision, similarity=similarity
            )

        # an always charged rule still wins
        imported = combine(classify("Import the customers", RULES), follows("included"))
        self.assertEqual((imported.scope, imported.source), ("billable", "rules"))
        # a billable rule that is not always charged: the agent's decision on a near text carries, even to covered
        printer = combine(classify("the printer", RULES), follows("included"))
        self.assertEqual((printer.scope, printer.source, printer.overruled), ("included", "model", True))
        # a covered rule, whatever the confidence and the margin
        bug = combine(classify("a bug", RULES), follows("config", similarity=0.85))
        self.assertEqual((bug.scope, bug.source, bug.overruled), ("config", "model", True))
        # the same scope as the rule: followed, not overruled
        same = combine(classify("a bug", RULES), follows("included"))
        self.assertEqual((same.scope, same.source, same.overruled), ("included", "model", False))
        # no rule: neither the Settings threshold nor the covered guard stops it
        free = combine(classify("Zorblax", RULES), follows("included", similarity=0.85, billable=0.6), threshold=0.9)
        self.assertEqual((free.scope, free.source, free.confidence), ("included", "model", 0.85))
        self.assertEqual(
            format_reason(free), "follows Request 41, overridden to included in maintenance by Anna (85 % alike)"
        )
        self.assertEqual(
            format_reason(bug),
            'follows Request 41, overridden to minor configuration by Anna (85 % alike) (over "bug": included in '
            "maintenance)",
        )

    def test_the_reason_of_a_followed_decision_names_the_others_after_it(self):
        anna = Decision("Request 41", "billable", "override", "Anna")
        bo = Decision("Request 9", "billable", "confirm")
        followed = Prediction(
            "billable", 0.9, (("billable", 0.5),), ("zorblax",), (anna, bo), followed=anna, similarity=0.9
        )
        rules = classify("Zorblax ledger", RULES)
        self.assertEqual(
            format_reason(combine(rules, followed)),
            "follows Request 41, overridden to billable by Anna (90 % alike); like Request 9, confirmed to billable",
        )
        unnamed = dataclasses.replace(followed, followed=bo, neighbours=(bo,))
        self.assertEqual(
            format_reason(combine(rules, unnamed)), "follows Request 9, confirmed to billable (90 % alike)"
        )
        translated = format_reason(
            combine(rules, followed),
            scope_labels={"billable": "debiteras"},
            templates={"follows": "följer {ref}, {decision} till {scope} av {user} ({similarity} % lika)"},
        )
        self.assertTrue(translated.startswith("följer Request 41, overridden till debiteras av Anna (90 % lika)"))

    def test_the_public_reason_names_no_other_request_and_no_agent(self):
        """The portal's line: another request (often another customer's) and the agent who decided stay
        out; the words, the scope, the confidence and an overruled rule stay in."""
        anna = Decision("SR-00041", "billable", "override", "Anna")
        bo = Decision("SR-00009", "billable", "confirm")
        rules = classify("Zorblax ledger", RULES)
        learned = Prediction("billable", 0.934, (("billable", 0.934),), ("zorblax", "ledger"), (anna, bo))
        self.assertEqual(
            format_reason(combine(rules, learned), public=True), 'learned from "zorblax", "ledger" → billable (93 %)'
        )
        followed = dataclasses.replace(learned, confidence=0.9, followed=anna, similarity=0.9)
        public = format_reason(combine(rules, followed), public=True)
        self.assertEqual(public, "follows an earlier decision of the support team → billable (90 % alike)")
        bug = classify("a bug", RULES)
        over = format_reason(combine(bug, dataclasses.replace(followed, neighbours=(anna,))), public=True)
        self.assertEqual(
            over,
            'follows an earlier decision of the support team → billable (90 % alike) (over "bug": included in '
            "maintenance)",
        )
        translated = format_reason(
            combine(rules, followed), templates={"follows_public": "följer ett tidigare beslut → {scope}"}, public=True
        )
        self.assertEqual(translated, "följer ett tidigare beslut → billable")
        for line in (public, over, translated):
            self.assertNotIn("SR-000", line)
            self.assertNotIn("Anna", line)
        # the agents' line is unchanged
        self.assertIn("SR-00041", format_reason(combine(rules, followed)))
        # rules' reasons and undecided ones are the same for both
        for result in (combine(bug, None), combine(rules, prediction("config", 0.45))):
            self.assertEqual(format_reason(result, public=True), format_reason(result))

    def test_combined_exposes_the_deciding_rule_or_the_model_words(self):
        rules = classify("a bug", RULES)
        self.assertEqual(combine(rules, None).rule.id, 1)
        by_model = combine(rules, Prediction("config", 0.95, (), ("setting",)))
        self.assertIsNone(by_model.rule)
        self.assertEqual((by_model.category, by_model.matched_terms), ("", ("setting",)))
        self.assertIsInstance(by_model, Combined)


class TestSuggestions(unittest.TestCase):
    def test_unexplained_decisions_grouped_by_a_shared_word(self):
        decisions = [
            ("R1", "The gizmotron sync failed", "billable"),
            ("R2", "Gizmotron does not sync the orders", "billable"),
            ("R3", "Check the gizmotron feed", "billable"),
            ("R4", "Import the gizmotron data", "billable"),  # explained by the import rule
            ("R5", "A bug in the gizmotron", "config"),  # another scope: its own group
            ("R6", "Something vague", "needs_review"),  # not a rule scope
        ]
        suggestions = scope_model.suggest_rules(decisions, RULES)
        self.assertEqual(
            suggestions[0], scope_model.Suggestion(word="gizmotron", scope="billable", refs=("R1", "R2", "R3"))
        )
        self.assertEqual(len(suggestions), 1)  # R5 alone is below the minimum of 2
        self.assertEqual(scope_model.suggest_rules(decisions, RULES, min_count=1)[1].refs, ("R5",))

    def test_a_regex_out_of_time_is_tried_once_per_report(self):
        """2,000 decisions, each paying a slow rule's time bound, would outlast a worker's time limit."""

        class OutOfTime:
            calls = 0

            def finditer(self, text, timeout=None):
                OutOfTime.calls += 1
                raise TimeoutError

        slow = scope_classifier.CompiledRule(
            rule=Rule(id=99, name="Slow", scope="billable", regex="(.*a){10}$"),
            terms=(),
            pattern=None,
            regex=OutOfTime(),
        )
        decisions = [(f"R{index}", f"The gizmotron sync failed again {index}", "billable") for index in range(50)]
        suggestions = scope_model.suggest_rules(decisions, (*RULES, slow))
        self.assertEqual(OutOfTime.calls, 1)
        self.assertEqual((suggestions[0].scope, len(suggestions[0].refs)), ("billable", 50), "every decision read")


if __name__ == "__main__":
    unittest.main()
