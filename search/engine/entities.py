"""Names a query can mention: the municipalities and the programme of each case, and which cases a query names.

A researcher who types a place or a programme ("clientondersteuning zeist", "samen doen buurtteams") means that
case, whatever the other words score. The names come from the front matter (stored in the index's meta), so
nothing here depends on how often a name occurs in the text.

When a query names a case:
- a name of several words is named when all its words occur in the query, in any order, also as a part of a
  compound ("samen doen buurtteams" names "Samen DOEN in de buurt": samen, buurt);
- a name of one word is named only when the query holds that word itself ("Zeist"), and when that word came
  with small words ("Het Gesprek", "Gewoon DOEN!") only when the query holds the whole name in that order, so
  that an everyday word ("gesprek", "gewoon") does not pull a case to the top.
"""

import re
from dataclasses import dataclass

from . import analysis

PARENTHESES = re.compile(r"\([^)]*\)")
NEGATION = re.compile(r"\b(?:AND)?NOT\s+(?:\"[^\"]*\"|\([^)]*\)|\S+)")
MIN_TERM = 2  # a one-letter term ("s" of 's-Hertogenbosch) names nothing


def case_names(meta: dict) -> list[str]:
    """The names a query can use for a case: its municipalities and its programme (without an explanation in
    parentheses: "Meedenkers (koploperproject …)" is named by "Meedenkers")."""
    names = [str(m) for m in meta.get("municipalities") or [] if str(m).strip()]
    programme = PARENTHESES.sub(" ", str(meta.get("programme") or "")).strip(" ,;:-")
    if programme:
        names.append(programme)
    return list(dict.fromkeys(names))


def words(text: str) -> tuple[str, ...]:
    return tuple(analysis.folded_words(text))


@dataclass(frozen=True)
class Name:
    key: str  # the case this name belongs to
    terms: frozenset  # its index terms (stemmed, no stop words)
    phrase: tuple  # its folded words in order, when the whole name must be typed; () otherwise


def name_of(key: str, text: str) -> Name | None:
    terms = frozenset(t for t in analysis.analyze(text, mode="query") if len(t) >= MIN_TERM)
    if not terms:
        return None
    every_word = words(text)
    with_small_words = any(not analysis.analyze(word, mode="query") for word in every_word)
    phrase = every_word if len(terms) == 1 and with_small_words else ()
    return Name(key, terms, phrase)


class NameIndex:
    """Every case name of one index generation, looked up by its terms."""

    def __init__(self, meta: dict):
        self.by_term = {}
        for key, item in meta.items():
            if item.get("kind") != "case":
                continue
            for text in item.get("names") or []:
                name = name_of(key, text)
                if name is not None:
                    for term in name.terms:
                        self.by_term.setdefault(term, []).append(name)

    def named(self, text: str) -> list[str]:
        """Keys of the cases the query names, in the order of the index (best-scored first is the caller's job)."""
        text = NEGATION.sub(" ", text)  # "NOT Zeist" does not ask for Zeist
        whole = set(analysis.analyze(text, mode="query"))
        with_parts = set(analysis.analyze(text, mode="index"))
        typed = " " + " ".join(words(text)) + " "
        found = []
        for term in whole | with_parts:
            for name in self.by_term.get(term, ()):
                if name.key in found:
                    continue
                if len(name.terms) == 1:
                    if not name.terms <= whole:
                        continue
                    if name.phrase and " " + " ".join(name.phrase) + " " not in typed:
                        continue
                elif not name.terms <= with_parts:
                    continue
                found.append(name.key)
        return sorted(found)
