"""Matching a query text against one index generation: parsing, filters, a deadline, and a looser retry."""

import re
import time
from dataclasses import dataclass, field

from whoosh import collectors
from whoosh import query as Q
from whoosh.matching import ArrayUnionMatcher

from .. import config
from ..content.glossary import PAGE as GLOSSARY_PAGE
from . import analysis
from .bounds import Bounded, bound
from .documents import PAGE
from .reader import LOOSE_SCALE, Generation
from .schema import FIELD_BOOSTS, FILTER_FIELDS, SEARCH_FIELDS, SYNONYM_FIELDS
from .suggest import suggest

# The glossary's sections are definitions of one or two sentences, which BM25 scores far above a section that
# treats the subject, only for being short: they rank lower. Cases and the hand-written pages weigh the same
# (a query that names a case puts that case first anyway, see entities.py).
GLOSSARY_KEY = f"{PAGE}:{GLOSSARY_PAGE}"
GLOSSARY_WEIGHT = 0.3
# Sections with a plain query's words side by side, in the typed order, get a bonus (with_phrase_bonus).
PHRASE_FIELDS = ("head", "text")
PHRASE_MAX_TERMS = 6
PHRASE_BOOST = 1.0
ARRAY_PART = 2048  # Whoosh's ArrayUnionMatcher part size, the most SizedOr uses


def key_weight(key: str) -> float:
    return GLOSSARY_WEIGHT if key == GLOSSARY_KEY else 1.0


def safe_query(query):
    """Drop what means every document ('*' alone) and add the synonyms of neighbourhood-team words. Prefixes
    are bounded later, by bounds.bound, which needs the index to expand them."""
    if isinstance(query, Q.Every):
        return Q.NullQuery
    if isinstance(query, (Q.Wildcard, Q.Prefix)):
        return query
    if isinstance(query, Q.Term) and query.fieldname in SYNONYM_FIELDS:
        variants = analysis.synonyms(query.text)
        if variants:
            alternatives = [
                Q.Term(query.fieldname, v[0]) if len(v) == 1 else Q.Phrase(query.fieldname, list(v)) for v in variants
            ]
            return Q.Or(alternatives, boost=query.boost)
        return query
    return query.apply(safe_query)


def plain_query(parser, text: str):
    """The fallback when the syntax cannot be parsed: every word as a plain term, no operators."""
    words = [w for w in analysis.folded_words(text) if w]
    return parser.parse(" ".join(words)) if words else Q.NullQuery


def parse(generation: Generation, text: str, loose: bool = False) -> Bounded:
    """The query for a text, with its cost bounded (bounds.py): `.query`, and what the bounds changed."""
    parsed = plain_words_query(generation, text, loose, generation.searcher().reader())
    if parsed is None:
        parser = generation.loose_parser if loose else generation.strict_parser
        with generation.parser_lock:  # a parser keeps state while parsing
            try:
                parsed = parser.parse(text)
            except Exception:
                parsed = plain_query(parser, text)
    query = safe_query(parsed).normalize()
    if not loose:
        query = with_phrase_bonus(query, text)  # keeps it normalized: a bonus of two phrases on a normalized query
    bounded = bound(query, generation.searcher().reader(), normalized=True)
    bounded.query = with_sized_ors(bounded.query)
    return bounded


class SizedOr(Q.Or):
    """Or, scored the same, but where Whoosh preloads the matches of a small index (at most 5,000 sections) into
    an array, that array is as long as the index instead of 2,048 entries that are cleared and scanned for every
    part: on a small index that array was most of the work of a loose query."""

    def _matcher(self, subs, searcher, context):
        count = searcher.doc_count_all()
        needs_current = context.needs_current if context else True
        preloaded = self.matcher_type == self.ARRAY_MATCHER or (
            self.matcher_type == self.AUTO_MATCHER
            and not (
                len(subs) < self.TOO_MANY_CLAUSES and (needs_current or self.scale or len(subs) == 2 or count > 5000)
            )
        )  # the choice Or._matcher makes
        if not preloaded:
            return super()._matcher(subs, searcher, context)
        scored = context.weighting is not None if context else True
        matchers = [sub.matcher(searcher, context) for sub in subs]
        return ArrayUnionMatcher(
            matchers, count, boost=self.boost, scored=scored, partsize=max(1, min(count, ARRAY_PART))
        )


def with_sized_ors(node):
    """The query with every Or a SizedOr (boost, minmatch and scale kept)."""
    if type(node) is Q.Or:
        subqueries = [with_sized_ors(sub) for sub in node.subqueries]
        return SizedOr(subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
    return node.apply(with_sized_ors)


class BonusIfMatched(Q.AndMaybe):
    """AndMaybe that makes the bonus's matchers (phrases: over a third of making a plain query's matchers) only
    when the required part matches a section: without a required match there is no result, whatever the bonus."""

    def matcher(self, searcher, context=None):
        required = self.a.matcher(searcher, context)
        if not required.is_active():
            return required
        return self.matcherclass(required, self.b.matcher(searcher, context))


PLAIN_QUERY = re.compile(r"[\w\s.,;!'-]+")
# Text that Whoosh's parser reads as nothing but words: word characters and single spaces, no operator.
PLAIN_WORDS = re.compile(r"\w+( \w+)*")
OPERATOR_WORDS = frozenset(("AND", "OR", "ANDNOT", "ANDMAYBE", "NOT", "REQUIRE"))


def is_plain_words(text: str) -> bool:
    """Words and single spaces only, none of them an operator: what plain_words_query builds directly."""
    return bool(PLAIN_WORDS.fullmatch(text)) and not any(word in OPERATOR_WORDS for word in text.split(" "))


def plain_words_query(generation: Generation, text: str, loose: bool, reader=None):
    """The query the parser makes of plain words, built directly; None for any other text (then the parser
    reads it). Plain words are most queries, and the parser costs more than the search of a small index.

    Per word an Or of its term in each search field (with the field boosts), the words joined with And, or
    for the loose query with Or: what MultifieldParser makes, tested against it (tests/test_query.py). With a
    `reader`, the terms that index does not hold are left out (present_terms): the same matches and scores."""
    if not is_plain_words(text):
        return None
    words = text.split(" ")
    clauses = []
    for word in words:
        fields = []
        for name in SEARCH_FIELDS:
            terms = generation.query_terms(name, word)
            if len(terms) > 1:  # the parser has its own rules for a word that makes several terms
                return None
            if terms:
                fields.append(Q.Term(name, terms[0], boost=FIELD_BOOSTS[name]))
        if fields:
            clauses.append(Q.Or(present_terms(fields, reader) if reader is not None else fields))
    if not clauses:
        return Q.NullQuery
    return (Q.Or(clauses, scale=LOOSE_SCALE) if loose else Q.And(clauses)).normalize()


def present_terms(terms: list, reader) -> list:
    """Of one word's terms in the search fields, those the index holds: an absent term matches nothing and adds
    nothing to a score, but still costs a size estimate, a place in every Or and a look-up per query. A term
    with synonyms stays (safe_query adds them later), and a word none of whose terms the index holds keeps them
    all, so the all-words query still fails and the looser retry still runs, as before."""
    kept = [
        term
        for term in terms
        if (term.fieldname in SYNONYM_FIELDS and analysis.synonyms(term.text)) or (term.fieldname, term.text) in reader
    ]
    return kept or terms


def with_phrase_bonus(query, text: str):
    """Sections that hold a plain query's words side by side, in the order typed ("vijf sociale teams"), get a
    bonus on top of their score; the others still match. Only for plain words: syntax means what it says."""
    if is_empty_query(query) or not PLAIN_QUERY.fullmatch(text) or re.search(r"\b(AND|OR|NOT)\b", text):
        return query
    terms = analysis.analyze(text, mode="query")
    if not 2 <= len(terms) <= PHRASE_MAX_TERMS:
        return query
    bonus = Q.Or([Q.Phrase(field, terms) for field in PHRASE_FIELDS], boost=PHRASE_BOOST)
    return BonusIfMatched(query, bonus)


def filter_query(filters: dict):
    parts = []
    for name in FILTER_FIELDS:
        value = filters.get(name)
        if value in (None, ""):
            continue
        value = str(value).lower() if name == "municipality" else str(value)
        parts.append(Q.Term(name, value))
    return Q.And(parts) if parts else None


@dataclass
class Matches:
    ranked: list = field(default_factory=list)  # (docnum, score, key), best first, within the window
    hits_per_key: dict = field(default_factory=dict)  # key -> number of matching sections (all matches)
    total_hits: int = 0
    timed_out: bool = False
    query: object = None
    loose: bool = False
    suggestion: str | None = None
    complete: bool = True  # ranked holds every matching section
    named: list = field(default_factory=list)  # keys of the cases the query names; ranked puts them first
    clauses: int = 0  # term and phrase clauses of the query that ran, prefixes expanded (bounds.py)
    notices: list = field(default_factory=list)  # what a bound changed, in Dutch, for the researcher


def is_empty_query(query) -> bool:
    return query is Q.NullQuery or isinstance(query, Q.NullQuery.__class__)


def run_query(generation: Generation, query, fq, window: int, time_limit: float):
    searcher = generation.searcher()
    if fq is not None:  # Require: filter without scoring (a FilterCollector would skip the time limit)
        query = Q.Require(query, fq)
    # Whoosh's RequireMatcher breaks its own invariant when block-quality skipping moves it across
    # segments (AssertionError in binary.py `_find_next`), so filtered queries score every match.
    inner = searcher.collector(limit=window, optimize=fq is None)
    timed = DeadlineCollector(inner, time.perf_counter() + time_limit)
    searcher.search_with_collector(query, timed)
    return timed.results(), timed.timed_out


class DeadlineCollector(collectors.WrappingCollector):
    """Stops collecting at a deadline and keeps what it has (timed_out=True). Unlike Whoosh's
    TimeLimitCollector it uses no signal (which only works in the main thread) and no timer thread per
    query: it reads the clock every CHECK_EVERY matches, so it is safe and cheap in worker threads."""

    CHECK_EVERY = 256

    def __init__(self, child, deadline: float):
        self.child = child
        self.deadline = deadline
        self.timed_out = False

    def collect_matches(self):
        child, deadline, every = self.child, self.deadline, self.CHECK_EVERY
        for count, sub_docnum in enumerate(child.matches(), start=1):
            child.collect(sub_docnum)
            if count % every == 0 and time.perf_counter() > deadline:
                self.timed_out = True
                return
        self.timed_out = time.perf_counter() > deadline


def match(
    generation: Generation, text: str, filters: dict, window: int = 200, time_limit: float = 2.0, need_all: bool = False
) -> Matches:
    """Match a query text; the best `window` sections are scored, all matching sections are counted."""
    deadline = time.perf_counter() + time_limit
    cut = len(str(text)) > config.QUERY_MAX_CHARS
    text = analysis.prepare_query_text(text)
    fq = filter_query(filters)
    matches = Matches()
    if cut:
        matches.notices.append(f"De zoekvraag is lang: alleen de eerste {config.QUERY_MAX_CHARS} tekens zijn gebruikt.")
    if not text.strip() and fq is None:
        return matches
    if text.strip():
        strict = parse(generation, text)
        query, matches.clauses = strict.query, strict.clauses
        matches.notices += strict.notices()
    else:
        query = Q.Every()
    if text.strip() and is_empty_query(query):
        matches.suggestion = suggest(generation, text)
        return matches
    if need_all:
        window = None
    results, matches.timed_out = run_query(generation, query, fq, window, time_limit)
    if results.scored_length() == 0 and not matches.timed_out and text.strip():
        matches.suggestion = suggest(generation, text)
        loose = parse(generation, text, loose=True)
        if not is_empty_query(loose.query) and repr(loose.query) != repr(query):
            remaining = max(0.05, deadline - time.perf_counter())
            results, matches.timed_out = run_query(generation, loose.query, fq, window, remaining)
            query, matches.loose, matches.clauses = loose.query, results.scored_length() > 0, loose.clauses
            matches.notices += [n for n in loose.notices() if n not in matches.notices]
    matches.query = query
    keys = generation.keys()
    ranked = [(docnum, score * key_weight(keys[docnum]), keys[docnum]) for score, docnum in results.top_n]
    matches.complete = window is None or results.scored_length() < window or matches.timed_out
    if matches.complete:
        docnums = [docnum for docnum, _, _ in ranked]
    else:
        full = Q.Require(query, fq) if fq is not None else query
        docnums = list(generation.searcher().docs_for_query(full))
    named = generation.names().named(text) if text.strip() else []
    if named:
        remaining = max(0.05, deadline - time.perf_counter())
        extra = named_sections(generation, text, named, {key for _, _, key in ranked}, fq, remaining)
        ranked += extra
        seen = set(docnums)
        docnums += [docnum for docnum, _, _ in extra if docnum not in seen]
    first = set(named)
    matches.named = named
    matches.ranked = sorted(ranked, key=lambda item: (item[2] not in first, -item[1]))
    per_key = {}
    for docnum in docnums:
        key = keys[docnum]
        per_key[key] = per_key.get(key, 0) + 1
    matches.hits_per_key = per_key
    matches.total_hits = sum(per_key.values())
    return matches


def named_sections(generation: Generation, text: str, named: list, ranked_keys: set, fq, time_limit: float) -> list:
    """Sections of the cases a query names that the ranked window lacks: those with any of the query's words,
    scored as such; a named case without any of them still shows its first section (score 0). The filters hold."""
    missing = [key for key in named if key not in ranked_keys]
    if not missing:
        return []
    wanted = Q.Or([Q.Term("key", key) for key in missing])
    if fq is not None:
        wanted = Q.And([wanted, fq])
    loose = parse(generation, text, loose=True).query
    keys = generation.keys()
    found = []
    if not is_empty_query(loose):
        results, _ = run_query(generation, Q.Require(loose, wanted), None, None, time_limit)
        found = [(docnum, score * key_weight(keys[docnum]), keys[docnum]) for score, docnum in results.top_n]
    have = {key for _, _, key in found}
    searcher = generation.searcher()
    for key in missing:
        if key not in have:
            first = Q.And([Q.Term("key", key), fq]) if fq is not None else Q.Term("key", key)
            docnums = sorted(searcher.docs_for_query(first))
            if docnums:
                found.append((docnums[0], 0.0, key))
    return found
