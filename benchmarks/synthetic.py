"""A synthetic but valid corpus of case files in Dutch-like text, for benchmarks.

Words come from a list of real domain words plus made-up Dutch-sounding words, drawn with a Zipf-like
distribution so the index has realistic common and rare terms. Every file passes `python -m search check`.
"""

import itertools
import random
from pathlib import Path

from search.content.vocabulary import load_vocabulary

REAL_WORDS = """
    gemeente inwoner cliënt cliëntondersteuning ondersteuning ondersteuner wijkteam buurtteam gebiedsteam
    sociaal sociale team zorg hulp vraag gesprek keukentafelgesprek plan ondersteuningsplan overdracht
    traject consulent beleid netwerk organisatie samenwerking partner loket toegang voorziening
    maatwerkvoorziening algemene jeugd gezin werk inkomen vrijwilliger mantelzorger budget aanbod
    subsidie transitie afspraak regie kracht zelfredzaamheid deskundigheid beperking doelgroep pilot
    project evaluatie resultaat les ervaring wijk buurt huis school dienst informatie advies welzijn
    onafhankelijk breed specialistisch generalist specialist signaal kennis scholing training
""".split()
FUNCTION_WORDS = (
    "de het een en van in op met voor bij aan door over naar om dat die er ook niet wel maar als dan".split()
)
ONSETS = [
    "b",
    "d",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "st",
    "sch",
    "br",
    "kl",
    "tr",
    "gr",
    "sp",
    "vr",
    "bl",
    "pr",
]
VOWELS = ["a", "e", "i", "o", "u", "aa", "ee", "oo", "ie", "oe", "ui", "ij", "ei", "eu", "ou"]
CODAS = ["", "k", "l", "m", "n", "r", "s", "t", "nd", "rk", "ld", "ng", "cht", "st", "rt"]
SUFFIXES = ["", "", "", "ing", "heid", "en", "er", "lijk", "tje", "s", "e"]
SECTIONS = [
    "In het kort",
    "Aanpak",
    "Betrokken partijen",
    "Resultaten",
    "Lessen",
    "Rol van MEE",
    "Wat we nog niet weten",
    "Bronnen",
]
TEXT_SECTIONS = SECTIONS[:-1]
PROVINCE_SPOTS = {
    "groningen": (53.2, 6.6),
    "fryslan": (53.1, 5.8),
    "drenthe": (52.9, 6.6),
    "overijssel": (52.4, 6.4),
    "flevoland": (52.5, 5.5),
    "gelderland": (52.0, 5.9),
    "utrecht": (52.09, 5.12),
    "noord-holland": (52.4, 4.9),
    "zuid-holland": (52.0, 4.5),
    "zeeland": (51.5, 3.8),
    "noord-brabant": (51.6, 5.1),
    "limburg": (51.0, 5.9),
}


def made_up_word(rng: random.Random) -> str:
    syllables = rng.choice((1, 2, 2, 3))
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables))
    return word + rng.choice(SUFFIXES)


def lexicon(rng: random.Random, size: int = 20_000) -> list[str]:
    words = list(dict.fromkeys(REAL_WORDS + [made_up_word(rng) for _ in range(size)]))
    rng.shuffle(words)
    return words


def zipf_weights(count: int) -> list[float]:
    """Cumulative Zipf-like weights (pass as cum_weights: computing them per draw is far too slow)."""
    return list(itertools.accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(count)))


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    length = rng.randint(8, 16)
    chosen = rng.choices(words, cum_weights=weights, k=length)
    for i in range(1, length, 3):
        chosen[i] = rng.choice(FUNCTION_WORDS)
    if rng.random() < 0.15:
        chosen[rng.randrange(length)] = "MEE"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def case_text(
    slug: str,
    index: int,
    rng: random.Random,
    words,
    weights,
    words_per_case: int,
    provinces: list[str],
    themes: list[str],
) -> str:
    province = provinces[index % len(provinces)]
    lat, lon = PROVINCE_SPOTS.get(province, (52.1, 5.1))
    start = 2010 + index % 6
    name = words[index % 500].capitalize()
    chosen_themes = sorted(set(rng.sample(themes, k=min(3, len(themes)))))
    per_section = max(1, words_per_case // len(TEXT_SECTIONS))
    body = []
    for heading in TEXT_SECTIONS:
        sentences, count = [], 0
        while count < per_section:
            sentence_text = sentence(rng, words, weights)
            sentences.append(sentence_text)
            count += sentence_text.count(" ") + 1
        body.append(f"## {heading}\n\n" + " ".join(sentences) + "\n")
    body.append(f"## Bronnen\n\n- [Verslag {name}](https://example.org/{slug}), Testbureau, {start}.\n")
    summary = sentence(rng, words, weights)[:280]
    return (
        "---\n"
        f"slug: {slug}\n"
        f'title: "Proef {name} {index}"\n'
        f'programme: "Proef {name}"\n'
        f"municipalities:\n  - {name}stad\n"
        f"region: Regio {name}\n"
        f"province: {province}\n"
        f"mee_organisation: MEE {name}\n"
        f"period:\n  start: {start}\n  end: {start + 1}\n"
        f'summary: "{summary}"\n'
        "themes:\n"
        + "".join(f"  - {t}\n" for t in chosen_themes)
        + f'sources:\n  - title: "Verslag {name}"\n    publisher: Testbureau\n    date: "{start}-06"\n'
        f"    url: https://example.org/{slug}\n"
        "gaps:\n  - Wat gebeurde er daarna?\n"
        f"coordinates:\n  lat: {lat}\n  lon: {lon}\n"
        "---\n\n" + "\n".join(body)
    )


def write_corpus(directory, n_cases: int, words_per_case: int = 600, seed: int = 0) -> list[Path]:
    """Write n_cases valid case files into `directory` (created if needed); returns their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = lexicon(rng)
    weights = zipf_weights(len(words))
    vocabulary = load_vocabulary()
    provinces, themes = list(vocabulary.provinces), list(vocabulary.themes)
    paths = []
    for index in range(n_cases):
        slug = f"proef-{index:05d}"
        path = directory / f"{slug}.md"
        path.write_text(
            case_text(slug, index, rng, words, weights, words_per_case, provinces, themes), encoding="utf-8"
        )
        paths.append(path)
    return paths


def query_words(n_queries: int, seed: int = 1) -> list[str]:
    """Two-word queries from the same lexicon: one common and one mid-frequency word each."""
    rng = random.Random(0)
    words = lexicon(rng)
    picker = random.Random(seed)
    queries = []
    for _ in range(n_queries):
        queries.append(f"{picker.choice(words[20:200])} {picker.choice(words[200:3000])}")
    return queries
