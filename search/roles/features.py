"""Features of a passage for the trained role model: stemmed words and word pairs from sentences about MEE,
negation- and time-marked, a few words from the other sentences, and the cue lexicon's findings.

Every feature remembers the sentence it came from, so a model verdict can name its evidence sentences.
"""

import re
from functools import lru_cache

from . import cues as lex
from .sentences import normalise

# Function words that carry no position. Prepositions that do ("in", "naast", "buiten", "zonder", "bij",
# "voor", "via", "op") and negations stay: they tell "in het team" from "naast het team".
STOP_WORDS = frozenset(
    """de het een en of van te dat die dit deze der des den er is zijn was waren wordt
    worden werd werden aan als dan om met door tot uit over naar ze zij hij het hun haar hem we wij ons onze
    je u jullie ik mijn zich zo nog al wel ook maar want dus toch daar hier waar wat wie welk welke elk elke
    ieder iedere had hebben heeft kan kunnen moet moeten mag mogen zal zullen zou zouden wil willen
    s t n m""".split()
)

NEGATIONS = frozenset("niet geen nooit nergens zonder evenmin noch".split())
# A negation holds until the clause ends.
CLAUSE_END = frozenset("maar terwijl want omdat hoewel zodat waardoor en of die dat waarin waarbij".split())
TOKEN = re.compile(r"[a-z]+|[,;:()?!.]")

_HYPOTHETICAL = re.compile(lex.HYPOTHETICAL + "|" + lex.NATIONAL)  # a wish, a question, or MEE in general
_ENDED = re.compile(lex.ENDED)
_MINOR = re.compile(lex.MINOR)
_CURRENT = re.compile(lex.CURRENT)

# The organisation ends: "MEE Twente houdt op te bestaan", "na het opheffen van MEE Zeeland", "MEE ... opgeheven".
MEE_CEASED = re.compile(
    r"\bmee\w*(?: \w+){0,6} (?:houdt|hield|houden|hielden)(?: \w+){0,4} op te bestaan|"
    r"\b(?:opheffen|opheffing|einde|faillissement|sluiting) van (?:\w+ )?mee\b|"
    r"\bmee\w*(?: \w+){0,3} (?:is|wordt|werd|was) (?:\w+ )?(?:opgeheven|failliet|gesloten)\b"
)
VOWELS = frozenset("aeiouy")
OUTSIDE_WORDS = re.compile(
    r"team|wijk|buurt|generalist|maatwerk|onafhank|ondersteun|specialis|loket|toegang|"
    r"indicat|subsidi|inkoop|ingekocht|contract"
)


@lru_cache(maxsize=50000)
def stem(word: str) -> str:
    """A light Dutch stemmer after the Snowball rules (plural and inflection endings, -heid, -ing, -lijk,
    doubled consonants and vowels), enough to let 'wijkteams'/'wijkteam' and 'werkt'/'werken' meet."""
    if len(word) <= 3:
        return word
    # R1: the part after the first consonant that follows a vowel, at least 3 letters in.
    r1 = 3
    for i in range(1, len(word)):
        if word[i] not in VOWELS and word[i - 1] in VOWELS:
            r1 = max(3, i + 1)
            break

    def undouble(w):
        return w[:-1] if len(w) > 2 and w[-1] == w[-2] and w[-1] in "kdt" else w

    w = word
    if w.endswith("heden"):
        w = w[:-5] + "heid"
    elif w.endswith("ene") and len(w) - 3 >= r1 and w[-4] not in VOWELS and not w.endswith("gemene"):
        w = undouble(w[:-3])
    elif w.endswith("en") and len(w) - 2 >= r1 and w[-3] not in VOWELS and not w.endswith("gemen"):
        w = undouble(w[:-2])
    elif w.endswith("se") and len(w) - 2 >= r1 and w[-3] not in VOWELS and w[-3] != "j":
        w = w[:-2]
    elif w.endswith("s") and len(w) - 1 >= r1 and w[-2] not in VOWELS and w[-2] != "j":
        w = w[:-1]
    if w.endswith("e") and len(w) - 1 >= r1 and len(w) > 3 and w[-2] not in VOWELS:
        w = undouble(w[:-1])
    for suffix in ("heid", "ing", "lijk", "baar", "isch"):
        if w.endswith(suffix) and len(w) - len(suffix) >= r1 + 1:
            w = w[: -len(suffix)]
            if suffix == "ing" and w.endswith("ig"):
                w = w[:-2]
            break
    if w.endswith("t") and len(w) > 4 and w[-2] not in VOWELS and w[-2] != "t" and not w.endswith(("st", "cht", "nt")):
        w = w[:-1]  # "werkt" → "werk", "zit" stays
    # "teem" → "team" has no rule; "voorzieningen" → "voorzien"; vowel undoubling: "maken"/"maak" → "mak"
    if len(w) >= 4 and w[-1] not in VOWELS and w[-2] == w[-3] and w[-2] in "aeou" and w[-4] not in VOWELS:
        w = w[:-2] + w[-1]
    return w


def clause_tokens(norm: str) -> list[str]:
    """Stemmed content words of a normalised sentence; words after a negation get a NOT_ prefix until the
    clause ends ("MEE zit niet in het wijkteam" → ..., NOT_in, NOT_wijkteam)."""
    out, negated = [], False
    for token in TOKEN.findall(norm):
        if len(token) == 1 and not token.isalpha() or token in CLAUSE_END:
            negated = False
            continue
        if token in NEGATIONS:
            negated = True
            out.append(token)
            continue
        if token in STOP_WORDS or token == "mee":
            continue
        word = stem(token)
        out.append("NOT_" + word if negated else word)
    return out


class PassageFeatures:
    """Feature values of one passage, and per sentence the features it produced."""

    __slots__ = ("values", "by_sentence")

    def __init__(self):
        self.values: dict[str, float] = {}
        self.by_sentence: dict[tuple, set] = {}  # (order, section, sentence) -> feature names

    def add(self, name: str, value: float = 1.0, where: tuple | None = None):
        if value > self.values.get(name, 0.0):
            self.values[name] = value
        if where is not None:
            self.by_sentence.setdefault(where, set()).add(name)


SEGMENT = re.compile(r"[,;:]|\b(?:maar|terwijl|sindsdien|inmiddels|nu)\b")


def sentence_features(
    features: PassageFeatures, norm: str, where: tuple, prefix: str, bigrams: bool, marks: bool, grams: int = 0
):
    """Words and word pairs of one sentence. Marks: H_ hypothetical and M_ occasional (the whole sentence),
    P_ for a part that describes an arrangement that has ended ("tot 2015 zat MEE in de wijkteams");
    marked words count only marked, so they do not add to the current arrangement."""
    sentence_mark = ""
    if marks:
        if _HYPOTHETICAL.search(norm):
            sentence_mark = "H_"
        elif _MINOR.search(norm):
            sentence_mark = "M_"
    segments = (
        [norm]
        if not marks or sentence_mark
        else [part for part in SEGMENT.split(norm) if part.strip()]
        if _ENDED.search(norm)
        else [norm]
    )
    for segment in segments:
        mark = sentence_mark or ("P_" if marks and _ENDED.search(segment) and not _CURRENT.search(segment) else "")
        words = clause_tokens(segment)
        for word in words:
            features.add(prefix + mark + word, 1.0, where)
            if grams and len(word) > grams + 1:
                # Pieces of long words let compounds meet: "wijkploeg", "buurtploeg", "wijkwerker".
                for i in range(len(word) - grams + 1):
                    features.add("c" + prefix + mark + word[i : i + grams], 1.0, where)
        if bigrams:
            for first, second in zip(words, words[1:], strict=False):
                # No pair with the negation word itself: the NOT_ words after it already carry the
                # negation, and "werkt niet" says nothing until one knows *what* MEE does not do.
                if first not in NEGATIONS and second not in NEGATIONS:
                    features.add(prefix + mark + first + "_" + second, 1.0, where)
        if mark:
            features.add("flag:" + mark, 1.0, where)


def passage_features(
    scoped, findings, cue_scores: dict, cue_role: str, options: dict | None = None, combination_marker: bool = False
) -> PassageFeatures:
    """Features from the scoped sentences (role_text.scoped_sentences) and the cue findings of one passage."""
    options = options or DEFAULT_OPTIONS
    features = PassageFeatures()
    features.add("bias")
    in_scope = 0
    near = options.get("near", 0)
    scope_orders = [item.order for item in scoped if item.factor] if near else []
    for item in scoped:
        where = (item.order, item.section, item.sentence)
        if item.factor:
            in_scope += 1
            sentence_features(
                features, item.norm, where, "w:", options["bigrams"], options["marks"], options.get("grams", 0)
            )
        elif near and any(abs(item.order - order) <= near for order in scope_orders):
            # A sentence near one about MEE (up to `near` sentences away) often says what MEE does without naming it
            # ("De cliëntondersteuner staat naast u."): its words count, under their own prefix.
            sentence_features(features, normalise(item.sentence), where, "n:", False, options["marks"])
        elif options["outside"] and OUTSIDE_WORDS.search(item.sentence.lower()):
            # Position words in sentences not about MEE: "teams exist, MEE not in them" needs to see the
            # teams. Only these words: the rest of a long case text says nothing about MEE's position.
            for word in clause_tokens(normalise(item.sentence)):
                if OUTSIDE_WORDS.search(word):
                    features.add("o:" + word)
    if not in_scope:
        features.add("scope:none")
    for item in scoped:
        if item.norm and MEE_CEASED.search(item.norm):
            # The MEE organisation itself stopped ("MEE Twente houdt op te bestaan"): what it did before is
            # no position now, whatever the other sentences say about its work.
            features.add("flag:mee_ceased", 1.0, (item.order, item.section, item.sentence))
    length = options.get("length_norm", 0)
    if length and in_scope > length:
        # A long text (a whole case) has many more words about MEE than the short passages the model learnt
        # from; without this, the sum of many weak word weights drowns the few sentences that matter.
        scale = (length / in_scope) ** 0.5
        for name in features.values:
            if name.startswith(("w:", "n:", "o:", "flag:", "cw:")):
                features.values[name] *= scale
    for finding in findings:
        # "weak": a cue in a hypothetical or occasional statement ("misschien", "een enkele keer").
        state = (
            "neg"
            if finding.negated
            else "ended"
            if finding.ended
            else "past"
            if finding.past
            else "weak"
            if finding.weight < 0.5 * finding.base
            else "pos"
        )
        where = (finding.order, finding.section, finding.sentence)
        name = f"cue:{finding.role}:{state}"
        features.add(name, min(1.0, features.values.get(name, 0.0) + finding.weight), where)
        if options["cue_names"]:
            features.add(f"cn:{finding.cue}:{state}", min(1.0, finding.weight), where)
    for role, score in cue_scores.items():
        if score:
            features.add(f"cs:{role}", min(score, 3.0) / 3.0)
    features.add(f"cv:{cue_role}")
    if options.get("structure"):
        # How many positions the cues saw, and how strong the second one is: the shape of a combination.
        ranked = sorted(cue_scores.values(), reverse=True)
        features.add(f"cues:n{sum(1 for s in ranked if s >= 0.45)}")
        if len(ranked) > 1 and ranked[1]:
            features.add("cs:second", min(ranked[1], 2.0) / 2.0)
        if combination_marker:
            features.add("cue:marker")
    return features


DEFAULT_OPTIONS = {
    "bigrams": True,
    "marks": True,
    "outside": True,
    "cue_names": True,
    "structure": True,
    "length_norm": 3,
    "near": 2,
}
