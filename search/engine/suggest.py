"""'Bedoelde u …?': the nearest known word for a word the index does not know, at a bounded cost.

Known words are kept in buckets by first letter and length, most frequent first. An unknown word is compared
only with words of the same first letter and a length within MAX_EDITS, nearest lengths first, and with at most
config.SUGGEST_MAX_CANDIDATES of them; a query of more than config.SUGGEST_MAX_WORDS words gets no suggestion
(a pasted text is not a typo). So one suggestion costs at most words x candidates bounded edit distances,
whatever the size of the vocabulary.
"""

from .. import config
from ..text import edit_distance
from . import analysis

MIN_SUGGEST_LENGTH = 3
MAX_EDITS = 2


def word_buckets(counts: dict) -> dict:
    """(first letter, length) -> [(word, count)], most frequent first (then A-Z, so the order is fixed)."""
    buckets = {}
    for word, count in counts.items():
        if word:
            buckets.setdefault((word[0], len(word)), []).append((word, count))
    for items in buckets.values():
        items.sort(key=lambda item: (-item[1], item[0]))
    return buckets


def candidates(word: str, buckets: dict):
    """(known word, count) that could be within MAX_EDITS of `word`: nearest lengths first, most frequent first
    within a length, at most the configured number."""
    budget = config.SUGGEST_MAX_CANDIDATES
    for delta in sorted(range(-MAX_EDITS, MAX_EDITS + 1), key=abs):
        for candidate in buckets.get((word[0], len(word) + delta), ()):
            if budget <= 0:
                return
            budget -= 1
            yield candidate


def suggest(generation, text: str) -> str | None:
    """'Bedoelde u …?': replace words the index does not know by the nearest word it does know."""
    words = text.split()
    if len(words) > config.SUGGEST_MAX_WORDS:
        return None
    reader = generation.searcher().reader()
    changed, out = False, []
    for word in words:
        core = word.strip("\"'()*?,.;:!").lower()
        folded = analysis.fold(core)
        terms = analysis.analyze(folded, mode="query") if folded.isalpha() else []
        if len(folded) >= MIN_SUGGEST_LENGTH and terms and reader.doc_frequency("text", terms[0]) == 0:
            better = closest_word(folded, generation.word_buckets())
            if better:
                out.append(word.lower().replace(core, better))
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else None


def closest_word(word: str, buckets: dict) -> str | None:
    """The known word nearest to `word` (same first letter, at most MAX_EDITS edits), most frequent first."""
    best = None
    for candidate, count in candidates(word, buckets):
        if candidate == word:
            continue
        distance = edit_distance(word, candidate, MAX_EDITS)
        if distance <= MAX_EDITS and (best is None or (distance, -count) < best[0]):
            best = ((distance, -count), candidate)
    return best[1] if best else None
