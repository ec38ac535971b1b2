"""`python -m search new`: the scaffold for a new case and the messages it leads to."""

import re
import subprocess
import sys

import pytest

from search.cli import main
from search.content import scaffold, validate
from search.content.cases import read_case
from search.content.vocabulary import load_vocabulary

from .conftest import REPO

# The fields `check` must point at in a fresh scaffold without --title/--province, in file order.
UNFILLED = ["title", "programme", "region", "province", "mee_organisation", "period", "summary", "themes", "sources"]


def fill_scaffold(text: str, *, summary: str, body: dict[str, str], province: str = "gelderland") -> str:
    """Fill a fresh scaffold the way an editor would: replace each placeholder, each hint line, drop the rest."""
    replacements = {
        'title: ""': 'title: "De Buurtkamer in Eikenburg"',
        'programme: ""': 'programme: "De Buurtkamer"',
        'region: ""': "region: Eikenburg-Oost",
        'province: ""': f"province: {province}",
        'mee_organisation: ""': "mee_organisation: MEE Eikenregio",
        "  start: ": "  start: 2013 ",
        'summary: ""': f'summary: "{summary}"',
        "themes: []": "themes: [wijkteam, vraagverheldering]",
        "sources: []": (
            'sources: [{title: "Verslag De Buurtkamer", publisher: Testbureau, date: 2014-12-15, '
            "url: https://example.org/buurtkamer}]"
        ),
        "gaps: []": 'gaps: ["Hoeveel bewoners kwamen er?"]',
    }
    for old, new in replacements.items():
        if old.startswith(("title:", "province:")) and old not in text:
            continue  # already filled with --title / --province
        assert old in text, old
        text = text.replace(old, new, 1)
    front, _, rest = text.partition("\n---\n")
    kept = []
    for part in rest.split("\n## ")[1:]:
        heading = part.split("\n", 1)[0]
        if heading in body:
            kept.append(f"## {heading}\n\n{body[heading]}\n")
    return front + "\n---\n\n" + "\n".join(kept)


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Zeist", "zeist"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Parkstad Limburg", "parkstad-limburg"),
        ("Bergen (NH)", "bergen-nh"),
        ("  Ëikenburg  ", "eikenburg"),
    ],
)
def test_slug_folds_diacritics_and_joins_words_with_dashes(name, slug):
    assert scaffold.slugify(name) == slug


def test_new_writes_the_case_and_prints_next_steps(tmp_path, capsys):
    assert main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    path = tmp_path / "eikenburg.md"
    assert path.is_file()
    assert out.startswith(f"Nieuw praktijkvoorbeeld gemaakt: {path}\n")
    assert f"python -m search check {path}" in out
    assert "CONTRIBUTING.md#nieuw-praktijkvoorbeeld" in out


def test_fresh_scaffold_reads_as_a_case_with_every_field_and_heading(tmp_path):
    main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)])
    case, problems = read_case(tmp_path / "eikenburg.md")
    assert problems == []
    required = validate.load_schema()["required"]
    assert [field for field in required if field not in case.meta] == []
    assert case.meta["slug"] == "eikenburg"
    assert case.meta["municipalities"] == ["Ëikenburg"]
    headings = re.findall(r"^## (.+)$", case.body, flags=re.M)
    assert headings == load_vocabulary().section_headings


def test_fresh_scaffold_fails_check_with_a_hint_on_the_line_of_each_empty_field(tmp_path):
    main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)])
    path = tmp_path / "eikenburg.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    problems = validate.check([path])
    assert [p.field for p in problems] == UNFILLED
    for problem in problems:
        assert lines[problem.line - 1].startswith(f"{problem.field}:") or lines[problem.line - 1].strip().startswith(
            "start:"
        ), problem
        assert problem.hint, problem
    by_field = {p.field: p for p in problems}
    assert by_field["sources"].message == "Het veld 'sources' is leeg."
    assert by_field["sources"].hint.startswith("schrijf bijvoorbeeld: sources: [{title: ")
    assert by_field["period"].message == "Het veld 'period.start' moet een heel getal zijn."
    assert "groningen" in by_field["province"].hint


def test_title_and_province_options_are_filled_in_and_not_reported(tmp_path):
    assert (
        main(
            [
                "new",
                "Ëikenburg",
                "--title",
                'De "Buurtkamer": een proef',
                "--province",
                "gelderland",
                "--cases-dir",
                str(tmp_path),
            ]
        )
        == 0
    )
    case, _ = read_case(tmp_path / "eikenburg.md")
    assert case.meta["title"] == 'De "Buurtkamer": een proef'
    assert case.meta["province"] == "gelderland"
    fields = [p.field for p in validate.check([case.path])]
    assert "title" not in fields and "province" not in fields


def test_fresh_scaffold_has_one_leftover_hint_per_heading(tmp_path):
    main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)])
    path = tmp_path / "eikenburg.md"
    hints = scaffold.leftover_hints(path)
    assert len(hints) == len(load_vocabulary().section_headings)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert all(lines[h.line - 1].startswith("(Vul in:") for h in hints)
    assert {h.guide for h in hints} == {"nieuw-praktijkvoorbeeld"}


def test_filled_scaffold_passes_check(tmp_path):
    main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)])
    path = tmp_path / "eikenburg.md"
    path.write_text(
        fill_scaffold(
            path.read_text(encoding="utf-8"),
            summary="Een verzonnen voorbeeld voor de tests.",
            body={
                "In het kort": "Een verzonnen voorbeeld.",
                "Wat we nog niet weten": "Hoeveel bewoners er kwamen.",
                "Bronnen": "- [Verslag](https://example.org/buurtkamer), Testbureau, 2014.",
            },
        ),
        encoding="utf-8",
    )
    assert validate.check([path]) == []
    assert scaffold.leftover_hints(path) == []


def test_new_refuses_to_overwrite_an_existing_case(tmp_path, capsys):
    path = tmp_path / "eikenburg.md"
    path.write_text("eigen tekst van de redactie\n", encoding="utf-8")
    assert main(["new", "Eikenburg", "--cases-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"fout: {path} bestaat al; er is niets veranderd.")
    assert "--slug eikenburg-2" in err
    assert path.read_text(encoding="utf-8") == "eigen tekst van de redactie\n"


def test_slug_option_allows_a_second_case_in_the_same_municipality(tmp_path):
    (tmp_path / "eikenburg.md").write_text("bestaat al\n", encoding="utf-8")
    assert main(["new", "Eikenburg", "--slug", "eikenburg-noord", "--cases-dir", str(tmp_path)]) == 0
    case, _ = read_case(tmp_path / "eikenburg-noord.md")
    assert case.meta["slug"] == "eikenburg-noord"


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["Eikenburg", "--province", "gelderlnd"],
            "fout: 'gelderlnd' is geen bekende provincie; bedoelt u 'gelderland'?",
        ),
        (["!!!"], "fout: '!!!' geeft geen bruikbare bestandsnaam."),
        (["Eikenburg", "--slug", "Eiken Burg"], "fout: 'Eiken Burg' geeft geen bruikbare bestandsnaam."),
        (["  "], "fout: geef de naam van een gemeente"),
    ],
)
def test_bad_options_exit_2_with_a_dutch_message_and_write_nothing(tmp_path, capsys, args, message):
    assert main(["new", *args, "--cases-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_missing_cases_dir_is_a_usage_error(tmp_path, capsys):
    assert main(["new", "Eikenburg", "--cases-dir", str(tmp_path / "nergens")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_command_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "search", "new", "Ëikenburg", "--cases-dir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "eikenburg.md").is_file()
    assert "Traceback" not in result.stderr


def test_fresh_scaffold_hints_give_the_classifier_no_role(tmp_path):
    from search.roles.classifier import classify_case

    main(["new", "Ëikenburg", "--cases-dir", str(tmp_path)])
    case, _ = read_case(tmp_path / "eikenburg.md")
    verdict = classify_case(case)
    assert (verdict.role, [e for e in verdict.evidence if e.weight > 0]) == ("unknown", [])
