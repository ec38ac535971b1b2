"""'Bedoelde u …?': the nearest known word for a word the index does not know."""

from ..text import edit_distance
from . import analysis

MIN_SUGGEST_LENGTH = 3
MAX_EDITS = 2


def suggest(generation, text: str) -> str | None:
    """'Bedoelde u …?': replace words the index does not know by the nearest word it does know."""
    reader = generation.searcher().reader()
    changed, out = False, []
    for word in text.split():
        core = word.strip("\"'()*?,.;:!").lower()
        folded = analysis.fold(core)
        terms = analysis.analyze(folded, mode="query") if folded.isalpha() else []
        if len(folded) >= MIN_SUGGEST_LENGTH and terms and reader.doc_frequency("text", terms[0]) == 0:
            better = closest_word(folded, generation.words())
            if better:
                out.append(word.lower().replace(core, better))
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else None


def closest_word(word: str, counts: dict) -> str | None:
    """The known word nearest to `word` (same first letter, at most MAX_EDITS edits), most frequent first."""
    best = None
    for candidate, count in counts.items():
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > MAX_EDITS or candidate == word:
            continue
        distance = edit_distance(word, candidate, MAX_EDITS)
        if distance <= MAX_EDITS and (best is None or (distance, -count) < best[0]):
            best = ((distance, -count), candidate)
    return best[1] if best else None
