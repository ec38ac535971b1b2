"""The template for a new case file: slug from a municipality name, and the text of a fresh case.

A fresh file parses as YAML but does not pass `check` until the editor fills it in: every empty field
makes `check` print what to write there. Hints live in YAML comments and in "(Vul in: …)" lines.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..problems import Problem
from .vocabulary import load_vocabulary

# Body hints start with this text, so a forgotten hint can be found again (see `leftover_hints`).
HINT_PREFIX = "(Vul in:"
GUIDE_ANCHOR = "nieuw-praktijkvoorbeeld"
COMMENT_COLUMN = 28  # where the YAML hint comments start, so they line up

# One short Dutch hint per fixed heading; the editor replaces it with real text.
SECTION_HINTS = {
    "In het kort": "twee of drie zinnen: wie deed wat, waar en wanneer.)",
    "Aanpak": "hoe werkte het voorbeeld? Wie voerde de gesprekken, met welke werkwijze?)",
    "Betrokken partijen": "welke organisaties deden mee? Noem organisaties, geen namen van personen.)",
    "Resultaten": "wat leverde het op? Noem cijfers alleen als een bron ze geeft.)",
    "Lessen": "wat leerden de gemeente en MEE? Schrijf het in uw eigen woorden.)",
    "Stand van zaken 2014": "hoe stond het ervoor bij het vervolgonderzoek in 2014?)",
    "Rol van MEE": "wat doet MEE vanaf 2015 voor de gemeente? Schrijf zinnen met MEE als onderwerp. "
    "Daaruit leest de kennisbank de rol af.)",
    "Latere ontwikkelingen": "wat veranderde er na 2014? Laat dit kopje weg als u het niet weet.)",
    "Wat we nog niet weten": "welke vragen beantwoorden de bronnen niet? Zet ze ook in het veld 'gaps'.)",
    "Bronnen": "zet elke bron op een eigen regel: - [Titel](https://…), uitgever, jaar.)",
}


@dataclass(frozen=True)
class Scaffold:
    path: Path
    slug: str
    text: str


def slugify(name: str) -> str:
    """'Súdwest-Fryslân' -> 'sudwest-fryslan': lowercase, diacritics folded, other characters -> '-'."""
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def quoted(text: str) -> str:
    """A YAML double-quoted scalar; JSON strings are valid YAML and escape quotes and backslashes."""
    return json.dumps(text, ensure_ascii=False)


def case_text(municipality: str, slug: str, title: str = "", province: str = "") -> str:
    """The text of a fresh case file for one municipality."""
    vocabulary = load_vocabulary()
    themes = ", ".join(vocabulary.themes)
    periods_roles = ", ".join(r for r in vocabulary.roles if r != "unknown")
    arrangements = ", ".join(vocabulary.arrangements)
    provinces = ", ".join(vocabulary.provinces)
    rows = [
        ("---", ""),
        (f"# Nieuw praktijkvoorbeeld. Vul elk veld in en draai daarna: python -m search check cases/{slug}.md", ""),
        (f"# Uitleg per veld: {config.GUIDE}#velden", ""),
        (f"slug: {slug}", "gelijk aan de bestandsnaam; niet veranderen"),
        (f"title: {quoted(title)}", 'titel van de pagina, bijvoorbeeld "Het Gesprek in Zeist"'),
        ('programme: ""', "naam van de pilot of het programma"),
        ("municipalities:", "gemeenten die meedoen, elk op een eigen regel"),
        (f"  - {quoted(municipality)}", ""),
        ('region: ""', "regio waar de gemeente bij hoort, bijvoorbeeld Utrecht-Midden"),
        (f"province: {quoted(province)}", f"één van: {provinces}"),
        ('mee_organisation: ""', "naam van de MEE-organisatie, of: onbekend"),
        ("period:", ""),
        ("  start:", "jaar waarin het voorbeeld begon, bijvoorbeeld 2013"),
        ("  # end: 2014", "jaar waarin het eindigde (weglaten als het nog loopt)"),
        ("# revisited: 2014-06", "datum van het vervolgonderzoek (JJJJ, JJJJ-MM of JJJJ-MM-DD)"),
        ('summary: ""', "één of twee zinnen, hoogstens 300 tekens"),
        ("themes: []", f"bijvoorbeeld [vraagverheldering, wijkteam]; kies uit: {themes}"),
        ("sources: []", f"per bron: titel, uitgever, datum, link en wat u las; zie {config.GUIDE}#bronnen"),
        ("# sources:", "zo ziet één bron eruit:"),
        ('#   - title: "Titel van de bron"', ""),
        ("#     publisher: Movisie", "een organisatie, nooit een persoon"),
        ("#     date: 2014-12-15", "weglaten als de bron geen datum noemt; raad nooit een jaar"),
        ("#     url: https://www.movisie.nl/…", ""),
        ('#     read: "begin van de pagina"', "wat u van de bron kon lezen"),
        ("gaps: []", 'open vragen, bijvoorbeeld ["Welke rol heeft MEE in 2015?"]'),
        ("# coordinates: {lat: 52.09, lon: 5.23}", "plaats op de kaart (mag weg)"),
        ("# Noemt een bron de rol van MEE, met een jaar? Zet die dan in role_history, de oudste periode eerst.", ""),
        (f"# Zie {config.GUIDE}#rolgeschiedenis. Zonder role_history leest de kennisbank de rol uit de tekst.", ""),
        ("# role_history:", ""),
        ("#   - role: generalist", f"één van: {periods_roles}"),
        ("#     start: 2015", "eerste jaar"),
        ("#     end: 2020", "laatste jaar (weglaten als het nog zo is)"),
        ('#     evidence: "Wat de bron over deze rol zegt, in uw eigen woorden."', ""),
        ("#     source: https://www.movisie.nl/…", "precies de link van een bron hierboven"),
        (f"# Afspraken en cijfers (alleen als een bron ze noemt; zie {config.GUIDE}#afspraken):", ""),
        ("# arrangement: {kind: subsidie, year: 2015, source: https://…}", f"kind: {arrangements}"),
        ('# budget: {text: "80% van het budget", share_percent: 80, year: 2015, source: https://…}', ""),
        ("# clients: {count: 2500, year: 2014, source: https://…}", "aantal cliënten"),
        ('# other_providers: {names: ["Stichting X"], source: https://…}', "andere cliëntondersteuners"),
        ('# transition: {text: "Wat er met lopende trajecten van MEE gebeurde.", source: https://…}', ""),
        ('# later_changes: [{year: 2021, text: "Wat er veranderde.", source: https://…}]', ""),
        ("# organisation_today: {name: MEE Plus, url: https://www.meeplus.nl}", "de MEE-organisatie nu"),
        ("---", ""),
    ]
    front = "".join(
        (f"{code:<{max(COMMENT_COLUMN, len(code) + 1)}}# {comment}" if comment else code) + "\n"
        for code, comment in rows
    )
    sections = []
    for heading in vocabulary.section_headings:
        hint = SECTION_HINTS.get(heading, "schrijf hier de tekst voor dit kopje.)")
        sections.append(f"## {heading}\n\n{HINT_PREFIX} {hint}\n")
    return front + "\n" + "\n".join(sections)


def make_scaffold(
    municipality: str, cases_dir: Path = config.CASES_DIR, title: str = "", province: str = "", slug: str = ""
) -> Scaffold:
    """Plan a new case file (nothing is written); `slug` defaults to the municipality's slug."""
    slug = slug or slugify(municipality)
    path = Path(cases_dir) / f"{slug}{config.CASE_SUFFIX}"
    return Scaffold(path=path, slug=slug, text=case_text(municipality.strip(), slug, title.strip(), province))


def write_scaffold(scaffold: Scaffold) -> None:
    """Write the file; 'x' mode refuses an existing file even if one appeared since we looked."""
    with open(scaffold.path, "x", encoding="utf-8") as handle:
        handle.write(scaffold.text)


def leftover_hints(path: Path) -> list[Problem]:
    """Body lines that still hold a '(Vul in: …)' hint from the template."""
    problems = []
    text = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(HINT_PREFIX):
            problems.append(
                Problem(
                    Path(path),
                    number,
                    "Hier staat nog een invulhulp uit het sjabloon.",
                    "vervang de regel '(Vul in: …)' door uw eigen tekst, of haal het kopje weg "
                    "als het niet verplicht is",
                    guide=GUIDE_ANCHOR,
                )
            )
    return problems
