"""Search quality on the real cases and pages: the fixed question set in data/relevance.yml."""

import shutil

import pytest

from search.commands.eval import RELEVANCE_FILE, evaluate, load_questions, mean_reciprocal_rank, recall_at
from search.engine.files import MANIFEST, read_json
from search.engine.query import SearchEngine
from search.engine.reader import resolve_generation
from search.engine.store import build
from search.site.build import build as generate_pages

from .conftest import REPO


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("relevance") / "index"
    build(cases_dir=REPO / "cases", docs_dir=REPO / "docs", index_dir=index_dir)
    return evaluate(SearchEngine(index_dir), load_questions(RELEVANCE_FILE))


def test_relevance_set_is_large_and_varied():
    questions = load_questions(RELEVANCE_FILE)
    assert len(questions) >= 30
    kinds = {q["kind"] for q in questions}
    assert {"meervoud", "verkleinwoord", "samenstelling", "diakriet", "typfout", "synoniem"} <= kinds


def test_recall_at_3(outcomes):
    missed = [(o.query, o.expect, o.rank) for o in outcomes if not o.rank or o.rank > 3]
    assert recall_at(outcomes) >= 1.0, missed


def test_mean_reciprocal_rank(outcomes):
    assert mean_reciprocal_rank(outcomes) >= 0.85


def test_typos_are_answered_through_the_suggestion(outcomes):
    typos = [o for o in outcomes if o.kind == "typfout"]
    assert [(o.query, o.followed) for o in typos] == [
        ("Dordrect", "dordrecht"),
        ("zelfredzaamheidsmatrics", "zelfredzaamheidsmatrix"),
        ("keukentafelgesprk", "keukentafelgesprek"),
    ]


def test_entity_questions_put_the_named_case_first(outcomes):
    named = [o for o in outcomes if o.kind == "entiteit"]
    assert len(named) >= 5
    assert [(o.query, o.rank) for o in named] == [(o.query, 1) for o in named]


def test_generated_pages_do_not_change_the_index(tmp_path):
    """The index holds the same documents, and ranks the relevance set the same, before and after
    `python -m search pages` wrote its pages into docs/ (here: into a copy of docs/)."""
    docs = tmp_path / "docs"
    shutil.copytree(
        REPO / "docs", docs, ignore=shutil.ignore_patterns("praktijkvoorbeelden", "begrippen.md", "tags.md")
    )
    build(cases_dir=REPO / "cases", docs_dir=docs, index_dir=tmp_path / "before")
    assert generate_pages([REPO / "cases"], docs_dir=docs).ok
    assert (docs / "begrippen.md").exists() and (docs / "tags.md").exists()
    assert (docs / "praktijkvoorbeelden" / "vergelijken.md").exists()
    build(cases_dir=REPO / "cases", docs_dir=docs, index_dir=tmp_path / "after")
    manifests = [read_json(resolve_generation(tmp_path / name) / MANIFEST) for name in ("before", "after")]
    assert manifests[0]["counts"] == manifests[1]["counts"]
    assert manifests[0]["digests"] == manifests[1]["digests"]
    # Of the generated pages only the glossary is indexed: its definitions are text no other document has.
    pages = sorted(key for key in manifests[0]["counts"] if key.startswith("page:"))
    assert "page:begrippen.md" in pages and "page:tags.md" not in pages
    assert "page:doorzoeken.md" not in pages  # the static search form: no content of its own
    assert not any(key.startswith("page:praktijkvoorbeelden/") for key in pages)
    questions = load_questions(RELEVANCE_FILE)
    rankings = [
        [[g.slug for g in SearchEngine(tmp_path / name).search(q["query"]).groups] for q in questions]
        for name in ("before", "after")
    ]
    assert rankings[0] == rankings[1]
