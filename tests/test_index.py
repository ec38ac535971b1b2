"""Building the index: atomic swap, refusing invalid input, surviving kill -9, incremental updates."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from search import config
from search.engine import store as search_index
from search.engine.files import MANIFEST, read_json
from search.engine.query import SearchEngine
from search.engine.reader import resolve_generation
from search.generations import GENERATION_MARK, TMP_MARK

from .conftest import FIXTURES, REPO

CORPUS = FIXTURES / "search"
BAD_CASE = FIXTURES / "cases" / "bad" / "missing-field.md"


def build_cli(*args, env=None):
    return subprocess.run([sys.executable, "build_index.py", *args], cwd=REPO, capture_output=True, text=True, env=env)


def slugs(engine, text):
    return [g.slug for g in engine.search(text).groups]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A writable copy of the fixture corpus with a built index."""
    root = tmp_path_factory.mktemp("index")
    shutil.copytree(CORPUS / "cases", root / "cases")
    shutil.copytree(CORPUS / "docs", root / "docs")
    search_index.build(cases_dir=root / "cases", docs_dir=root / "docs", index_dir=root / "index")
    return root


def args_for(root):
    return ["--cases", str(root / "cases"), "--docs", str(root / "docs"), "--index", str(root / "index")]


def test_index_holds_one_document_per_section_with_site_urls(corpus):
    generation = resolve_generation(corpus / "index")
    manifest = read_json(generation / MANIFEST)
    assert manifest["counts"] == {
        "case:bergveld": 4,
        "case:dalhuizen": 4,
        "case:heuvelrand": 4,
        "page:handleiding.md": 3,
    }
    engine = SearchEngine(corpus / "index")
    hit = engine.search("keukentafelgesprek").groups[0].hits[0]
    assert (hit.section, hit.url) == ("Aanpak", "/praktijkvoorbeelden/bergveld/#aanpak")
    page = engine.search('"warme overdracht"').groups[0]
    assert (page.kind, page.title, page.hits[0].url) == (
        "page",
        "Handleiding voor de proef",
        "/handleiding/#warme-overdracht",
    )


def test_invalid_case_stops_the_build_with_check_messages_and_keeps_the_old_index(corpus, tmp_path):
    before = os.readlink(corpus / "index")
    shutil.copy(BAD_CASE, corpus / "cases" / "missing-field.md")
    try:
        done = build_cli(*args_for(corpus))
    finally:
        (corpus / "cases" / "missing-field.md").unlink()
    assert done.returncode == 1
    assert "missing-field.md:" in done.stderr and "ontbreekt" in done.stderr
    assert "Traceback" not in done.stderr
    assert os.readlink(corpus / "index") == before
    assert slugs(SearchEngine(corpus / "index"), "loket") == ["heuvelrand"]


def test_kill_during_build_leaves_the_previous_index_searchable(corpus):
    before = os.readlink(corpus / "index")
    env = dict(os.environ, **{search_index.PAUSE_ENV: "30"})
    process = subprocess.Popen(
        [sys.executable, "build_index.py", *args_for(corpus)],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tmp = corpus / f".index{TMP_MARK}{process.pid}"
    deadline = time.time() + 30
    while not (tmp / MANIFEST).exists() and time.time() < deadline:
        time.sleep(0.05)
    assert (tmp / MANIFEST).exists()  # the new index was built and is waiting to swap
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert os.readlink(corpus / "index") == before
    assert slugs(SearchEngine(corpus / "index"), "loket") == ["heuvelrand"]
    search_index.build(cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index")
    assert not tmp.exists()  # the next build cleans up after the dead one


def test_incremental_update_reindexes_only_the_changed_case_and_the_engine_reopens(corpus):
    engine = SearchEngine(corpus / "index")
    assert slugs(engine, "vrijwilligers") == []
    path = corpus / "cases" / "dalhuizen.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("Eerst is er een kort gesprekje", "Vrijwilligers voeren eerst een kort gesprekje"),
        encoding="utf-8",
    )
    try:
        report = search_index.build(
            cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index", incremental=True
        )
        assert (report.mode, report.changed, report.removed, report.documents) == ("bijgewerkt", 1, 0, 15)
        assert slugs(engine, "vrijwilligers") == ["dalhuizen"]
        assert slugs(engine, "gesprekje") == ["dalhuizen", "bergveld"]
        again = search_index.build(
            cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index", incremental=True
        )
        assert again.mode == "ongewijzigd"
    finally:
        path.write_text(original, encoding="utf-8")


def test_incremental_update_removes_deleted_cases(corpus):
    moved = corpus / "heuvelrand.md.weg"
    shutil.move(corpus / "cases" / "heuvelrand.md", moved)
    try:
        report = search_index.build(
            cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index", incremental=True
        )
        assert (report.mode, report.removed, report.documents) == ("bijgewerkt", 1, 11)
        assert slugs(SearchEngine(corpus / "index"), "loket") == []
    finally:
        shutil.move(moved, corpus / "cases" / "heuvelrand.md")
    search_index.build(
        cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index", incremental=True
    )
    assert slugs(SearchEngine(corpus / "index"), "loket") == ["heuvelrand"]


def test_a_new_index_version_forces_a_full_rebuild(corpus, monkeypatch):
    monkeypatch.setattr(search_index, "index_version", lambda: "another-analyzer")
    report = search_index.build(
        cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index", incremental=True
    )
    assert report.mode == "volledig" and report.documents == 15


def test_old_generations_are_removed_by_age_and_the_current_one_stays(corpus, monkeypatch):
    def generations():
        return sorted(corpus.glob(f"index{GENERATION_MARK}*"))

    for _ in range(2):
        search_index.build(cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index")
    recent = generations()
    assert len(recent) >= 2  # replaced a moment ago: younger than the keep time, so still there
    monkeypatch.setattr(config, "GENERATION_KEEP_SECONDS", 0)
    search_index.build(cases_dir=corpus / "cases", docs_dir=corpus / "docs", index_dir=corpus / "index")
    assert generations() == [resolve_generation(corpus / "index")]


def test_bad_options_exit_2_without_traceback(tmp_path):
    done = build_cli("--cases", str(tmp_path / "bestaat-niet"), "--index", str(tmp_path / "index"))
    assert done.returncode == 2 and "bestaat niet" in done.stderr and "Traceback" not in done.stderr
    assert build_cli("--onzin").returncode == 2
    (tmp_path / "gewone-map").mkdir()
    done = build_cli(
        "--cases", str(CORPUS / "cases"), "--docs", str(CORPUS / "docs"), "--index", str(tmp_path / "gewone-map")
    )
    assert done.returncode == 2 and "geen index" in done.stderr


def test_synthetic_corpus_is_valid_and_indexable(tmp_path):
    from benchmarks.synthetic import write_corpus
    from search.content.validate import check

    paths = write_corpus(tmp_path / "cases", 5, words_per_case=120)
    assert [p.name for p in paths] == [f"proef-0000{i}.md" for i in range(5)]
    assert [p for p in check([tmp_path / "cases"]) if p.is_error] == []
    (tmp_path / "docs").mkdir()
    report = search_index.build(cases_dir=tmp_path / "cases", docs_dir=tmp_path / "docs", index_dir=tmp_path / "index")
    assert (report.sources, report.documents) == (5, 40)


def test_filtered_queries_work_on_an_index_with_several_segments(tmp_path):
    """Whoosh's Require matcher crashed (AssertionError) across segments once block-quality skipping began,
    which a one-result page reaches soonest."""
    from benchmarks.synthetic import write_corpus
    from search.engine.query import Filters

    write_corpus(tmp_path / "cases", 60, words_per_case=300)
    (tmp_path / "docs").mkdir()
    search_index.build(cases_dir=tmp_path / "cases", docs_dir=tmp_path / "docs", index_dir=tmp_path / "index")
    extra = write_corpus(tmp_path / "more", 61, words_per_case=300)[-1]
    shutil.copy(extra, tmp_path / "cases" / extra.name)
    report = search_index.build(
        cases_dir=tmp_path / "cases", docs_dir=tmp_path / "docs", index_dir=tmp_path / "index", incremental=True
    )
    assert report.mode == "bijgewerkt"
    assert len(list(resolve_generation(tmp_path / "index").glob("*.seg"))) == 2
    engine = SearchEngine(tmp_path / "index")
    for text in ("gemeente", "mee"):
        everything = engine.search(text, page_size=100)
        assert 0 < everything.total_groups <= 100
        expected = {g.slug for g in everything.groups if g.role == "unknown"}
        filtered = engine.search(text, Filters(role="unknown"), page_size=1)
        assert filtered.total_groups == len(expected)
        assert filtered.groups[0].slug in expected


def test_the_glossary_is_indexed_from_its_data_file_whatever_is_on_disk(tmp_path):
    """The Begrippen page is generated; the index makes it from docs/glossary.yml, so a stale or missing
    docs/begrippen.md changes nothing, and the other generated pages (listings of case text) stay out."""
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS / "docs", docs)
    (docs / "glossary.yml").write_text(
        "- term: ZRM\n  definition: Een matrix die zelfredzaamheid meet.\n  aliases: [zelfredzaamheidsmatrix]\n",
        encoding="utf-8",
    )
    search_index.build(cases_dir=CORPUS / "cases", docs_dir=docs, index_dir=tmp_path / "clean")
    (docs / "begrippen.md").write_text("# Begrippen\n\n## Oud\n\nEen verouderde uitleg.\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Labels\n\n- [Het Loket in Heuvelrand](x.md)\n", encoding="utf-8")
    (docs / "praktijkvoorbeelden").mkdir()
    (docs / "praktijkvoorbeelden" / "vergelijken.md").write_text("# Vergelijken\n\nLoket\n", encoding="utf-8")
    search_index.build(cases_dir=CORPUS / "cases", docs_dir=docs, index_dir=tmp_path / "built")
    counts = [read_json(resolve_generation(tmp_path / name) / MANIFEST)["counts"] for name in ("clean", "built")]
    assert counts[0] == counts[1]
    assert sorted(k for k in counts[0] if k.startswith("page:")) == ["page:begrippen.md", "page:handleiding.md"]
    engine = SearchEngine(tmp_path / "built")
    hit = engine.search("zelfredzaamheid").groups[0]
    assert (hit.slug, hit.hits[0].section, hit.hits[0].url) == ("begrippen", "ZRM", "/begrippen/#zrm")
    assert slugs(engine, "verouderde") == []
