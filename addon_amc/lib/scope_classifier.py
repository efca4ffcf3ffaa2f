# Part of addon_amc. License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scope classification of support requests: covered or charged, and why.

Pure Python (stdlib only): imported by the Odoo models as
``from ..lib import scope_classifier`` and by the plain unittest suite and the
accuracy bench in ``test/``.

A :class:`Rule` maps match terms to a request scope (``included``,
``first_line``, ``config`` or ``billable``). Classifying a text:

1. :func:`normalize` the text: HTML tags removed and entities decoded, accents
   stripped (``å`` -> ``a``), case folded, every punctuation sign replaced by
   a space, whitespace collapsed. Terms are normalised the same way, so
   ``Hot-fix``, ``hot fix`` and ``HOTFIX``... match ``hot-fix`` but not
   ``hotfix`` (list both when both spellings occur).
2. One pass over the compiled rules (:func:`compile_rules`, done once and
   cached by the caller): each rule's terms are matched on word boundaries.
   A term is a word or a phrase; a word ending in ``*`` matches any ending
   (``import*`` matches ``import``, ``imports``, ``importing``). A rule may
   also have a regular expression, applied to the normalised text. A regex
   match is bounded in time (:data:`REGEX_TIMEOUT` per rule,
   :data:`REGEX_TEXT_BUDGET` for all the rules of one text, with the
   ``regex`` library's ``timeout``): a rule whose regex runs out of time is
   skipped for that text and named in :attr:`Classification.skipped` and in
   the reason, so it never decides. Saving a rule probes its regex
   (``compile_rule(rule, probe=True)``) and refuses one that runs out of time
   on short adversarial texts.
3. The winner (:func:`classify`):

   * no rule matched: ``needs_review`` (never guess);
   * if an *always charged* rule matched, only always-charged rules compete:
     the seed's "always charged as incurred" list wins every conflict;
   * otherwise the most specific match wins: the longest matched phrase in
     words, then in characters, then the most distinct terms, then the
     lowest sequence, then the lowest id.

The **confidence** (0.0 to 1.0) is ``strength * support``:

* ``strength`` grows with the specificity of the winning rule's match:
  0.55 for one single word, +0.15 per extra word of its longest matched
  phrase, +0.10 per extra distinct matched term, capped at 1.0;
* ``support`` is the share of the match weight that agrees with the winning
  scope, the weight of a matched rule being the sum of the word counts of its
  distinct matched terms. Without a conflicting match, support is 1.0.

``needs_review`` has confidence 0.0.
"""

from __future__ import annotations

import html
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex as _regex

__all__ = [
    "NEEDS_REVIEW",
    "RULE_SCOPES",
    "SCOPE_LABELS",
    "Classification",
    "CompiledRule",
    "Match",
    "Rule",
    "classify",
    "compile_rule",
    "check_regex",
    "compile_rules",
    "probe_regex",
    "format_reason",
    "load_rules_xml",
    "skipped_note",
    "normalize",
    "parse_terms",
    "strip_html",
]

NEEDS_REVIEW = "needs_review"
#: Scopes a rule can give (``needs_review`` is the absence of a match).
RULE_SCOPES = ("included", "first_line", "config", "billable")

#: English scope labels used in reasons ("→ Bug fixes, included in maintenance").
SCOPE_LABELS = {
    "included": "included in maintenance",
    "first_line": "first line",
    "config": "minor configuration",
    "billable": "billable",
    NEEDS_REVIEW: "needs review",
}

#: English reason templates (``str.format`` fields); the Odoo model passes translations.
REASON_TEMPLATES = {
    "matched": "matched {terms} → {category}, {scope}",
    "beats": " (over {terms}: {scope})",
    "none": "no rule matched → needs review",
    "always": "always charged",
    "skipped": " ({rules}: skipped, its regular expression took too long)",
}

try:  # the parser of the re module, to inspect rule regexes
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parse

#: Only the start of a text is classified: the raw (HTML) text and the plain text are cut to these sizes.
MAX_HTML_LENGTH = 100_000
MAX_TEXT_LENGTH = 20_000
#: Longest regular expression a rule may have.
MAX_REGEX_LENGTH = 200
#: A repetition above this bound counts as unbounded when looking for nested quantifiers.
_MAX_SAFE_REPEAT = 10
#: Seconds one rule's regex may run on one text; past it the rule is skipped for that text.
REGEX_TIMEOUT = 0.05
#: Seconds all the rule regexes together may run on one text; past it the remaining ones are skipped.
REGEX_TEXT_BUDGET = 0.25
#: a rule's match terms are one alternation, matched without a time bound: a saved rule keeps it small
MAX_TERMS = 200
MAX_TERM_CHARS = 100
#: the ``regex`` library's fuzzy matching (``{e<=2}``, ``{i<=1,d<=1}``, ``{2i+1s<=4}``), which the checks
#: of :func:`check_regex` (read with the standard library's parser) do not see
_FUZZY = re.compile(r"(?<!\\)\{[\d\s+*]*[eisd]\b")
#: Seconds a regex may run on each probe text when a rule is saved (``probe=True``).
REGEX_PROBE_TIMEOUT = 0.05
#: Length of the probe texts (the repeated characters of the pattern, then a character that ends a match).
REGEX_PROBE_LENGTH = 40

_TAG_NAME_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_BLOCK_TAGS = frozenset(
    ("p", "div", "br", "hr", "li", "ul", "ol", "tr", "td", "th", "table", "blockquote", "pre", "section")
    + tuple(f"h{level}" for level in range(1, 7))
)
_RAW_TEXT_END_RE = {name: re.compile(rf"</\s*{name}\b", re.IGNORECASE) for name in ("script", "style")}
_PUNCT_RE = re.compile(r"[^\w\s]|_")
_SPACE_RE = re.compile(r"\s+")
_TERM_WORD_RE = re.compile(r"^\w+\*?$")

# strength of a match: see the module docstring
_BASE_STRENGTH = 0.55
_PER_EXTRA_WORD = 0.15
_PER_EXTRA_TERM = 0.10


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def _plain_text(text: object) -> str:
    """``text`` (not empty) cut to its bounds, without HTML tags and with entities decoded: what :func:`normalize`
    and :func:`spellings` read."""
    text = str(text)[:MAX_HTML_LENGTH]
    if "<" in text:
        text = strip_html(text)
    text = text[:MAX_TEXT_LENGTH]
    if "&" in text:
        text = html.unescape(text)
    return text


def normalize(text: str | None) -> str:
    """Plain, accent-free, case-folded, single-spaced words of ``text``.

    HTML tags are removed (script and style contents too) and entities
    decoded; punctuation becomes a space, so ``hot-fix`` is ``hot fix`` and
    ``user's`` is ``user s``. ``None`` or ``False`` give ``""``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", _plain_text(text))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.casefold()
    text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip()


def spellings(text: str | None) -> dict[str, str]:
    """Each word of :func:`normalize` ``(text)``, as ``text`` first spells it in lower case (accents kept):
    ``{"rakade": "råkade"}``. For explanations: a user reads the words they wrote, not the features. A word
    that ``text`` does not spell as one piece (a ligature split in two, say) is left out."""
    if not text:
        return {}
    # composed first, so that an accent typed as a combining mark stays inside its word
    text = unicodedata.normalize("NFC", _plain_text(text))
    found: dict[str, str] = {}
    for piece in _SPACE_RE.split(_PUNCT_RE.sub(" ", text)):
        word = normalize(piece)
        if word and " " not in word:
            found.setdefault(word, piece.lower())
    return found


def strip_html(text: str) -> str:
    """``text`` without its HTML tags, in one linear pass.

    Block tags (``p``, ``div``, ``br``...) become a space, inline tags
    nothing (``in<b>line</b>`` is one word); ``script`` and ``style``
    elements are dropped with their content, up to the end of the text when
    they are not closed. A ``<`` that starts no tag (``a < b``, or no ``>``
    after it) is kept as text.
    """
    parts = []
    pos = 0
    while True:
        start = text.find("<", pos)
        if start < 0:
            parts.append(text[pos:])
            return "".join(parts)
        head = _TAG_NAME_RE.match(text, start)
        if not head and not text.startswith("<!", start):
            parts.append(text[pos : start + 1])
            pos = start + 1
            continue
        end = text.find(">", head.end() if head else start)
        if end < 0:  # no tag can end any more
            parts.append(text[pos:])
            return "".join(parts)
        parts.append(text[pos:start])
        name = head.group(2).lower() if head else ""
        pos = end + 1
        if name in _RAW_TEXT_END_RE and not head.group(1):
            closing = _RAW_TEXT_END_RE[name].search(text, pos)
            close_end = text.find(">", closing.end()) if closing else -1
            if close_end < 0:
                parts.append(" ")
                return "".join(parts)
            pos = close_end + 1
            parts.append(" ")
        elif name in _BLOCK_TAGS:
            parts.append(" ")


def check_regex(regex: str) -> None:
    """Refuse a rule regex that could take exponential time: raises ``ValueError``.

    Refused: more than :data:`MAX_REGEX_LENGTH` characters, backreferences,
    and nested quantifiers such as ``(a+)+`` or ``(\\w+ ?)*`` (a repetition
    inside an unbounded repetition; ``( \\w+){0,3}`` is fine).
    """
    if len(regex) > MAX_REGEX_LENGTH:
        raise ValueError(f"the regular expression is longer than {MAX_REGEX_LENGTH} characters")
    try:
        parsed = _sre_parse.parse(regex)
    except re.error as error:
        raise ValueError(f"invalid regular expression: {error}") from error
    _check_nodes(parsed, False)


_REPEATS = {_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT} | (
    {_sre_parse.POSSESSIVE_REPEAT} if hasattr(_sre_parse, "POSSESSIVE_REPEAT") else set()
)
_BACKREFERENCES = {_sre_parse.GROUPREF, _sre_parse.GROUPREF_EXISTS} | (
    {_sre_parse.GROUPREF_IGNORE} if hasattr(_sre_parse, "GROUPREF_IGNORE") else set()
)


def _subpatterns(value):
    if isinstance(value, _sre_parse.SubPattern):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _subpatterns(item)


def _check_nodes(nodes, in_unbounded):
    """``in_unbounded``: whether an enclosing repetition is unbounded (``+``, ``*``, ``{n,}``...)."""
    for op, value in nodes:
        if op in _BACKREFERENCES:
            raise ValueError("backreferences are not allowed in a regular expression")
        if op in _REPEATS:
            _low, high, body = value
            if high > 1 and in_unbounded:
                raise ValueError("nested quantifiers such as (a+)+ are not allowed in a regular expression")
            _check_nodes(body, in_unbounded or high > _MAX_SAFE_REPEAT)
            continue
        for child in _subpatterns(value):
            _check_nodes(child, in_unbounded)


def parse_terms(text: str | None) -> tuple[str, ...]:
    """The normalised terms of a rule: one per line; blank lines and ``#`` comments skipped.

    A ``*`` at the end of a word is kept (any ending). Duplicates are dropped,
    order is kept. Raises ``ValueError`` for a line that has no word left
    after normalisation or a misplaced ``*``.
    """
    terms: list[str] = []
    for raw_line in (text or "").splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        words = []
        for raw_word in line.split():
            if "*" in raw_word.rstrip("*"):
                raise ValueError(f"Term {line!r}: '*' may only end a word")
            star = raw_word.endswith("*")
            core = normalize(raw_word.rstrip("*"))
            if not core:
                if star or raw_word.strip("*"):
                    # "*" alone, or punctuation only: nothing to match
                    raise ValueError(f"Term {line!r}: {raw_word!r} has no letter or digit")
                continue
            parts = core.split(" ")
            if star:
                parts[-1] += "*"
            words.extend(parts)
        if not words:
            raise ValueError(f"Term {line!r} has no letter or digit")
        for word in words:
            if not _TERM_WORD_RE.match(word):
                raise ValueError(f"Term {line!r}: '*' may only end a word")
        term = " ".join(words)
        if term not in terms:
            terms.append(term)
    return tuple(terms)


def _term_pattern(term: str) -> str:
    parts = []
    for word in term.split(" "):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return " ".join(parts)


def _words(text: str) -> int:
    return len(text.split())


def _id_key(rule_id: int | str) -> tuple:
    """Orders record ids (int) numerically, XML ids (str) alphabetically after them."""
    return (0, rule_id, "") if isinstance(rule_id, int) else (1, 0, str(rule_id))


# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A classification rule, as stored in ``amc.scope.rule``.

    ``terms`` is the raw text (one term per line); ``id`` is the record id
    (or the XML id in the pure tests).
    """

    id: int | str
    name: str
    scope: str
    terms: str = ""
    regex: str = ""
    category: str = ""
    explanation: str = ""
    always_charged: bool = False
    sequence: int = 10


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    terms: tuple[str, ...]
    pattern: re.Pattern | None
    #: compiled with the ``regex`` library, matched with a timeout
    regex: _regex.Pattern | None


def _probe_texts(pattern: str) -> list[str]:
    """Short texts that make a backtracking regex slow: each letter or digit of the pattern repeated."""
    chars = sorted({char for char in pattern.casefold() if char.isalnum()} | {"a", "1"})
    texts = []
    for char in chars:
        texts.append(char * (REGEX_PROBE_LENGTH - 2) + " !")
        texts.append((char + " ") * (REGEX_PROBE_LENGTH // 2 - 1) + "!")
    texts.append(" ".join(chars) * 2)
    return texts


def probe_regex(compiled: _regex.Pattern) -> None:
    """Raise ``ValueError`` when ``compiled`` runs out of time on one of its probe texts."""
    for text in _probe_texts(compiled.pattern):
        try:
            for _hit in compiled.finditer(text, timeout=REGEX_PROBE_TIMEOUT):
                pass
        except TimeoutError as error:
            raise ValueError(
                f"the regular expression took too long (over {REGEX_PROBE_TIMEOUT:g} s) on the "
                f"{len(text)}-character test text {text!r}: it backtracks too much"
            ) from error


def compile_rule(rule: Rule, probe: bool = False) -> CompiledRule:
    """Compile one rule; raises ``ValueError`` for a bad scope, term or regex.

    ``probe=True`` (when a rule is saved) also refuses a regex that runs out of
    time on short adversarial texts (:func:`probe_regex`). Compiling stored
    rules does not probe: a slow regex saved earlier is bounded at match time.
    """
    if rule.scope not in RULE_SCOPES:
        raise ValueError(f"Rule {rule.name!r}: unknown scope {rule.scope!r}, expected one of {RULE_SCOPES}")
    terms = parse_terms(rule.terms)
    regex = None
    if rule.regex and rule.regex.strip():
        try:
            check_regex(rule.regex.strip())
        except ValueError as error:
            raise ValueError(f"Rule {rule.name!r}: {error}") from error
        try:
            regex = _regex.compile(rule.regex.strip(), _regex.IGNORECASE)
        except _regex.error as error:
            raise ValueError(f"Rule {rule.name!r}: invalid regular expression: {error}") from error
        if probe:
            if _FUZZY.search(rule.regex):
                raise ValueError(f"Rule {rule.name!r}: fuzzy matching ({{e<=…}}) is not allowed in a rule")
            try:
                probe_regex(regex)
            except ValueError as error:
                raise ValueError(f"Rule {rule.name!r}: {error}") from error
    if probe and len(terms) > MAX_TERMS:
        raise ValueError(f"Rule {rule.name!r} has {len(terms)} match terms: at most {MAX_TERMS}")
    if probe and any(len(term) > MAX_TERM_CHARS for term in terms):
        raise ValueError(f"Rule {rule.name!r}: a match term has at most {MAX_TERM_CHARS} characters")
    if not terms and regex is None:
        raise ValueError(f"Rule {rule.name!r} has neither match terms nor a regular expression")
    pattern = None
    if terms:
        # longest alternatives first, so that "bug fix" wins over "bug" at the same place
        ordered = sorted(range(len(terms)), key=lambda index: (-_words(terms[index]), -len(terms[index]), index))
        alternatives = "|".join(f"(?P<t{index}>{_term_pattern(terms[index])})" for index in ordered)
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    return CompiledRule(rule=rule, terms=terms, pattern=pattern, regex=regex)


def compile_rules(rules: Iterable[Rule]) -> tuple[CompiledRule, ...]:
    """Compile rules in evaluation order (sequence, then id); see :func:`compile_rule`."""
    compiled = [compile_rule(rule) for rule in rules]
    compiled.sort(key=lambda item: (item.rule.sequence, _id_key(item.rule.id)))
    return tuple(compiled)


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """What one rule matched in a text.

    ``terms`` are the distinct matched texts (normalised), in order of
    appearance; ``words``/``length`` measure the longest of them.
    """

    rule: Rule
    terms: tuple[str, ...]
    words: int
    length: int

    @property
    def weight(self) -> int:
        return sum(_words(term) for term in self.terms)

    def sort_key(self) -> tuple:
        return (
            -self.words,
            -self.length,
            -len(self.terms),
            self.rule.sequence,
            _id_key(self.rule.id),
        )


@dataclass(frozen=True)
class Classification:
    scope: str
    match: Match | None = None
    confidence: float = 0.0
    matches: tuple[Match, ...] = field(default_factory=tuple)
    #: Rules skipped for this text because their regex ran out of time.
    skipped: tuple[Rule, ...] = field(default_factory=tuple)

    @property
    def rule(self) -> Rule | None:
        return self.match.rule if self.match else None

    @property
    def matched_terms(self) -> tuple[str, ...]:
        return self.match.terms if self.match else ()

    @property
    def category(self) -> str:
        return self.match.rule.category if self.match else ""

    @property
    def runner_up(self) -> Match | None:
        """The best match that lost and wanted another scope (None without conflict)."""
        for match in self.matches:
            if match is not self.match and match.rule.scope != self.scope:
                return match
        return None


class _RegexTimeout(Exception):
    """A rule's regex ran out of time on a text."""


def _match_rule(compiled: CompiledRule, text: str, deadline: float) -> Match | None:
    """What ``compiled`` matches in ``text``; raises :class:`_RegexTimeout` past the time bound.

    ``deadline`` (``time.monotonic()``) bounds all the regexes of one text.
    """
    found: list[str] = []
    if compiled.pattern is not None:
        for hit in compiled.pattern.finditer(text):
            term = hit.group(0)
            if term not in found:
                found.append(term)
    if compiled.regex is not None:
        timeout = min(REGEX_TIMEOUT, deadline - time.monotonic())
        if timeout <= 0:
            raise _RegexTimeout
        try:
            for hit in compiled.regex.finditer(text, timeout=timeout):
                term = hit.group(0).strip()
                if term and term not in found:
                    found.append(term)
        except TimeoutError as error:
            raise _RegexTimeout from error
    if not found:
        return None
    longest = max(found, key=lambda term: (_words(term), len(term)))
    return Match(rule=compiled.rule, terms=tuple(found), words=_words(longest), length=len(longest))


def classify(text: str | None, rules: Iterable[CompiledRule], normalized: bool = False) -> Classification:
    """Classify ``text`` (HTML or plain) with compiled ``rules``: one pass over the rules.

    ``normalized=True`` skips :func:`normalize` when the caller already did it.
    """
    text = text if normalized else normalize(text)
    if not text:
        return Classification(scope=NEEDS_REVIEW)
    deadline = time.monotonic() + REGEX_TEXT_BUDGET
    matches = []
    skipped = []
    for compiled in rules:
        try:
            match = _match_rule(compiled, text, deadline)
        except _RegexTimeout:
            skipped.append(compiled.rule)
            continue
        if match:
            matches.append(match)
    if not matches:
        return Classification(scope=NEEDS_REVIEW, skipped=tuple(skipped))
    matches.sort(key=Match.sort_key)
    always = [match for match in matches if match.rule.always_charged]
    winner = (always or matches)[0]
    # the winner first, then the other matches in specificity order
    ordered = (winner, *(match for match in matches if match is not winner))
    total = sum(match.weight for match in matches)
    agreeing = sum(match.weight for match in matches if match.rule.scope == winner.rule.scope)
    strength = min(
        1.0,
        _BASE_STRENGTH + _PER_EXTRA_WORD * (winner.words - 1) + _PER_EXTRA_TERM * (len(winner.terms) - 1),
    )
    confidence = round(strength * agreeing / total, 2)
    return Classification(
        scope=winner.rule.scope, match=winner, confidence=confidence, matches=ordered, skipped=tuple(skipped)
    )


def _quote(terms: Iterable[str]) -> str:
    return ", ".join(f'"{term}"' for term in terms)


def skipped_note(result: Classification, templates: Mapping[str, str] | None = None) -> str:
    """`` (Stored slow: skipped, its regular expression took too long)``, or ``""`` when no rule was skipped."""
    if not result.skipped:
        return ""
    template = {**REASON_TEMPLATES, **(templates or {})}["skipped"]
    return template.format(rules=", ".join(rule.category or rule.name for rule in result.skipped))


def format_reason(
    result: Classification,
    scope_labels: Mapping[str, str] | None = None,
    templates: Mapping[str, str] | None = None,
) -> str:
    """One line telling why: ``matched "import" → Data import/export, always charged``.

    When another rule wanting another scope also matched, the best such match
    is named: ``... (over "how do i": first line)``. Rules skipped because
    their regex ran out of time are named last.
    """
    labels = {**SCOPE_LABELS, **(scope_labels or {})}
    texts = {**REASON_TEMPLATES, **(templates or {})}
    skipped = skipped_note(result, templates)
    if result.match is None:
        return texts["none"] + skipped
    rule = result.match.rule
    line = texts["matched"].format(
        terms=_quote(result.matched_terms),
        category=rule.category or rule.name,
        scope=texts["always"] if rule.always_charged else labels.get(result.scope, result.scope),
    )
    loser = result.runner_up
    if loser is not None:
        line += texts["beats"].format(terms=_quote(loser.terms), scope=labels.get(loser.rule.scope, loser.rule.scope))
    return line + skipped


# ---------------------------------------------------------------------------
# Seed rules (the module's data XML, read without Odoo)
# ---------------------------------------------------------------------------


def _xml_bool(element: ET.Element) -> bool:
    value = element.get("eval", element.text or "")
    return value.strip() in ("True", "1", "true")


def load_rules_xml(path: str, model: str = "amc.scope.rule") -> list[Rule]:
    """The ``<record model="amc.scope.rule">`` of an Odoo data file, as :class:`Rule`.

    Lets the pure tests and the bench use the seed rules the module installs
    (``addon_amc/data/amc_scope_rule_data.xml``), so they exist once. Archived
    records (``active`` False) are skipped; the rule id is the XML id.
    """
    rules = []
    for record in ET.parse(path).getroot().iter("record"):
        if record.get("model") != model:
            continue
        values: dict[str, object] = {"id": record.get("id")}
        active = True
        for element in record.findall("field"):
            name = element.get("name")
            if name in ("name", "scope", "terms", "regex", "category", "explanation"):
                values[name] = (element.text or "").strip("\n") if name == "terms" else (element.text or "").strip()
            elif name == "sequence":
                values[name] = int((element.get("eval") or element.text or "10").strip())
            elif name == "always_charged":
                values[name] = _xml_bool(element)
            elif name == "active":
                active = _xml_bool(element)
        if active:
            rules.append(Rule(**values))
    return rules
