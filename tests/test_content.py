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
from search.roles.classifier import case_role
from search.text import split_sections

from . import copy_fingerprints
from .conftest import REPO

CASES_DIR = REPO / "cases"
DOCS_DIR = REPO / "docs"
GLOSSARY = DOCS_DIR / "glossary.yml"
COPYCHECK = REPO.parent / "shared" / "tools" / "copycheck.py"

FACTS = yaml.safe_load((REPO / "tests" / "data" / "case-facts.yml").read_text(encoding="utf-8"))
SLUGS = sorted(FACTS)
PAGES = [
    "index.md",
    "overdracht.md",
    "checklist-warme-overdracht.md",
    "trends-2014.md",
    "rollen-van-mee.md",
    "bronnen.md",
    "toegankelijkheid.md",
]

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

MARKDOWN_LINK = re.compile(r"\[(?:\\.|[^\]\\])+\]\(([^)\s]+)\)")  # link text may hold escaped brackets


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


def test_every_case_in_the_library_has_checked_facts(cases):
    """A new case comes with its facts in tests/data/case-facts.yml, so a later edit cannot lose them unseen."""
    assert sorted(case.stem for case in CASES_DIR.glob("*.md")) == SLUGS
    assert sorted(cases) == SLUGS


def test_the_five_movisie_examples_carry_the_2014_revisit(cases):
    for slug in ("amsterdam", "dordrecht", "goirle", "parkstad-limburg", "zeist"):
        assert cases[slug].meta["revisited"] == "2014-06"


@pytest.mark.parametrize("slug", SLUGS)
def test_case_keeps_its_organisation_municipalities_and_role_history(cases, slug):
    facts, case = FACTS[slug], cases[slug]
    assert case.meta["mee_organisation"] == facts["mee_organisation"]
    assert len(case.meta["municipalities"]) == facts["municipalities"]
    history = [[p["role"], p["start"], p.get("end")] for p in case.meta.get("role_history") or []]
    assert history == facts["role_history"]
    decided = case_role(case)
    assert (decided.role if decided.decided_by == "redactie" else None) == facts["role"]


@pytest.mark.parametrize("slug", SLUGS)
def test_case_still_cites_its_sources_and_states_its_figures(cases, slug):
    facts, case = FACTS[slug], cases[slug]
    cited = {source["url"] for source in case.meta["sources"]}
    assert [url for url in facts["sources"] if url not in cited] == []
    body = " ".join(case.body.split())
    assert [phrase for phrase in facts.get("body_mentions", []) if phrase not in body] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_role_period_and_fact_names_a_source_of_the_case(cases, slug):
    meta = cases[slug].meta
    cited = {source["url"] for source in meta["sources"]}
    named = [p["source"] for p in meta.get("role_history") or []]
    named += [
        meta[k]["source"] for k in ("arrangement", "budget", "clients", "other_providers", "transition") if k in meta
    ]
    named += [change["source"] for change in meta.get("later_changes") or []]
    assert set(named) <= cited


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
    assert not years or max(years) >= 2015


@pytest.mark.parametrize("slug", SLUGS)
def test_every_source_is_linked_in_the_bronnen_section(cases, slug):
    case = cases[slug]
    urls = [source["url"] for source in case.meta["sources"]]
    assert urls
    linked = set(MARKDOWN_LINK.findall(raw_section(case.body, "Bronnen")))
    assert [url for url in urls if url not in linked] == []


def test_the_sources_page_lists_every_case_source(cases):
    from search.site import pages

    page = pages.sources_page(pages.make_entries(list(cases.values())))
    linked = set(MARKDOWN_LINK.findall(page))
    missing = [(slug, s["url"]) for slug, case in cases.items() for s in case.meta["sources"] if s["url"] not in linked]
    assert missing == []
    assert "](praktijkvoorbeelden/bronnen.md)" in (DOCS_DIR / "bronnen.md").read_text(encoding="utf-8")


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
    """Runs everywhere: the fingerprints of the sources are in the repository, the sources are not."""
    assert copy_fingerprints.copied_runs(REPO, copy_fingerprints.load_fingerprints()) == []


def test_the_copy_check_finds_a_copied_sentence(tmp_path):
    seed = "Wij vinden het belangrijk dat de cliënt zo min mogelijk last heeft van de overgang naar een nieuwe ondersteuner."
    fingerprints = {copy_fingerprints.digest(run) for _, run in copy_fingerprints.runs(seed)}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "eigen.md").write_text("Een eigen zin over MEE en de gemeente in de wijk.\n", encoding="utf-8")
    (tmp_path / "kopie.md").write_text("Kort: " + seed[20:] + " Einde.\n", encoding="utf-8")
    (tmp_path / "link.md").write_text(f"[bron](https://example.org/{seed.replace(' ', '-')})\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    found = copy_fingerprints.copied_runs(tmp_path, fingerprints)
    assert found and {line.split(":")[0] for line in found} == {"kopie.md"}


def test_shared_copy_check_finds_nothing_copied_from_the_seed_documents():
    if not COPYCHECK.is_file():
        pytest.skip(f"copycheck.py niet gevonden op {COPYCHECK}: de fingerprint-test hierboven dekt dit ook af")
    result = subprocess.run([sys.executable, str(COPYCHECK), str(REPO)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout
