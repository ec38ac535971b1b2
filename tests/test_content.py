"""The site's content: the five cases and the hand-written pages hold the facts that matter and follow the rules.

Facts are checked per section of the case text, so moving a fact to the wrong section fails too.
"""

import re
import subprocess
import sys

import pytest
import yaml

from search.content import validate
from search.content.cases import load_cases
from search.text import split_sections

from .conftest import REPO

CASES_DIR = REPO / "cases"
DOCS_DIR = REPO / "docs"
GLOSSARY = DOCS_DIR / "glossary.yml"
COPYCHECK = REPO.parent / "shared" / "tools" / "copycheck.py"

SLUGS = ["parkstad-limburg", "zeist", "goirle", "dordrecht", "amsterdam"]
PAGES = [
    "index.md",
    "overdracht.md",
    "checklist-warme-overdracht.md",
    "trends-2014.md",
    "rollen-van-mee.md",
    "bronnen.md",
    "toegankelijkheid.md",
]

# (section heading, pattern) pairs per case: the facts a reader must find there.
KEY_FACTS = {
    "zeist": [
        ("In het kort", r"methode voor integrale vraagverheldering"),
        ("Aanpak", r"samen met zeven lokale partners"),
        ("Resultaten", r"\b90 gesprekken\b"),
        ("Resultaten", r"\b14 getrainde gespreksvoerders\b"),
        ("Betrokken partijen", r"MEE Utrecht, Gooi & Vecht"),
        ("Lessen", r"Laat niet één persoon beslissen over een voorziening én de vraag verhelderen"),
        ("Rol van MEE", r"In 2013 leidde MEE Utrecht, Gooi & Vecht het project"),
    ],
    "parkstad-limburg": [
        ("In het kort", r"kreeg geen vervolg"),
        ("Aanpak", r"zelfredzaamheidsmatrix|\bZRM\b"),
        ("Resultaten", r"piramide van eigen kracht en de ZRM"),
        ("Stand van zaken 2014", r"MEE Zuid-Limburg gaf geen voorrang aan meedoen met dit vervolg"),
        ("Stand van zaken 2014", r"Gewoon DOEN! kreeg geen vervolg"),
        ("Rol van MEE", r"MEE deed niet mee aan het vervolggesprek in 2014"),
    ],
    "goirle": [
        ("In het kort", r"'t Loket een centrale rol in de toegang"),
        ("Aanpak", r"11 maart 2014 nam de gemeenteraad de nota \"Triple T"),
        ("Aanpak", r"27 mei 2014"),
        ("Rol van MEE", r"In 2016 was MEE nog een van de partners rond 't Loket"),
    ],
    "dordrecht": [
        ("In het kort", r"Sinds 1 januari 2015 heeft Dordrecht vijf sociale teams"),
        ("Aanpak", r"De pilot in Dordrecht West"),
        ("Betrokken partijen", r"MEE, voor cliëntondersteuning"),
        ("Rol van MEE", r"Vanaf 1 januari 2015 is MEE een van de partnerorganisaties in de vijf sociale teams"),
        ("Latere ontwikkelingen", r"2018: de MEE Plus Groep"),
    ],
    "amsterdam": [
        ("In het kort", r"begon in 2012 met het programma Samen DOEN"),
        ("In het kort", r"alle 22 gebieden van de stad"),
        ("In het kort", r"Buurtteams helpen kwetsbare huishoudens"),
        ("Aanpak", r"zelfredzaamheidsmatrix \(ZRM\)"),
        ("Latere ontwikkelingen", r"Eind 2018: de gemeente gaf MEE Amstel en Zaan subsidie"),
        ("Latere ontwikkelingen", r"zowel binnen als buiten de buurtteams"),
    ],
}

# Front-matter facts from the fact sheets: the MEE organisation only where a source confirms it.
MEE_ORGANISATION = {
    "parkstad-limburg": "MEE Zuid-Limburg",
    "zeist": "MEE Utrecht, Gooi & Vecht",
    "goirle": "onbekend",
    "dordrecht": "onbekend",
    "amsterdam": "onbekend",
}
# Editor overrides: None means the classifier decides.
EDITOR_ROLE = {
    "parkstad-limburg": None,
    "zeist": "unknown",
    "goirle": None,
    "dordrecht": "generalist",
    "amsterdam": "unknown",
}

GLOSSARY_REQUIRED = [
    "Wmo 2015",
    "AWBZ",
    "MEE",
    "MEE-doelgroep",
    "cliëntondersteuning",
    "onafhankelijke cliëntondersteuning",
    "cliëntondersteuner",
    "maatwerkvoorziening",
    "algemene voorziening",
    "sociaal wijkteam",
    "buurtteam",
    "keukentafelgesprek",
    "vraagverheldering",
    "ZRM",
    "zelfredzaamheidsmatrix",
    "ondersteuningsplan",
    "warme overdracht",
    "overgangscliënt",
    "TransitieBureau Wmo",
    "Movisie",
    "VNG",
    "VWS",
    "indicatiestelling",
    "eigen kracht",
    "levensbreed",
    "decentralisatie",
    "Wmo-loket",
    "CJG",
    "pilot",
]

MARKDOWN_LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def cases():
    loaded, problems = load_cases([CASES_DIR / f"{slug}.md" for slug in SLUGS])
    assert problems == []
    return {case.slug: case for case in loaded}


def sections_of(case) -> dict[str, str]:
    return {section.heading: section.text for section in split_sections(case.body)}


def raw_section(markdown_text: str, heading: str) -> str:
    """The Markdown under one `## heading`, up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown_text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


# ------------------------------------------------------------------ cases


@pytest.mark.parametrize("slug", SLUGS)
def test_case_file_exists_with_its_slug_and_passes_check(slug):
    path = CASES_DIR / f"{slug}.md"
    assert path.is_file()
    errors = [str(p) for p in validate.check([path]) if p.is_error]
    assert errors == []


def test_cases_carry_their_slugs_and_the_2014_revisit(cases):
    assert sorted(cases) == sorted(SLUGS)
    for slug, case in cases.items():
        assert case.meta["slug"] == slug
        assert case.meta["revisited"] == "2014-06"


@pytest.mark.parametrize("slug", SLUGS)
def test_case_states_its_key_facts_in_the_right_section(cases, slug):
    sections = sections_of(cases[slug])
    missing = [
        (heading, pattern) for heading, pattern in KEY_FACTS[slug] if not re.search(pattern, sections.get(heading, ""))
    ]
    assert missing == []


@pytest.mark.parametrize("slug", SLUGS)
def test_mee_organisation_is_named_only_where_a_source_confirms_it(cases, slug):
    assert cases[slug].meta["mee_organisation"] == MEE_ORGANISATION[slug]


@pytest.mark.parametrize("slug", SLUGS)
def test_editor_role_overrides_match_the_fact_sheets(cases, slug):
    meta = cases[slug].meta
    assert meta.get("mee_role") == EDITOR_ROLE[slug]
    if EDITOR_ROLE[slug]:
        # The reason says why later or other evidence does not decide the 2015 role.
        assert "2015" in meta["mee_role_reason"]


@pytest.mark.parametrize("slug", SLUGS)
def test_open_questions_are_listed_in_text_and_in_gaps(cases, slug):
    case = cases[slug]
    assert sections_of(case).get("Wat we nog niet weten", "").strip() != ""
    assert len(case.meta["gaps"]) >= 1
    assert all(gap.strip() for gap in case.meta["gaps"])


@pytest.mark.parametrize("slug", SLUGS)
def test_later_developments_are_marked_with_a_later_year(cases, slug):
    text = sections_of(cases[slug]).get("Latere ontwikkelingen", "")
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", text)]
    assert text and max(years) >= 2015


@pytest.mark.parametrize("slug", SLUGS)
def test_every_source_is_linked_in_the_bronnen_section(cases, slug):
    case = cases[slug]
    urls = [source["url"] for source in case.meta["sources"]]
    assert urls
    linked = set(MARKDOWN_LINK.findall(raw_section(case.body, "Bronnen")))
    assert [url for url in urls if url not in linked] == []


def test_bronnen_page_lists_every_case_source(cases):
    page = (DOCS_DIR / "bronnen.md").read_text(encoding="utf-8")
    linked = set(MARKDOWN_LINK.findall(page))
    missing = [(slug, s["url"]) for slug, case in cases.items() for s in case.meta["sources"] if s["url"] not in linked]
    assert missing == []


# ------------------------------------------------------------------ pages


@pytest.mark.parametrize("name", PAGES)
def test_page_exists_with_a_single_level_one_title(name):
    text = (DOCS_DIR / name).read_text(encoding="utf-8")
    titles, inside_fence = [], False
    for line in text.split("\n"):
        if re.match(r"^\s*(```|~~~)", line):
            inside_fence = not inside_fence
        elif not inside_fence and line.startswith("# "):
            titles.append(line)
    assert len(titles) == 1
    assert text.lstrip().startswith("# ")


def test_overdracht_gives_what_to_do_and_why_for_each_recommendation():
    text = (DOCS_DIR / "overdracht.md").read_text(encoding="utf-8")
    for number in (1, 2, 3):
        match = re.search(rf"^## Aanbeveling {number}: .+$", text, re.MULTILINE)
        assert match, f"Aanbeveling {number} ontbreekt"
        body = raw_section(text, match.group(0)[3:])
        assert "### Wat doet u?" in body and "### Waarom?" in body
    for heading in (
        "## Privacy en toestemming",
        "## Twee manieren om het dossier over te dragen",
        "## Uiterste datum: een naam per cliënt vóór 1 januari 2015",
    ):
        assert heading in text
    assert "](rekenhulp.md)" in text
    assert "](checklist-warme-overdracht.md)" in text


@pytest.mark.parametrize("figure", ["100.000", "4 maanden", "17 uur", "25.000", "16 cliënten", "3 maanden"])
def test_home_and_overdracht_show_the_key_figures(figure):
    for name in ("index.md", "overdracht.md"):
        assert figure in (DOCS_DIR / name).read_text(encoding="utf-8"), name


def test_home_points_each_group_to_its_start():
    links = set(MARKDOWN_LINK.findall((DOCS_DIR / "index.md").read_text(encoding="utf-8")))
    assert {"overdracht.md", "trends-2014.md", "rollen-van-mee.md", "praktijkvoorbeelden/index.md", "/zoeken/"} <= links


def test_rollen_page_links_every_generated_role_page():
    links = set(MARKDOWN_LINK.findall((DOCS_DIR / "rollen-van-mee.md").read_text(encoding="utf-8")))
    for role in ("independent", "generalist", "specialist", "combination", "unknown"):
        assert f"praktijkvoorbeelden/rol-{role}.md" in links


def test_checklist_is_a_plain_markdown_checklist():
    text = (DOCS_DIR / "checklist-warme-overdracht.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.MULTILINE)) >= 10


def test_accessibility_statement_says_how_to_report_a_problem():
    text = (DOCS_DIR / "toegankelijkheid.md").read_text(encoding="utf-8")
    assert "WCAG 2.1" in text
    assert "(https://github.com/kennisbank-clientondersteuning/kennisbank/issues)" in text


# ------------------------------------------------------------------ glossary


@pytest.fixture(scope="module")
def glossary():
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def test_glossary_has_enough_unique_defined_terms(glossary):
    terms = [entry["term"] for entry in glossary]
    assert len(set(t.lower() for t in terms)) == len(terms) >= 25
    for entry in glossary:
        assert set(entry) == {"term", "definition", "aliases"}
        assert isinstance(entry["definition"], str) and entry["definition"].strip()
        assert isinstance(entry["aliases"], list)


def test_glossary_definitions_are_plain_text(glossary):
    # Definitions are shown on hover: no Markdown, no double quotes that would break an attribute.
    bad = [e["term"] for e in glossary if re.search(r"[*_`\[\]<>\"#]", e["definition"])]
    assert bad == []


def test_glossary_covers_the_required_terms(glossary):
    known = {name.lower() for entry in glossary for name in [entry["term"], *entry["aliases"]]}
    assert [term for term in GLOSSARY_REQUIRED if term.lower() not in known] == []


def test_glossary_names_are_not_used_twice(glossary):
    names = [name.lower() for entry in glossary for name in [entry["term"], *entry["aliases"]]]
    assert sorted({n for n in names if names.count(n) > 1}) == []


# ------------------------------------------------------------------ rules for all content


def content_files():
    return [CASES_DIR / f"{slug}.md" for slug in SLUGS] + sorted(DOCS_DIR.glob("*.md")) + [GLOSSARY]


def test_no_email_address_or_phone_number_in_any_page_or_case():
    found = []
    for path in content_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if validate.EMAIL.search(line) or validate.PHONE.search(line):
                found.append(f"{path.name}:{number}")
    assert found == []


def test_no_sentence_is_copied_from_a_source():
    if not COPYCHECK.is_file():
        pytest.skip(f"copycheck.py niet gevonden op {COPYCHECK}: de bronteksten staan niet naast de repository")
    result = subprocess.run([sys.executable, str(COPYCHECK), str(REPO)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
