"""Text handling for the role classifier: folding and typo healing, sentences, clauses, mentions of MEE.

Also a light Markdown-to-sections reader, so classifying a case needs no HTML round trip.
"""

import re
from functools import lru_cache

from ..content.body import FENCE, level2_parts
from ..text import edit_distance
from ..text import fold as strip_diacritics

# ---------------------------------------------------------------- normalisation

# Key cue words for typo tolerance (edit distance ≤ 1). Compound heads may carry a tail ("wijkteamleden").
TYPO_KEYS = (
    "onafhankelijk",
    "onafhankelijke",
    "clientondersteuning",
    "clientondersteuner",
    "clientondersteuners",
    "generalist",
    "generalisten",
    "generalistisch",
    "specialistisch",
    "specialistische",
    "specialist",
    "maatwerk",
    "maatwerkvoorziening",
    "maatwerkvoorzieningen",
    "generalistische",
    "wijkteam",
    "wijkteams",
    "buurtteam",
    "buurtteams",
    "gebiedsteam",
    "gebiedsteams",
    "ingekocht",
    "gecontracteerd",
    "consulenten",
    "voorziening",
    "voorzieningen",
    "algemene",
    "collectieve",
    "tweedelijns",
    "eerstelijns",
    "subsidie",
    "indicatie",
    "sociale",
    "sociaal",
)
COMPOUND_HEADS = ("clientondersteun", "maatwerk", "wijkteam", "buurtteam", "gebiedsteam")
_KEY_SET = frozenset(TYPO_KEYS)
_KEYS_BY_LENGTH: dict[int, list[str]] = {}
for _key in TYPO_KEYS + COMPOUND_HEADS:
    _KEYS_BY_LENGTH.setdefault(len(_key), []).append(_key)

WORD = re.compile(r"[a-z]{7,}")
SHARED_HEAD = re.compile(r"\b(\w+)[-‐‑–] (en|of) (\w*?)(teams?|voorzieningen|voorziening|ondersteuning|begeleiding)\b")
JOINED_HYPHEN = re.compile(r"(?<=[a-z0-9])[-‐‑–](?=[a-z])")
# "wijk team", "sociaal wijk team", "maatwerk voorziening": close the space in compounds editors split.
SPLIT_COMPOUNDS = re.compile(
    r"\b(wijk|buurt|gebieds|dorps|kern|toegangs|expertise) (teams?)\b|"
    r"\b(maatwerk|client) (voorziening\w*|ondersteun\w*)\b|"
    r"\b(tweede|eerste) (lijns?|lijnsh\w*)\b"
)
NAMES = (
    (re.compile(r"amstel (?:en|&) zaan"), "amstelzaan"),
    (re.compile(r"gooi (?:en|&) vecht\w*"), "gooivecht"),
    (re.compile(r"samen doen"), "samendoen"),
    (re.compile(r"jeugd en gezin"), "jeugdengezin"),
    (re.compile(r"ouder (?:en|&) kind"), "ouderkind"),
    (re.compile(r"\bsociaal wijk"), "sociaalwijk"),
)


# Typographic punctuation that must survive folding as its ASCII look-alike.
PUNCTUATION = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "…": "..."}
)


def fold(text: str) -> str:
    """Lowercase without diacritics: 'Cliëntondersteuning' → 'clientondersteuning'."""
    if text.isascii():
        return text.lower()
    # Symbols left after folding (such as '€') are dropped too: no cue needs them.
    return strip_diacritics(text.translate(PUNCTUATION)).encode("ascii", "ignore").decode("ascii").lower()


def one_edit_apart(a: str, b: str) -> bool:
    return edit_distance(a, b, 1) <= 1


@lru_cache(maxsize=20000)
def correct_word(word: str) -> str:
    """Map a misspelt key cue word (≥ 7 letters, one edit away) onto its spelling in the lexicon.

    A word one edit from a key is healed even when it starts with a shorter key ("specialistsche" →
    "specialistische"); a longer word that only starts with a key is a compound and stays ("wijkteamleden")."""
    if word in _KEY_SET:
        return word
    for length in (len(word), len(word) - 1, len(word) + 1):  # a swap or a wrong letter first
        for key in _KEYS_BY_LENGTH.get(length, ()):
            if one_edit_apart(word, key):
                return key
    for key in TYPO_KEYS:
        if word.startswith(key):
            return word
    for head in COMPOUND_HEADS:  # a typo in the head of a compound: "wijkteamlden" stays, "wijkteem…" heals
        for cut in (len(head) - 1, len(head), len(head) + 1):
            tail = word[cut:]
            if len(tail) >= 4 and one_edit_apart(word[:cut], head):
                return head + tail
    return word


def normalise(text: str) -> str:
    """Text the cue patterns read: folded, hyphens in words removed, split compounds closed, typos healed."""
    text = fold(text).replace("’", "'").replace("‘", "'")
    text = JOINED_HYPHEN.sub("", text)
    text = SHARED_HEAD.sub(r"\1\4 \2 \3\4", text)  # "wijk- en buurtteams" → "wijkteams en buurtteams"
    text = re.sub(r"[-‐‑–](?= en\b| of\b)", "", text)
    for pattern, replacement in NAMES:
        text = pattern.sub(replacement, text)
    text = SPLIT_COMPOUNDS.sub(lambda m: "".join(g for g in m.groups() if g), text)
    text = WORD.sub(lambda m: correct_word(m.group(0)), text)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- sentences and scope

# Abbreviations whose dot does not end a sentence (compared lowercase, without the final dot).
ABBREVIATIONS = frozenset(
    """o.a bijv bv b.v ca e.d enz m.b.t i.p.v d.w.z i.s.m t.a.v m.n z.g.a resp incl excl nl
    vgl evt jl a.s t.b.v o.b.v m.u.v dhr mevr mw st nr art blz p zgn d.d i.o.m e.a t/m m.i.v j.l vs""".split()
)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9ÀÁÂÄÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜ•\-–*])")
LIST_MARK = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of plain text; abbreviations (o.a., bijv., t/m, ca.) and list items are respected."""
    sentences = []
    for line in text.split("\n"):
        line = LIST_MARK.sub("", line).strip() if line[:1] in "-*•–0123456789 " else line.strip()
        if not line:
            continue
        pending = ""
        for part in SENTENCE_END.split(line):
            pending = f"{pending} {part}" if pending else part
            last = pending.rsplit(None, 1)[-1].lower().rstrip(".") if pending.endswith(".") else ""
            if last in ABBREVIATIONS:
                continue
            sentences.append(pending.strip())
            pending = ""
        if pending:
            sentences.append(pending.strip())
    return sentences


# "MEE", "MEE-consulent", "MEE Zuid-Limburg", "MEE's", "Stichting Mee": but not the word "mee" ("doet mee").
MEE_MENTION = re.compile(
    r"\bMEE\b|\bM\.E\.E\b|"
    r"(?<=[a-z,;:] )Mee\b(?! eens)|"  # capitalised mid-sentence: a name
    r"^Mee(?=[- ](?:[A-Z]|consulent|organisatie|plus|groep|levert|werkt|biedt|is|zit|heeft|krijgt))|"
    r"\b[Mm]ee[-‐](?:consulent|organisatie|medewerk|clientondersteun|cliëntondersteun|team|locatie|"
    r"Nederland|[A-Z])\w*|"
    r"\bmee (?=(?:zuid|noord|oost|west|amstel|utrecht|plus|nederland|drechtsteden|ijsseloevers|brabant|"
    r"gelderse|twente|groningen|friesland|drenthe|zeeland|rotterdam|den haag|consulent|organisatie)\w*\b)|"
    # Informal notes write the name in lower case. The everyday "mee" does not start a sentence before
    # these verbs, follow "bij"/"via"/"namens", or begin a hyphenated noun ("mee-eten" aside).
    r"(?:^|[.:;!?] )mee (?=(?:zit|zitten|levert|leveren|geeft|krijgt|is|heeft|werkt|biedt|blijft|mag|kan|"
    r"zal|wordt|had|was|stelt|ontvangt|verzorgt|voert|houdt)\b)|"
    r"\b(?:bij|via|namens) mee\b(?! (?:eens|te|naar|doen|gaan|nemen|werken|denken|kijken|praten|beslissen|"
    r"helpen|lopen|draaien|in|op|aan)\b)(?!-?\w)|"
    r"\bmee[-‐](?!e)[a-z]{3,}"
)
# A sentence that carries MEE over from the previous one.
REFERS_BACK = re.compile(
    r"^['\"(]?(?:\w+ ){0,6}(?:zij|ze|haar|hun|hen)\b|"
    # a passage split over sentences: "een ander deel (van de medewerkers) …"
    r"\b(?:een|het) (?:ander|tweede|derde) deel\b|\bde rest van\b|"
    r"\b(?:enkele|sommige|andere|overige|twee|drie|vier) (?:consulent|medewerker|clientondersteuner)\w*\b|"
    r"\b(?:de|deze|die|haar|hun) (?:organisatie|stichting|"
    r"consulent|consulenten|medewerkers?|clientondersteuners|professionals van mee|hulp|"
    r"ondersteuning|begeleiding|dienstverlening|inzet)\b"
)
# An interview: "wij", "onze consulenten" refer to MEE once MEE has been named and someone is speaking.
FIRST_PERSON = re.compile(
    r"^['\"]?(?:\w+ ){0,6}(?:wij|we|ons|onze(?! (?:gemeente|ambtenaren|wethouders?|"
    r"inwoners|burgers|raad|college|stad|dorp|regio)\b))\b"
)
INTERVIEW = re.compile(
    r"['\"]|\b(?:zegt|zei|vertelt|vertelde|legt uit|licht toe|interview\w*|gesprek met|"
    r"aan het woord|volgens)\b"
)
# A sentence about MEE that points back at the previous one: "Die taak ligt bij MEE."
POINTS_BACK = re.compile(
    r"\b(?:die|deze|dat|dit|zo'n) (?:rol|taak|functie|positie|opdracht|plek|werk|ondersteuning)\b|"
    r"\b(?:voldoet|voldoen) daaraan\b|\bdaaraan (?:voldoet|voldoen)\b|"
    # "… een onafhankelijke ondersteuner. In onze gemeente is dat een medewerker van MEE."
    r"\b(?:is|zijn|was|waren) (?:dat|dit|die|deze) (?:een|de|het)\b"
)


def mentions_mee(sentence: str) -> bool:
    return ("MEE" in sentence or "ee" in sentence) and bool(MEE_MENTION.search(sentence))


# Clause boundaries: punctuation, and conjunctions that start a new statement.
CLAUSE_SPLIT = re.compile(
    r"\s*[,;:()]\s*|\s+(?:maar|terwijl|want|doch|omdat|hoewel|zodat|waardoor|"
    r"die|dat|waarin|waarbij|waar|wie|wanneer|indien|zodra|tenzij|en|of)\s+|\s+-\s+|\s+–\s+"
)


# "in dat team", "van die teams": a demonstrative after a preposition is no relative pronoun.
DEMONSTRATIVE = re.compile(r"\b(in|van|aan|voor|met|op|uit|bij|naar|over|door|om|binnen|buiten) (?:die|dat|deze|dit) ")


def clauses(norm_sentence: str) -> list[str]:
    norm_sentence = DEMONSTRATIVE.sub(r"\1 de ", norm_sentence)
    return [c for c in CLAUSE_SPLIT.split(norm_sentence) if c and c.strip()]


MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|<(https?://[^>]+)>")
MD_MARKUP = re.compile(r"(\*\*|__|\*|`|^#{3,6}\s+|^>\s?|\{[:#.][^}]*\})", re.MULTILINE)


def markdown_sections(body: str) -> list[tuple[str, str]]:
    """(heading, plain text) per level-2 section, without a Markdown renderer: the classifier only needs
    sentences, and skipping the HTML round trip makes it about four times faster on a case. Headings are
    the same text search.text.split_sections gives."""
    sections = []
    for heading, raw_lines in level2_parts(body):
        lines = []
        for line in raw_lines[1:] if heading else raw_lines:
            if FENCE.match(line):
                continue
            if "[" in line or "<" in line:
                line = MD_LINK.sub(lambda m: m.group(1) or m.group(2) or "", line)
            text = MD_MARKUP.sub("", line).strip() if any(c in line for c in "*_`#>{") else line.strip()
            if text:
                lines.append(text)
        sections.append((MD_MARKUP.sub("", heading).strip(), "\n".join(lines)))
    return [(h, t) for h, t in sections if h or t]


# ---------------------------------------------------------------- which sentences are about MEE

# Sections that say what is *not* known, or only list sources, are no evidence about the arrangement.
SECTION_FACTORS = {"bronnen": 0.0, "wat we nog niet weten": 0.0}
CARRY_OVER_FACTOR = 0.8  # a sentence that refers back to MEE ("zij", "de organisatie")
MAX_CARRY_OVER = 2  # at most two referring sentences in a row after one that names MEE


class Scoped:
    """One sentence in reading order, with how much it is about MEE (factor 0: not about MEE)."""

    __slots__ = ("section", "sentence", "order", "factor", "direct", "norm", "pointed")

    def __init__(self, section, sentence, order, factor, direct, norm, pointed):
        self.section, self.sentence, self.order, self.factor = section, sentence, order, factor
        self.direct, self.norm = direct, norm  # norm is None for sentences not about MEE (saves time)
        self.pointed = pointed  # (sentence, order) of the sentence before, when this one points back at it


def scoped_sentences(sections):
    """Every sentence of (heading, text) pairs, marked with its MEE scope.

    In scope: a sentence naming MEE; up to two sentences after it that refer back ("zij", "de organisatie"),
    or in an interview "wij"/"onze consulenten"; in a section about MEE every referring sentence."""
    order = 0
    for heading, text in sections:
        factor = SECTION_FACTORS.get(heading.strip().lower(), 1.0)
        if factor == 0.0:
            continue
        about_mee_section = "mee" in heading.lower()
        chain, previous = 0, None  # chain: sentences since the last one that named MEE (0 = none)
        speaking = False  # an interview or quote: "wij" and "onze consulenten" may be MEE
        for sentence in split_sentences(text):
            order += 1
            direct = mentions_mee(sentence)
            norm = None
            if direct:
                scope = 1.0
                speaking = speaking or bool(INTERVIEW.search(fold(sentence)))
            elif (0 < chain <= MAX_CARRY_OVER or about_mee_section) and (
                REFERS_BACK.search(norm := normalise(sentence))
                or (FIRST_PERSON.search(norm) and (speaking or INTERVIEW.search(norm)))
            ):
                # "Ze werkt mee in de teams. Daarnaast geeft ze …": a pronoun chain keeps MEE in scope.
                scope = CARRY_OVER_FACTOR
            else:
                chain, previous = 0, (sentence, order)
                yield Scoped(heading, sentence, order, 0.0, False, None, None)
                continue
            chain = 1 if direct else chain + 1
            norm = norm or normalise(sentence)
            pointed = previous if direct and previous is not None and POINTS_BACK.search(norm) else None
            previous = None
            yield Scoped(heading, sentence, order, factor * scope, direct, norm, pointed)
