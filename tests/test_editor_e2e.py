"""An editor's whole path, in a temporary copy of the project: scaffold, fill, check, index, site, search.

And the unhappy path: a broken case is reported problem by problem with file and line, while the index
and the site that were built before stay exactly as they were.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from . import site_checks
from .conftest import REPO
from .test_new import fill_scaffold

pytestmark = pytest.mark.slow

UNIQUE_WORD = "inloopspreekuren"  # only in the new case's "In het kort", so search must land there
NEW_BODY = {
    "In het kort": (
        f"In Eikenburg opende de gemeente in 2013 drie buurtkamers met {UNIQUE_WORD}. Bewoners "
        "konden daar zonder afspraak binnenlopen met een vraag over hulp."
    ),
    "Rol van MEE": "Vanaf 2015 werken consulenten van MEE Eikenregio als generalist in de sociale wijkteams "
    "van Eikenburg.",
    "Wat we nog niet weten": "Hoeveel bewoners er binnenliepen.",
    "Bronnen": "- [Verslag De Buurtkamer](https://example.org/buurtkamer), Testbureau, 2014.",
}


def python(workspace: Path, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the project's Python in the copy, as an editor would from the project folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, *args], cwd=workspace, env=env, input=stdin, capture_output=True, text=True)


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def query(workspace: Path, text: str) -> list[dict]:
    result = python(workspace, "-m", "search", "query", text, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the project with the real cases, its index and its site built once."""
    workspace = tmp_path_factory.mktemp("project") / "kennisbank"
    workspace.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", ".generated-*", ".*.old-*")
    for name in ("search", "cases", "docs"):
        shutil.copytree(REPO / name, workspace / name, ignore=ignore)
    for name in ("mkdocs.yml", "build_index.py"):
        shutil.copy2(REPO / name, workspace / name)
    shutil.copytree(REPO / "data" / "dataset", workspace / "data" / "dataset")  # the open data's versions
    (workspace / "node_modules").symlink_to(REPO / "node_modules")  # installed tools (Pagefind), as `npm ci` left them
    index = python(workspace, "build_index.py")
    assert index.returncode == 0, index.stderr
    site = python(workspace, "-m", "search", "pages", "--build")
    assert site.returncode == 0, site.stdout + site.stderr
    return workspace


@pytest.fixture
def workspace(built, tmp_path) -> Path:
    """A private copy of the built project, so each test starts from the same state."""
    copy = tmp_path / "kennisbank"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def test_editor_adds_a_case_and_finds_it_in_search_and_on_the_site(workspace):
    assert "eikenburg" not in {row["slug"] for row in query(workspace, UNIQUE_WORD)}
    created = python(workspace, "-m", "search", "new", "Ëikenburg", "--province", "gelderland")
    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("Nieuw praktijkvoorbeeld gemaakt: cases/eikenburg.md\n")
    case = workspace / "cases" / "eikenburg.md"

    first_check = python(workspace, "-m", "search", "check", "cases/eikenburg.md")
    assert first_check.returncode == 1
    assert re.search(
        r"^cases/eikenburg\.md:\d+: Het veld 'sources' is leeg\. — schrijf bijvoorbeeld: ",
        first_check.stderr,
        flags=re.M,
    )
    assert "Traceback" not in first_check.stderr

    summary_text = "Drie buurtkamers waar bewoners zonder afspraak met hun vraag terecht konden."
    case.write_text(
        fill_scaffold(case.read_text(encoding="utf-8"), body=NEW_BODY, summary=summary_text), encoding="utf-8"
    )
    check = python(workspace, "-m", "search", "check")
    assert (check.returncode, check.stderr) == (0, "")
    *notes, verdict = check.stdout.splitlines()
    library = len(list((REPO / "cases").glob("*.md")))
    assert verdict == f"check: {library + 1} praktijkvoorbeelden in orde."  # the library and the new case
    assert all(note.startswith("info: cases/") for note in notes)  # role notes are no errors
    assert not any(note.startswith("info: cases/eikenburg.md") for note in notes)

    summary = python(workspace, "-m", "search", "ci-summary", "cases/eikenburg.md")
    assert "✅ Het veranderde praktijkvoorbeeld is in orde." in summary.stdout
    assert "**Rol van MEE volgens de tekst:** Generalist in een wijkteam" in summary.stdout

    index = python(workspace, "build_index.py", "--incremental")
    assert index.returncode == 0, index.stderr
    rows = query(workspace, UNIQUE_WORD)
    assert rows[0]["slug"] == "eikenburg"
    assert rows[0]["url"] == "/praktijkvoorbeelden/eikenburg/#in-het-kort"
    assert f"<mark>{UNIQUE_WORD}</mark>" in rows[0]["snippet"]
    assert rows[0]["role"] == "generalist"

    site = python(workspace, "-m", "search", "pages", "--build")
    assert site.returncode == 0, site.stdout + site.stderr
    page = (workspace / "site" / "praktijkvoorbeelden" / "eikenburg" / "index.html").read_text(encoding="utf-8")
    assert "De Buurtkamer in Eikenburg" in page
    assert UNIQUE_WORD in page
    assert "Generalist in een wijkteam" in page
    overview = (workspace / "site" / "praktijkvoorbeelden" / "index.html").read_text(encoding="utf-8")
    assert "eikenburg/" in overview
    # The site's own search (Pagefind) has the new case's text.
    assert any(
        fragment["url"] == "/praktijkvoorbeelden/eikenburg/" and UNIQUE_WORD in fragment["content"]
        for fragment in site_checks.pagefind_fragments(workspace / "site")
    )


BROKEN = """---
slug: kapotstad
title: "Een kapot voorbeeld"
programme: "Proef"
municipalities: [Kapotstad]
region: Kapotregio
province: gelderland
mee_organisation: onbekend
period: {start: 2013}
summary: "Een voorbeeld met fouten."
themes:
  - wijkteams
sources:
  - title: "Verslag"
    publisher: Testbureau
    date: 2014-12-15
    url: www.example.org/verslag
gaps: []
---

## In het kort

Meer weten? Mail naar info@example.org.

<div>Vet belangrijk</div>

## Resultaat

Het liep goed.

## Wat we nog niet weten

Veel.

## Bronnen

- [Verslag](https://example.org/verslag), Testbureau, 2014.
"""

# (text on the offending line, start of the message check prints for it)
BROKEN_LINES = [
    ("  - wijkteams", "'wijkteams' is geen bekend thema. — bedoelt u 'wijkteam'?"),
    ("    url: www.example.org/verslag", "De link van bron 1 is geen geldig webadres"),
    ("Meer weten? Mail naar info@example.org.", "Er staat een e-mailadres in de tekst"),
    ("<div>Vet belangrijk</div>", "De tekst bevat HTML: '<div>'."),
    ("## Resultaat", "Onbekend kopje '## Resultaat'. — bedoelt u '## Resultaten'?"),
]


def expected_problem_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [f"cases/kapotstad.md:{lines.index(line) + 1}: {message}" for line, message in BROKEN_LINES]


def test_broken_case_is_reported_line_by_line_and_the_old_index_and_site_stay(workspace):
    site_before = tree_hash(workspace / "site")
    index_before = tree_hash(workspace / "build" / "index")
    results_before = query(workspace, "keukentafelgesprek")
    assert results_before

    (workspace / "cases" / "kapotstad.md").write_text(BROKEN, encoding="utf-8")
    expected = expected_problem_lines(BROKEN)

    for command in (["-m", "search", "check"], ["build_index.py"], ["-m", "search", "pages", "--build"]):
        result = python(workspace, *command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout, command
        reported = result.stderr.splitlines()
        for line in expected:
            assert any(r.startswith(line) for r in reported), (command, line, result.stderr)
        problem_lines = [r for r in reported if r.startswith("cases/")]
        assert all(r.startswith("cases/kapotstad.md:") for r in problem_lines), command
        assert all(re.search(r"\(uitleg: CONTRIBUTING\.md#[\w-]+\)$", r) for r in problem_lines), command

    assert tree_hash(workspace / "site") == site_before
    assert tree_hash(workspace / "build" / "index") == index_before
    assert query(workspace, "keukentafelgesprek") == results_before
    assert query(workspace, "Kapotstad") == []
