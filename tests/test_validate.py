"""`check`: one fixture per kind of mistake, each asserting the exact message and line."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search.content import validate
from search.problems import display_path

from .conftest import FIXTURES, REPO

BAD = FIXTURES / "cases" / "bad"
GOOD = FIXTURES / "cases" / "good"


def problems_for(path: Path) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in validate.check([path])]


def test_good_fixture_has_no_problems():
    assert validate.check([GOOD]) == []


def test_real_cases_pass_check():
    result = subprocess.run([sys.executable, "-m", "search", "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [summary] = [line for line in result.stdout.splitlines() if line.startswith("check: ")]
    assert summary.endswith("in orde."), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_malformed_yaml_points_at_the_unclosed_quote():
    assert problems_for(BAD / "bad-yaml.md") == [(4, 'Een aanhalingsteken (") wordt op deze regel niet gesloten.')]


def test_a_recursive_yaml_alias_is_refused_with_its_line():
    # `region: &regio [*regio]` is a list that holds itself: it used to end in a RecursionError traceback.
    anchor = "'&regio' is een YAML-anker; ankers (&) en verwijzingen (*) zijn in een praktijkvoorbeeld niet toegestaan."
    alias = (
        "'*regio' is een YAML-verwijzing; ankers (&) en verwijzingen (*) zijn in een praktijkvoorbeeld niet toegestaan."
    )
    assert problems_for(BAD / "yaml-alias.md") == [(7, anchor), (7, alias)]


def test_anchors_and_aliases_are_refused_before_they_expand(tmp_path):
    # "Billion laughs": each level repeats the one before ten times. Nothing is built; each mark is reported.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)
    ]
    text = (
        (GOOD / "voorbeeldstad.md")
        .read_text(encoding="utf-8")
        .replace("region: Midden-Voorbeeld", "region: Midden-Voorbeeld\n" + "\n".join(levels))
    )
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(text, encoding="utf-8")
    problems = validate.check([path])
    assert len(problems) == 9 + 8 * 10
    assert {p.line for p in problems} == set(range(8, 17))
    assert all("niet toegestaan" in p.message for p in problems)


def test_ampersands_and_stars_in_text_are_not_anchors(tmp_path):
    text = (
        (GOOD / "voorbeeldstad.md")
        .read_text(encoding="utf-8")
        .replace("region: Midden-Voorbeeld", 'region: Midden & Voorbeeld\nprogramme: "*Nieuw* & beter"')
        .replace('programme: "De Brug"', "")
    )
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(text, encoding="utf-8")
    assert problems_for(path) == []


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = (
        (GOOD / "voorbeeldstad.md")
        .read_text(encoding="utf-8")
        .replace("region: Midden-Voorbeeld", "region: Midden: Voorbeeld")
    )
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(text, encoding="utf-8")
    [(line, message)] = problems_for(path)
    assert line == 7
    assert message.startswith("De gegevens bovenaan zijn geen geldige YAML")


def test_missing_required_field():
    assert problems_for(BAD / "missing-field.md") == [(2, "Het verplichte veld 'summary' ontbreekt.")]


def test_empty_required_field():
    assert problems_for(BAD / "empty-field.md") == [(3, "Het veld 'title' is leeg.")]


def test_unknown_key_suggests_the_nearest_field():
    [problem] = validate.check([BAD / "unknown-key.md"])
    assert (problem.line, problem.message, problem.hint) == (8, "Onbekend veld 'regoin'.", "bedoelt u 'region'?")


def test_wrong_type_shows_the_correct_yaml():
    [problem] = validate.check([BAD / "wrong-type.md"])
    assert (problem.line, problem.message) == (5, "Het veld 'municipalities' moet een lijst zijn.")
    assert problem.hint == "schrijf bijvoorbeeld: municipalities: [Zeist]"


def test_value_outside_vocabulary_suggests_nearest():
    problems = validate.check([BAD / "bad-vocabulary.md"])
    assert [(p.line, p.message) for p in problems] == [
        (8, "'Limburgg' is geen bekende provincie."),
        (16, "'wijkteams' is geen bekend thema."),
    ]
    assert problems[0].hint.startswith("bedoelt u 'limburg'?")
    assert problems[1].hint.startswith("bedoelt u 'wijkteam'?")


def test_slug_must_match_file_name():
    assert problems_for(BAD / "slug-mismatch.md") == [
        (2, "De slug 'andere-stad' is niet gelijk aan de bestandsnaam 'slug-mismatch.md'.")
    ]


def test_slug_used_twice(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(GOOD / "voorbeeldstad.md", tmp_path / folder / "voorbeeldstad.md")
    problems = validate.check([tmp_path / "a", tmp_path / "b"])
    assert [(p.path.parent.name, p.line, p.message) for p in problems] == [
        ("b", 2, "De slug 'voorbeeldstad' wordt ook gebruikt in voorbeeldstad.md.")
    ]


def test_file_name_with_capitals_is_reported(tmp_path):
    path = tmp_path / "Voorbeeld Stad.md"
    shutil.copy(GOOD / "voorbeeldstad.md", path)
    messages = [p.message for p in validate.check([path])]
    assert "De bestandsnaam 'Voorbeeld Stad.md' mag alleen kleine letters, cijfers en streepjes bevatten." in messages


def test_url_must_be_http_or_https():
    assert problems_for(BAD / "bad-url.md") == [
        (22, "De link van bron 1 is geen geldig webadres: 'www.example.org/verslag'.")
    ]


def test_ftp_url_is_rejected(tmp_path):
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(
        (GOOD / "voorbeeldstad.md")
        .read_text(encoding="utf-8")
        .replace("https://example.org/verslag-de-brug\n", "ftp://example.org/x\n", 1),
        encoding="utf-8",
    )
    assert problems_for(path) == [(22, "De link van bron 1 is geen geldig webadres: 'ftp://example.org/x'.")]


def test_file_that_is_not_utf8():
    assert problems_for(BAD / "not-utf8.md") == [(24, "Het bestand is niet opgeslagen als UTF-8.")]


def test_file_over_one_mebibyte(tmp_path):
    path = tmp_path / "groot.md"
    text = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8")
    path.write_text(text + "Lange tekst. " * 90_000, encoding="utf-8")
    [(line, message)] = problems_for(path)
    assert line == 1
    assert message.startswith("Het bestand is te groot (")


def test_raw_html_script_handlers_and_javascript_links():
    assert problems_for(BAD / "raw-html.md") == [
        (42, "De tekst bevat HTML met een event-handler: '<div onclick=\"steal()\">'."),
        (44, "De tekst bevat een <script>-blok."),
        (46, "De tekst bevat een 'javascript:'-link."),
    ]


def test_markdown_autolinks_are_not_html(tmp_path):
    path = tmp_path / "voorbeeldstad.md"
    text = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8")
    path.write_text(text + "\nZie <https://example.org/meer>.\n", encoding="utf-8")
    assert problems_for(path) == []


def test_unknown_heading_suggests_the_nearest_one():
    problems = validate.check([BAD / "unknown-heading.md"])
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (34, "Onbekend kopje '## Rol van Mee'.", "bedoelt u '## Rol van MEE'?"),
        (42, "Onbekend kopje '## Bronen'.", "bedoelt u '## Bronnen'?"),
        (45, "Het verplichte kopje '## Bronnen' ontbreekt.", "voeg een regel '## Bronnen' toe met tekst eronder"),
    ]


def test_personal_data_is_found():
    assert problems_for(BAD / "personal-data.md") == [
        (40, "Er staat een e-mailadres in de tekst (jan.jansen@example.org)."),
        (40, "Er staat een telefoonnummer in de tekst (030 123 4567)."),
        (40, "Er staat een telefoonnummer in de tekst (06-12345678)."),
        (41, "Er staat een getal dat een burgerservicenummer kan zijn (111222333)."),
        (41, "Er staat een rekeningnummer (IBAN) in de tekst."),
    ]


@pytest.mark.parametrize(
    "harmless",
    [
        "In 2014 hielp MEE ongeveer 100.000 cliënten.",
        "Er waren 25.000 cliënten, ongeveer 16 per 10.000 inwoners.",
        "Het getal 123456789 haalt de elfproef niet.",
        "Periode 2013-2014, 90 gesprekken, 14 gespreksleiders.",
    ],
)
def test_ordinary_numbers_are_not_personal_data(tmp_path, harmless):
    path = tmp_path / "voorbeeldstad.md"
    text = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8")
    path.write_text(text + "\n" + harmless + "\n", encoding="utf-8")
    assert problems_for(path) == []


def test_missing_front_matter():
    assert problems_for(BAD / "no-front-matter.md") == [
        (1, "Het bestand begint niet met gegevens tussen twee regels '---'.")
    ]


def test_override_needs_a_reason():
    assert problems_for(BAD / "override-without-reason.md") == [
        (25, "Het veld 'mee_role' gaat alleen samen met 'mee_role_reason'.")
    ]


def test_duplicate_key_is_reported(tmp_path):
    path = tmp_path / "voorbeeldstad.md"
    text = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8")
    path.write_text(
        text.replace("region: Midden-Voorbeeld", "region: Midden-Voorbeeld\nregion: Anders"), encoding="utf-8"
    )
    assert problems_for(path) == [(8, "Het veld 'region' staat er twee keer.")]


def test_cli_reports_all_problems_at_once_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "search", "check", str(BAD)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("tests/")]
    assert len(lines) == len(validate.check([BAD]))
    assert {line.split(":")[0] for line in lines} == {display_path(p) for p in BAD.glob("*.md")}
    for line in lines:
        path, number, rest = line.split(":", 2)
        assert number.isdigit()
        assert " — " in rest and "(uitleg: CONTRIBUTING.md#" in rest


def test_bare_year_as_date_asks_for_quotes(tmp_path):
    path = tmp_path / "voorbeeldstad.md"
    text = (GOOD / "voorbeeldstad.md").read_text(encoding="utf-8").replace("date: 2014-12-15", "date: 2014")
    path.write_text(text, encoding="utf-8")
    [problem] = validate.check([path])
    assert (problem.line, problem.message) == (21, "Het veld 'sources[1].date' moet tekst zijn.")
    assert problem.hint == 'zet het jaar tussen aanhalingstekens: date: "2014"'


@pytest.mark.parametrize("value", ["x", "0", "20001", "1.5"])
def test_whole_number_options_explain_the_allowed_range(value):
    from search.cli import UsageError, whole_number

    with pytest.raises(UsageError, match=r"^--cases verwacht een getal van 1 tot en met 20000 \(niet '"):
        whole_number(value, "--cases", 1, 20_000)
    assert whole_number("20000", "--cases", 1, 20_000) == 20_000


def test_a_copy_outside_the_library_is_not_a_duplicate_of_the_library(tmp_path):
    shutil.copy(REPO / "cases" / "zeist.md", tmp_path / "zeist.md")
    assert [p for p in validate.check([tmp_path]) if p.is_error] == []


def test_a_file_inside_the_library_is_compared_with_the_rest_of_it():
    from search.content.cases import read_case

    zeist, _ = read_case(REPO / "cases" / "zeist.md")
    neighbours = validate.library_neighbours([zeist])
    assert sorted(c.slug for c in neighbours) == sorted(
        p.stem for p in (REPO / "cases").glob("*.md") if p.stem != "zeist"
    )
