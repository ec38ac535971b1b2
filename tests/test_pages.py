"""Generated site pages and downloads (search.pages, site_map, exports, glossary, site_build) on small fixtures."""

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from search.cli import main
from search.content import glossary
from search.content.cases import load_cases
from search.content.vocabulary import load_vocabulary
from search.roles.classifier import case_role
from search.site import build as site_build
from search.site import case_map as site_map
from search.site import pages, role_chart

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOOD = FIXTURES / "cases" / "good"
BAD = FIXTURES / "cases" / "bad"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    (docs / "glossary.yml").write_text(
        "- term: wijkteam\n  definition: Een team van professionals in één buurt.\n  aliases: [buurtteam]\n",
        encoding="utf-8",
    )
    cases, problems = load_cases([GOOD])
    assert problems == []
    generated, glossary_problems = site_build.generated_files(cases, docs)
    assert glossary_problems == []
    return generated


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_every_expected_file_is_generated(files):
    folder = "praktijkvoorbeelden"
    expected = {
        f"{folder}/voorbeeldstad.md",
        f"{folder}/index.md",
        f"{folder}/vergelijken.md",
        f"{folder}/kaart.svg",
        f"{folder}/cases.json",
        f"{folder}/cases.csv",
        "begrippen.md",
        "tags.md",
        ".snippets/begrippen.yml",
    }
    expected |= {f"{folder}/rol-{role}.md" for role in load_vocabulary().roles}
    assert expected <= set(files)


def test_labels_page_lists_the_case_under_its_role_and_each_theme_in_alphabetical_order(files):
    page = files["tags.md"]
    assert front(page)["title"] == "Labels"
    case_tags = front(files["praktijkvoorbeelden/voorbeeldstad.md"])["tags"]
    headings = re.findall(r"^## (.+) \((\d+)\)$", page, re.M)
    assert [name for name, _ in headings] == sorted(case_tags, key=str.casefold)
    assert {count for _, count in headings} == {"1"}
    assert page.count("- [De Brug in Voorbeeldstad](praktijkvoorbeelden/voorbeeldstad.md)") == len(case_tags)


def test_case_page_header_shows_the_facts_and_the_role_with_its_evidence(files):
    page = files["praktijkvoorbeelden/voorbeeldstad.md"]
    case = load_cases([GOOD])[0][0]
    role = case_role(case)
    assert front(page)["title"] == "De Brug in Voorbeeldstad"
    assert front(page)["tags"][0] == role.label
    assert "Sociale wijkteams" in front(page)["tags"]
    assert "| Gemeente | Voorbeeldstad |" in page
    assert "| Provincie | Utrecht (regio Midden-Voorbeeld) |" in page
    assert "| Programma | De Brug |" in page
    assert "| Periode | 2013–2014; opnieuw bekeken in juni 2014 |" in page
    assert "| MEE-organisatie | MEE Voorbeeldregio |" in page
    assert f"[{role.label}](rol-{role.role}.md)" in page
    assert '??? info "Waarom dit label?"' in page
    strongest = max((e for e in role.verdict.evidence if e.weight > 0), key=lambda e: e.weight)
    assert strongest.sentence.split()[0] in page.split("Waarom dit label?")[1]


def test_case_page_keeps_the_sections_and_adds_open_questions_and_edit_link(files):
    page = files["praktijkvoorbeelden/voorbeeldstad.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## In het kort", "## Rol van MEE", "## Wat we nog niet weten", "## Bronnen"]
    # the gap in the front matter is not in the body text, so it is listed under "Wat we nog niet weten"
    assert "- Hoeveel cliënten kregen hulp?" in page.split("## Wat we nog niet weten")[1].split("## Bronnen")[0]
    # the only source is already linked in the body: not repeated
    assert page.count("https://example.org/verslag-de-brug") == 1
    assert (
        "[Bewerk deze pagina](https://github.com/kennisbank-clientondersteuning/kennisbank/edit/main/cases/"
        "voorbeeldstad.md)" in page
    )


def test_editor_override_is_shown_with_its_reason(tmp_path):
    source = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8")
    source = source.replace(
        "coordinates:",
        'mee_role: specialist\nmee_role_reason: "Het contract van 2015 koopt maatwerk in."\ncoordinates:',
    )
    (tmp_path / "voorbeeldstad.md").write_text(source, encoding="utf-8")
    entry = pages.make_entries(load_cases([tmp_path])[0])[0]
    page = pages.case_page(entry, load_vocabulary())
    assert "[Specialistische aanbieder van maatwerk](rol-specialist.md) (vastgesteld door de redactie)" in page
    assert "**vastgesteld door de redactie**. Reden: Het contract van 2015 koopt maatwerk in." in page


HISTORY = """role_history:
  - role: generalist
    start: 2015
    end: 2020
    evidence: "MEE zat in de sociale wijkteams."
    source: https://www.example.org/verslag
  - role: independent
    start: 2020
    evidence: "Sinds 2020 biedt MEE onafhankelijke ondersteuning buiten de teams."
    source: https://www.example.org/verslag
coordinates:"""


def with_history(tmp_path):
    source = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8").replace("coordinates:", HISTORY, 1)
    (tmp_path / "voorbeeldstad.md").write_text(source, encoding="utf-8")
    cases, problems = load_cases([tmp_path])
    assert problems == []
    return pages.make_entries(cases)


def test_role_history_gives_the_role_now_the_role_in_2015_and_a_timeline(tmp_path):
    [entry] = with_history(tmp_path)
    assert (entry.role.role, entry.role.year, entry.role.role_in_transition_year) == ("independent", 2020, "generalist")
    page = pages.case_page(entry, load_vocabulary())
    assert "| Laatst bekende rol van MEE | [Onafhankelijke cliëntondersteuner](rol-independent.md) (sinds 2020)" in page
    assert "| Rol van MEE in 2015 | [Generalist in een wijkteam](rol-generalist.md) |" in page
    timeline = page.split('<div class="kb-tijdlijn" markdown>')[1].split("</div>")[0]
    periods = [line for line in timeline.splitlines() if line.startswith("1. ")]
    assert [p.split(":")[0] for p in periods] == ["1. **2015–2020", "1. **vanaf 2020"]
    assert all("(https://www.example.org/verslag)" in p for p in periods)


def test_role_pages_list_earlier_roles_and_the_chart_counts_municipalities_per_year(tmp_path):
    entries = with_history(tmp_path)
    vocabulary = load_vocabulary()
    generalist = pages.role_page("generalist", entries, vocabulary)
    assert "## Praktijkvoorbeelden met deze rol nu (0)" in generalist
    assert "## Eerder met deze rol (1)" in generalist and "| 2015–2020 |" in generalist
    rows = {row.year: row.counts for row in role_chart.yearly_counts(entries, this_year=2022)}
    assert rows[2015]["generalist"] == 1 and rows[2020]["independent"] == 1 and rows[2022]["independent"] == 1
    assert sum(rows[2019].values()) == 1  # one municipality, one role a year
    svg = role_chart.chart_svg(role_chart.yearly_counts(entries, this_year=2022), {})
    assert svg.count("<rect x=") - 5 == 8  # one bar per year 2015-2022 (five legend squares)


def test_markdown_characters_in_data_are_shown_literally():
    assert pages.escape("A | B *c* [d](e) <b>") == r"A \| B \*c\* \[d\](e) \<b\>"


def test_overview_is_a_plain_table_with_every_column(files):
    page = files["praktijkvoorbeelden/index.md"]
    header = "| " + " | ".join(pages.OVERVIEW_HEADERS) + " |"
    assert header == "| Gemeente | Provincie | Rol van MEE in 2015 | Laatst bekende rol | Periode | Volledigheid |"
    assert header in page
    row = next(line for line in page.splitlines() if line.startswith("| [Voorbeeldstad]"))
    # No role history: the 2015 column shows the classifier's role because the text dates it 2015.
    assert row.startswith(
        "| [Voorbeeldstad](voorbeeldstad.md) | Utrecht | [Generalist in een wijkteam](rol-generalist.md) | ["
    )
    # Volledigheid counts content sections only: not "Wat we nog niet weten" or "Bronnen".
    assert row.endswith("| 2013–2014 | 2 van 8 |")
    assert '<div class="kb-tabel" markdown>' in page
    assert "![" in page and "](kaart.svg)" in page
    assert "(cases.json)" in page and "(cases.csv)" in page


def test_compare_page_puts_cases_side_by_side_on_the_fields_that_matter(files):
    page = files["praktijkvoorbeelden/vergelijken.md"]
    header = "| " + " | ".join(pages.COMPARE_HEADERS) + " |"
    assert header in page and len(pages.COMPARE_HEADERS) == 8  # fits a 1280 px screen: one row per case
    row = next(line for line in page.splitlines() if line.startswith("| [Voorbeeldstad]"))
    assert row.count(" | Nog niet bekend.") == 5  # the fixture gives none of the five facts


def test_role_pages_list_their_cases_and_only_theirs(files):
    case = load_cases([GOOD])[0][0]
    role = case_role(case).role
    for role_id in load_vocabulary().roles:
        page = files[f"praktijkvoorbeelden/rol-{role_id}.md"]
        assert ("[De Brug in Voorbeeldstad](voorbeeldstad.md)" in page) == (role_id == role)
    assert (
        "Er zijn nog geen praktijkvoorbeelden met deze rol." in files["praktijkvoorbeelden/rol-specialist.md"]
        or role == "specialist"
    )


def test_cases_json_holds_front_matter_and_role(files):
    records = json.loads(files["praktijkvoorbeelden/cases.json"])
    case = load_cases([GOOD])[0][0]
    assert len(records) == 1
    record = records[0]
    role = record.pop("role")
    assert record.pop("url") == "/praktijkvoorbeelden/voorbeeldstad/"
    assert record.pop("role_history") == []
    assert record == case.meta
    assert role["id"] == case_role(case).role and role["decided_by"] == "classificatie"


def test_cases_csv_has_one_row_per_case_with_role(files):
    text = files["praktijkvoorbeelden/cases.csv"]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["slug"] == "voorbeeldstad" and row["municipalities"] == "Voorbeeldstad"
    assert row["themes"] == "wijkteam; vraagverheldering"
    assert row["period_start"] == "2013" and row["lat"] == "52.09"
    assert row["role"] == case_role(load_cases([GOOD])[0][0]).role


def test_csv_cells_that_look_like_formulas_stay_text():
    from search.site.downloads import csv_cell

    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_cell("Zeist") == "Zeist"


def test_map_is_valid_svg_with_a_marker_per_case_inside_the_netherlands(files):
    svg = files["praktijkvoorbeelden/kaart.svg"]
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    links = root.findall(f"{namespace}a")
    # relative to kaart.svg (in praktijkvoorbeelden/), so the map also works when the site lives under a sub-path
    assert [a.get("href") for a in links] == ["voorbeeldstad/"]
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    x, y = site_map.project(5.12, 52.09)
    assert 0 < x < site_map.WIDTH and 0 < y < site_map.map_height()


def test_map_projection_keeps_north_up_and_east_right():
    groningen, maastricht, vlissingen = (
        site_map.project(6.57, 53.22),
        site_map.project(5.69, 50.85),
        site_map.project(3.57, 51.44),
    )
    assert groningen[1] < maastricht[1]  # north is higher on the map
    assert vlissingen[0] < groningen[0]  # west is left


def test_every_role_has_its_own_colour_and_shape():
    roles = load_vocabulary().roles
    assert set(site_map.ROLE_STYLE) == set(roles)
    assert len({style for style in site_map.ROLE_STYLE.values()}) == len(roles)
    assert len({shape for _, shape in site_map.ROLE_STYLE.values()}) == len(roles)


def test_glossary_becomes_hover_abbreviations_and_a_page(files):
    config = yaml.safe_load(files[".snippets/begrippen.yml"])
    definition = "Een team van professionals in één buurt."
    assert config == {
        "markdown_extensions": {
            "abbr": {
                "glossary": {
                    "wijkteam": definition,
                    "Wijkteam": definition,
                    "buurtteam": definition,
                    "Buurtteam": definition,
                }
            }
        }
    }
    page = files["begrippen.md"]
    assert "## wijkteam\n\nEen team van professionals in één buurt.\n\nOok: buurtteam." in page


def test_broken_glossary_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- term: x\n  definition: [unclosed\n", encoding="utf-8")
    terms, problems = glossary.load_glossary(path)
    assert terms == [] and "geen geldige YAML" in problems[0].message
    path.write_text("- term: wijkteam\n", encoding="utf-8")
    terms, problems = glossary.load_glossary(path)
    assert terms == [] and problems[0].message == "Begrip 1 in de woordenlijst mist 'term' of 'definition'."


def test_pages_command_writes_nothing_when_a_case_is_broken(tmp_path, capsys, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "praktijkvoorbeelden").mkdir(parents=True)
    marker = docs / "praktijkvoorbeelden" / "oud.md"
    marker.write_text("vorige versie", encoding="utf-8")
    monkeypatch.setattr(site_build.config, "DOCS_DIR", docs)
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(BAD / "missing-field.md", cases / "missing-field.md")
    assert main(["pages", "--cases", str(cases)]) == 1
    err = capsys.readouterr().err
    assert "missing-field.md" in err and "er is niets gegenereerd" in err
    assert marker.read_text(encoding="utf-8") == "vorige versie"


def test_pages_command_generates_into_docs_and_replaces_old_pages(tmp_path, capsys, monkeypatch):
    docs = tmp_path / "docs"
    (docs / "praktijkvoorbeelden").mkdir(parents=True)
    stale = docs / "praktijkvoorbeelden" / "verdwenen.md"
    stale.write_text("oude case", encoding="utf-8")
    (docs / "index.md").write_text("# Handgeschreven\n", encoding="utf-8")
    monkeypatch.setattr(site_build.config, "DOCS_DIR", docs)
    assert main(["pages", "--cases", str(GOOD)]) == 0
    assert "1 praktijkvoorbeelden" in capsys.readouterr().out
    assert (docs / "praktijkvoorbeelden" / "voorbeeldstad.md").exists()
    assert not stale.exists()
    assert (docs / "index.md").read_text(encoding="utf-8") == "# Handgeschreven\n"
    assert (docs / "begrippen.md").exists() and (docs / ".snippets" / "begrippen.yml").exists()
    assert not [p for p in docs.iterdir() if p.name.startswith(".generated-")]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["pages", "--cases", "/bestaat/niet"], "bestaat niet"),
        (["pages", "--site-dir", "/tmp/x"], "--site-dir werkt alleen samen met --build"),
        (["pages", "--onbekend"], ""),
    ],
)
def test_pages_command_usage_mistakes_exit_2_without_traceback(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_dates_are_written_the_dutch_way():
    from search.site.pages import dutch_date

    assert dutch_date("2014-06") == "juni 2014"
    assert dutch_date("2014-12-15") == "15 december 2014"
    assert dutch_date("2013") == "2013"
    assert dutch_date("2014-13") == "2014-13"
