"""The files that say how to cite and reuse the project: CITATION.cff (checked with cffconvert), publiccode.yml
(checked against the keys and values the standard requires), the licence files, and where the licences and
the loading examples are stated (README, site footer, package)."""

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from search.site import data_releases

REPO = Path(__file__).resolve().parent.parent
CFFCONVERT = REPO / ".venv" / "cffconvert" / "bin" / "cffconvert"
PUBLICCODE_SCHEMA = Path(__file__).resolve().parent / "data" / "publiccode.schema.json"


def cffconvert(path: Path) -> subprocess.CompletedProcess:
    assert CFFCONVERT.is_file(), "cffconvert ontbreekt: draai `make install-test` (maakt .venv/cffconvert)"
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], capture_output=True, text=True, timeout=120)


def test_citation_cff_is_valid_for_cffconvert():
    result = cffconvert(REPO / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cffconvert_rejects_a_citation_without_authors(tmp_path):
    broken = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    del broken["authors"]
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert cffconvert(path).returncode != 0


def test_citation_cff_names_the_newest_version_title_and_licence():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    releases, _ = data_releases.load_releases()
    meta = data_releases.load_package_meta()
    assert (citation["version"], str(citation["date-released"])) == (releases[0].version, releases[0].date)
    assert citation["title"] == meta["title"]
    assert citation["license"] == meta["licenses"][0]["name"] == "CC-BY-4.0"
    assert [a["name"] for a in citation["authors"]] == [c["title"] for c in meta["contributors"]]


def publiccode_problems(data: dict) -> list[str]:
    schema = json.loads(PUBLICCODE_SCHEMA.read_text(encoding="utf-8"))
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def test_publiccode_yml_has_what_the_standard_requires_in_dutch_and_english():
    data = yaml.safe_load((REPO / "publiccode.yml").read_text(encoding="utf-8"))
    assert publiccode_problems(data) == []
    assert set(data["description"]) == {"nl", "en"}
    assert data["legal"]["license"] == "EUPL-1.2"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("legal"),
        lambda d: d.update(developmentStatus="bijna klaar"),
        lambda d: d["description"]["nl"].update(shortDescription="x" * 151),
        lambda d: d["maintenance"].pop("contacts"),
        lambda d: d.update(categories=["kennisbank"]),
    ],
    ids=["zonder-licentie", "onbekende-status", "te-lange-korte-beschrijving", "onderhoud-zonder-contact", "categorie"],
)
def test_the_publiccode_check_rejects_what_the_standard_forbids(breakage):
    data = yaml.safe_load((REPO / "publiccode.yml").read_text(encoding="utf-8"))
    breakage(data)
    assert publiccode_problems(data)


def test_licences_are_in_place_and_stated_everywhere():
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    content = (REPO / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in content
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "EUPL-1.2" in readme
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "CC BY 4.0" in config["copyright"] and "EUPL-1.2" in config["copyright"]
    meta = data_releases.load_package_meta()
    assert meta["licenses"][0]["name"] == "CC-BY-4.0" and meta["code_license"]["name"] == "EUPL-1.2"


def test_readme_shows_loading_the_package_in_python_and_r():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert 'pd.read_csv("municipality_roles.csv")' in readme
    assert 'frictionless::read_resource(frictionless::read_package("datapackage.json"), "municipality_roles")' in readme
    assert "/api/cases" in readme
