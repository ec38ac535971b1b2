"""Search quality on the real cases and pages: the fixed question set in data/relevance.yml."""

import pytest

from search.commands.eval import RELEVANCE_FILE, evaluate, load_questions, mean_reciprocal_rank, recall_at
from search.engine.query import SearchEngine
from search.engine.store import build

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
