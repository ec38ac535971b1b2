"""A site built by several mkdocs processes at once is the same site as one built by a single process."""

import gzip
import json
import re
from pathlib import Path

import pytest

from benchmarks.synthetic import write_corpus
from search import config
from search.site import build as site_build
from search.site.split import case_parts, stub_page

pytestmark = pytest.mark.slow
SITEMAP_URL = re.compile(r"<url>.*?</url>", re.S)


def build_site(cases_dir: Path, site_dir: Path, monkeypatch, parts: int, engine=None) -> site_build.BuildResult:
    monkeypatch.setattr(site_build, "SPLIT_FROM_CASES", 1 if parts > 1 else 10**9)
    monkeypatch.setattr(site_build, "usable_cores", lambda: parts)
    engine = {"search_engine": engine} if engine else {}
    result = site_build.build([config.CASES_DIR, cases_dir], site_dir=site_dir, install=False, **engine)
    assert result.ok, result.message
    return result


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("split")
    write_corpus(root / "cases", 7, words_per_case=120)
    with pytest.MonkeyPatch.context() as monkeypatch:
        build_site(root / "cases", root / "single", monkeypatch, parts=1)
        build_site(root / "cases", root / "three", monkeypatch, parts=3)
    return root / "single", root / "three"


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_the_same_files_are_built(sites):
    single, split = sites
    assert sorted(files(split)) == sorted(files(single))
    assert not list(single.parent.glob("*.part-*")), "the parts' own site folders are cleaned up"
    assert not list(single.parent.glob(".three.tmp-*")), "the finished build was renamed to a generation"


def test_every_page_and_download_is_byte_identical(sites):
    single, split = sites
    different = [
        name
        for name, path in files(single).items()
        if not name.startswith(("search/search_index.json", "sitemap.xml"))
        and path.read_bytes() != (split / name).read_bytes()
    ]
    assert different == []


@pytest.fixture(scope="module")
def lunr_sites(tmp_path_factory):
    """The same two builds with Material's lunr search (the benchmark's comparison), whose index is merged."""
    root = tmp_path_factory.mktemp("split-lunr")
    write_corpus(root / "cases", 7, words_per_case=120)
    with pytest.MonkeyPatch.context() as monkeypatch:
        build_site(root / "cases", root / "single", monkeypatch, parts=1, engine="lunr")
        build_site(root / "cases", root / "three", monkeypatch, parts=3, engine="lunr")
    return root / "single", root / "three"


def test_the_search_index_has_the_same_entries(lunr_sites):
    one, merged = (
        json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8")) for site in lunr_sites
    )
    assert merged["config"] == one["config"]
    key = json.dumps
    assert sorted(map(key, merged["docs"])) == sorted(map(key, one["docs"]))
    assert any(doc["location"].startswith("praktijkvoorbeelden/proef-00006/") for doc in merged["docs"])


def test_the_sitemap_lists_the_same_pages(sites):
    single, split = sites
    for name, read in (
        ("sitemap.xml", Path.read_text),
        ("sitemap.xml.gz", lambda p: gzip.decompress(p.read_bytes()).decode()),
    ):
        urls = [sorted(SITEMAP_URL.findall(read(site / name))) for site in sites]
        assert urls[0] == urls[1], name
        assert len(urls[0]) > 12


def test_a_warning_in_any_part_fails_the_split_build_and_leaves_the_old_site(tmp_path, monkeypatch):
    write_corpus(tmp_path / "cases", 4, words_per_case=80)
    site = tmp_path / "site"
    build_site(tmp_path / "cases", site, monkeypatch, parts=2)
    before = sorted(files(site))
    broken = tmp_path / "cases" / "proef-00003.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("## Aanpak\n", "## Aanpak\n\nZie [de kaart](geen-pagina.md).\n", 1),
        encoding="utf-8",
    )
    result = site_build.build([config.CASES_DIR, tmp_path / "cases"], site_dir=site, install=False)
    assert not result.ok
    assert "geen-pagina.md" in result.message
    assert len([line for line in result.message.splitlines() if "geen-pagina.md" in line]) == 1
    assert sorted(files(site)) == before


def test_the_first_part_gets_fewer_cases_because_it_also_renders_the_listings():
    slugs = [f"case-{n:03d}" for n in range(100)]
    parts = case_parts(slugs, 3)
    assert sorted(sum(parts, [])) == slugs
    assert len(parts[0]) == 27 and {len(parts[1]), len(parts[2])} == {36, 37}
    assert case_parts(slugs, 1) == [slugs]


def test_a_stub_keeps_front_matter_and_headings_only():
    page = "---\ntitle: Labels\ntags:\n- A\n---\n\n# Labels\n\nTekst.\n\n## Een (2)\n\n- [x](x.md)\n"
    assert stub_page(page) == "---\ntitle: Labels\ntags:\n- A\n---\n# Labels\n## Een (2)\n"
    assert stub_page("# Zonder voorwerk\n\nTekst.\n") == "# Zonder voorwerk\n"
