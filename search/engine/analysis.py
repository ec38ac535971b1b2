"""Dutch text analysis for the search index: the one place that knows how Dutch words become index terms.

Only this module and `search/index.py` import whoosh. The analyzers are pickled into the index schema,
so the filter classes below must keep their names and module path.

Decisions (why the analyzer works the way it does):
- Lowercase, then fold accents (cliënt = client), then Dutch stop words, then Snowball stemming with a
  small map of overrides for domain words the stemmer gets wrong (sociaal/sociale,
  ondersteuner/ondersteuning, plan/plannen, les/lessen).
- Compounds: Dutch glues words together ("cliëntondersteuning", "wijkteam"). When indexing, a word that
  ends in a word from DOMAIN_WORDS is split: the whole word is kept and the known parts are added at the
  SAME position, so "ondersteuning" finds "cliëntondersteuning" and a phrase query does not shift.
  Only known words are ever emitted as parts, so an unknown remainder is never cut into nonsense
  ("keukentafelgesprek" gives keukentafel, keuken, tafel, gesprek — never "keuk|entafel…").
  Queries are not split: asking for "cliëntondersteuning" means exactly that word.
- Diminutives of domain words ("gesprekje", "plannetje") also index their base word.
- MEE the organisation versus the everyday word "mee" ("doet mee"): the organisation is always written
  in capitals, so the token "MEE" (also in "MEE-consulent", "MEE Zuid-Limburg") becomes the distinct
  term MEE_TERM before lowercasing, and lowercase "mee" is a stop word. In a query, "MEE" in capitals
  means the organisation; so does a lowercase "mee" that is the whole query, the first word, or follows
  a preposition ("rol van mee"), because a researcher who types that means MEE. "doet mee" in a text
  therefore never matches a query for MEE.
- Exact diacritics: a second analyzer keeps only words written WITH diacritics. The index stores them in
  an extra field; a query word with diacritics also searches that field with a boost, so a section
  that writes "cliënt" ranks above one that writes only "client".
- Synonyms (buurtteam/wijkteam/sociaal team/gebiedsteam) are applied at query time, see SYNONYM_GROUPS.
"""

import re
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.lang import stemmer_for_language, stopwords_for_language

from .. import config
from ..text import fold

# Bump when the analysis changes in a way the source hash would not show (it is part of the index version).
ANALYSIS_VERSION = 3

MEE_TERM = "mee_org"
TOKEN_PATTERN = r"\w+"
STOP_WORDS = frozenset(stopwords_for_language("nl")) | {"mee"}
# A lowercase query "mee" after one of these words means the organisation ("rol van mee").
MEE_QUERY_PREPOSITIONS = {"van", "bij", "door", "met", "voor", "en", "of", "aan", "naast", "via"}

# Domain words that appear inside Dutch compounds, in their base form (folded, lowercase).
DOMAIN_WORDS = frozenset(
    """
    ondersteuning ondersteuner ondersteuners client team wijk buurt gebied zorg plan gesprek voorziening
    keuken tafel keukentafel vraag verheldering verduidelijking loket jeugd gezin werk inkomen consulent
    traject overdracht beleid gemeente organisatie netwerk kracht regie maatwerk budget aanbod partner
    professional instelling dienst informatie advies welzijn mantel beperking doelgroep groep project
    pilot subsidie transitie bureau participatie toegang regisseur coach matrix zelfredzaamheid huis
    leider voorziening contract opdracht afspraak model aanpak centrum punt kaart signaal casus expertise
    generalist specialist vrijwilliger cursus training handreiking
""".split()
)
# Endings of a compound's last part: plural and inflection forms of the domain word.
HEAD_ENDINGS = ("", "s", "en", "n", "e", "es")
# Letters that glue two parts of a compound ("ondersteunings|plan", "zorg|en|plan").
LINKING = ("s", "en", "e")
DIMINUTIVE_ENDINGS = ("etjes", "etje", "netjes", "netje", "tjes", "tje", "pjes", "pje", "kjes", "kje", "jes", "je")
MIN_PART = 3

# Stems the Dutch Snowball stemmer gets wrong for this domain: stem -> stem it should be.
# Applied to whole words and to the end of compounds ("cliëntondersteuner" -> "clientondersteun").
STEM_OVERRIDES = {
    "social": "sociaal",
    "ondersteuner": "ondersteun",
    "plann": "plan",
    "less": "les",
    "organisaties": "organisatie",
}

SYNONYM_GROUPS = (("wijkteam", "buurtteam", "gebiedsteam", "sociaal team", "sociaal wijkteam"),)

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def has_diacritics(word: str) -> bool:
    return fold(word) != word


@lru_cache(maxsize=1)
def snowball():
    return stemmer_for_language("nl")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball stem with the domain overrides, for a folded lowercase word."""
    if word == MEE_TERM:
        return word
    base = diminutive_base(word)
    if base:
        word = base
    result = snowball()(word)
    if result in STEM_OVERRIDES:
        return STEM_OVERRIDES[result]
    for wrong, right in STEM_OVERRIDES.items():
        if len(wrong) >= 4 and result.endswith(wrong) and len(result) - len(wrong) >= MIN_PART:
            return result[: -len(wrong)] + right
    return result


def diminutive_base(word: str) -> str:
    """'gesprekje' -> 'gesprek', 'plannetje' -> 'plan' for domain words; '' when not a known diminutive."""
    for ending in DIMINUTIVE_ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in DOMAIN_WORDS:
            return word[: -len(ending)]
    return ""


@lru_cache(maxsize=100_000)
def split_compound(word: str) -> tuple[str, ...]:
    """Known parts of a folded lowercase compound, in base form; () when it is not a known compound.

    The last part must be a domain word (optionally inflected); earlier parts are added only when they
    are domain words or compounds of them themselves. The longest known last part wins.
    """
    best = None
    for ending in HEAD_ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem_part = word[: len(word) - len(ending)] if ending else word
        candidates = [stem_part]
        if ending in ("en", "es") and len(stem_part) > 2 and stem_part[-1] == stem_part[-2]:
            candidates.append(stem_part[:-1])  # doubled consonant: gesprek|ken, plan|nen
        for stem_part in candidates:
            for size in range(len(stem_part) - MIN_PART, MIN_PART - 1, -1):
                head = stem_part[-size:]
                if head in DOMAIN_WORDS:
                    if best is None or len(head) > len(best[0]):
                        best = (head, stem_part[:-size])
                    break
    if best is None:
        return ()
    head, rest = best
    parts = [head]
    for candidate in [rest] + [rest[: -len(link)] for link in LINKING if rest.endswith(link)]:
        if len(candidate) < MIN_PART:
            continue
        if candidate in DOMAIN_WORDS:
            parts = [candidate] + list(split_compound(candidate)) + parts
            break
        inner = split_compound(candidate)
        if inner:
            parts = list(inner) + parts
            break
    return tuple(dict.fromkeys(parts))


@lru_cache(maxsize=200_000)
def word_terms(word: str) -> tuple[str, tuple[str, ...]]:
    """(stem of the whole word, stems of its diminutive base and compound parts) — cached per word."""
    whole = stem(word)
    base = diminutive_base(word)
    parts = []
    for part in ((base,) if base else ()) + split_compound(word):
        part_stem = stem(part)
        if part_stem != whole and part_stem not in parts:
            parts.append(part_stem)
    return whole, tuple(parts)


class MeeFilter(Filter):
    """Turns the organisation name 'MEE' (in capitals) into MEE_TERM before lowercasing."""

    def __call__(self, tokens):
        for t in tokens:
            if t.text == "MEE":
                t.text = MEE_TERM
            yield t


class FoldFilter(Filter):
    """Accent folding for Dutch: ë -> e, é -> e, ï -> i (keeps MEE_TERM intact)."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = fold(t.text)
            yield t


class DiacriticGate(Filter):
    """Keeps only words written with diacritics; for the field that rewards an exact spelling."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii() and has_diacritics(t.text):
                yield t


class DutchWordFilter(Filter):
    """Stems Dutch words (with overrides) and, when indexing, adds known compound parts at the same position."""

    is_morph = True

    def __init__(self, split_compounds: bool = True):
        self.split_compounds = split_compounds

    def __call__(self, tokens):
        split = self.split_compounds
        for t in tokens:
            if t.stopped:
                yield t
                continue
            whole, parts = word_terms(t.text)
            t.text = whole
            yield t
            if not split or t.mode == "query":
                continue
            for part in parts:
                t.text = part
                yield t


def dutch_analyzer():
    """Analyzer for the main text fields: folded, stop words out, stemmed, compounds split."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | MeeFilter()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | DutchWordFilter()
    )


def diacritic_analyzer():
    """Analyzer for the exact-spelling field: only words with diacritics, then as in dutch_analyzer."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | MeeFilter()
        | LowercaseFilter()
        | DiacriticGate()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | DutchWordFilter()
    )


@lru_cache(maxsize=1)
def shared_analyzer():
    return dutch_analyzer()


def analyze(text: str, mode: str = "index") -> list[str]:
    """The index terms of a text, in order (compound parts follow their whole word)."""
    return [t.text for t in shared_analyzer()(text, mode=mode)]


def prepare_query_text(text: str) -> str:
    """Clean what a person typed: no control characters, a length cap, and lowercase 'mee' meaning MEE."""
    text = CONTROL_CHARS.sub(" ", str(text))[: config.QUERY_MAX_CHARS]
    words = text.split()
    out = []
    for i, word in enumerate(words):
        bare = word.strip("\"'()")
        if bare == "mee" and (
            len(words) == 1 or i == 0 or words[i - 1].lower().strip("\"'(") in MEE_QUERY_PREPOSITIONS
        ):
            word = word.replace("mee", "MEE")
        out.append(word)
    return " ".join(out)


@lru_cache(maxsize=1)
def synonym_map() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Query stem -> every synonym as a tuple of stems (a tuple longer than one is a phrase)."""
    mapping = {}
    for group in SYNONYM_GROUPS:
        variants = tuple(tuple(analyze(v, mode="query")) for v in group)
        for variant in variants:
            if len(variant) == 1:
                mapping[variant[0]] = variants
    return mapping


def synonyms(term: str) -> tuple[tuple[str, ...], ...]:
    """The synonyms of one analysed query term, including itself; () when it has none."""
    return synonym_map().get(term, ())


def folded_words(text: str) -> list[str]:
    """Lowercase folded words of a text, unstemmed: what a spelling suggestion is made of."""
    return [fold(w.lower()) for w in re.findall(TOKEN_PATTERN, text)]
