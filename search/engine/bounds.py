"""Bounds on what one parsed query may cost: prefixes need a few letters and expand to a limited number of
index terms, and a query holds a limited number of clauses. The limits live in search/config.py.

Every bound that changes a query is reported as a Dutch notice, so the researcher knows what was searched.
"""

import re
from dataclasses import dataclass, field
from itertools import islice

from whoosh import query as Q

from .. import config

PREFIX_SCAN_FACTOR = 20  # index terms read per prefix: this many times the number kept (the most frequent)


@dataclass
class Bounded:
    query: object
    clauses: int = 0  # term and phrase clauses left in the query, prefixes expanded
    short_prefixes: list = field(default_factory=list)  # typed text of prefixes with too few letters
    cut_prefixes: list = field(default_factory=list)  # typed text of prefixes that matched more than the limit
    dropped: int = 0  # clauses left out because the query had too many

    def notices(self) -> list[str]:
        notices = []
        if self.short_prefixes:
            notices.append(
                f"Niet gezocht op {listed(self.short_prefixes)}: zet minstens {config.QUERY_MIN_PREFIX} letters "
                "voor de *."
            )
        if self.cut_prefixes:
            notices.append(
                f"{listed(self.cut_prefixes)} past op veel woorden; gezocht is op de {config.QUERY_PREFIX_MAX_TERMS} woorden die het "
                "vaakst voorkomen. Typ meer letters om preciezer te zoeken."
            )
        if self.dropped:
            notices.append(
                f"De zoekvraag is te groot: alleen de eerste {config.QUERY_MAX_CLAUSES} zoektermen zijn gebruikt. "
                "Maak de zoekvraag korter."
            )
        return notices


def listed(typed: list, shown: int = 5) -> str:
    return ", ".join(f"'{t}'" for t in typed[:shown]) + (" …" if len(typed) > shown else "")


def literal_head(query) -> str:
    """The letters typed before the first wildcard."""
    if isinstance(query, Q.Prefix):
        return query.text
    return re.split(r"[*?]", query.text, maxsplit=1)[0]


def wildcard_pattern(text: str):
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text) + r"\Z")


def expand(query, reader, keep: int) -> tuple[list[str], bool]:
    """The (at most `keep`) most frequent index terms a prefix or wildcard matches, and whether there were more.

    At most keep * PREFIX_SCAN_FACTOR terms are read, in index order, so a short prefix over a large vocabulary
    costs no more than that."""
    head = literal_head(query)
    pattern = wildcard_pattern(query.text) if isinstance(query, Q.Wildcard) else None
    scan = max(keep, 1) * PREFIX_SCAN_FACTOR
    found, more = [], False
    for count, (btext, info) in enumerate(reader.iter_prefix(query.fieldname, head)):
        if count >= scan:
            more = True
            break
        text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        if pattern is None or pattern.match(text):
            found.append((info.doc_frequency(), text))
    found.sort(key=lambda item: (-item[0], item[1]))
    if len(found) > keep:
        more = True
    return [text for _, text in islice(found, keep)], more


def plain_clauses(query) -> int | None:
    """How many term and phrase clauses a query without prefixes or wildcards holds; None when it has any."""
    if query is Q.NullQuery:
        return 0
    if isinstance(query, (Q.Prefix, Q.Wildcard)):
        return None
    if isinstance(query, (Q.Term, Q.Phrase)) or query.is_leaf():
        return 1
    total = 0
    for child in query.children():
        count = plain_clauses(child)
        if count is None:
            return None
        total += count
    return total


def bound(query, reader, normalized: bool = False) -> Bounded:
    """The query with prefixes expanded to terms and at most QUERY_MAX_CLAUSES clauses, first come first kept.
    normalized: the caller made the query with .normalize() (normalizing again would give the same query)."""
    clauses = plain_clauses(query)
    if clauses is not None and clauses <= config.QUERY_MAX_CLAUSES:  # most queries: nothing to bound
        return Bounded(query=query if normalized else query.normalize(), clauses=clauses)
    result = Bounded(query=None)
    budget = [config.QUERY_MAX_CLAUSES]

    def visit(node):
        if node is Q.NullQuery:
            return node
        if isinstance(node, (Q.Prefix, Q.Wildcard)):
            typed = node.text + "*" if isinstance(node, Q.Prefix) else node.text
            if len(literal_head(node)) < config.QUERY_MIN_PREFIX:
                if typed not in result.short_prefixes:
                    result.short_prefixes.append(typed)
                return Q.NullQuery
            if budget[0] <= 0:
                result.dropped += 1
                return Q.NullQuery
            terms, more = expand(node, reader, min(config.QUERY_PREFIX_MAX_TERMS, budget[0]))
            if more and typed not in result.cut_prefixes:
                result.cut_prefixes.append(typed)
            budget[0] -= len(terms)
            result.clauses += len(terms)
            if not terms:
                return Q.NullQuery
            return Q.Or([Q.Term(node.fieldname, t) for t in terms], boost=node.boost)
        if isinstance(node, (Q.Term, Q.Phrase)) or node.is_leaf():
            if budget[0] <= 0:
                result.dropped += 1
                return Q.NullQuery
            budget[0] -= 1
            result.clauses += 1
            return node
        return node.apply(visit)

    result.query = visit(query).normalize()
    return result
