"""Every costly path of a search has a bound, pinned with a hostile query: prefixes, clauses, suggestions,
snippets, downloads and concurrent requests. The tests check that the bound is applied (counts, messages),
never how long something takes; benchmarks/hostile.py prints the times."""

import io
import json
import random
import re
import string
import threading

import pytest
from fastapi.testclient import TestClient
from whoosh import query as Q

from search import config
from search.commands import query as query_command
from search.engine import snippets, suggest
from search.engine.matching import match, parse
from search.engine.query import RowStream, SearchEngine
from search.engine.store import build
from search.web.app import create_app
from tests.webapp import WEB_CASES, build_index, make_site

from .conftest import FIXTURES

CORPUS = FIXTURES / "search"
PREFIX_STORM = " ".join(f"{letter}*" for letter in string.ascii_lowercase)
NONSENSE = " ".join("".join(random.Random(n).choice("bdgklmnprstvz") for _ in range(9)) for n in range(60))
PASTED_PAGE = ("In Bergveld werken consulenten van MEE in de sociale wijkteams met een zorgplan. " * 40)[:3000]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bounds") / "index"
    build(cases_dir=CORPUS / "cases", docs_dir=CORPUS / "docs", index_dir=directory)
    return SearchEngine(directory)


def leaves(query) -> list:
    """Term and phrase clauses of a query tree."""
    if query is Q.NullQuery:
        return []
    if isinstance(query, (Q.Term, Q.Phrase)):
        return [query]
    return [leaf for child in query.children() for leaf in leaves(child)]


# ---------------------------------------------------------------- prefixes and clauses


def test_a_prefix_storm_of_single_letters_searches_nothing_and_says_why(engine):
    matches = match(engine.current(), PREFIX_STORM, {})
    assert matches.clauses == 0 and matches.ranked == []
    assert matches.notices == ["Niet gezocht op 'a*', 'b*', 'c*', 'd*', 'e*' …: zet minstens 3 letters voor de *."]
    results = engine.search(PREFIX_STORM)
    assert results.groups == [] and results.notices == matches.notices


def test_two_letters_are_too_few_for_a_prefix_and_three_are_enough(engine):
    assert [g.slug for g in engine.search("zo*").groups] == []
    assert [g.slug for g in engine.search("zor*").groups] == ["heuvelrand"]


def test_a_prefix_expands_to_at_most_the_limit_of_terms_per_field(engine, monkeypatch):
    generation = engine.current()
    whole = parse(generation, "keu*")
    assert {t.text for t in leaves(whole.query) if t.fieldname == "text"} == {
        "keuk",
        "keukentafel",
        "keukentafelgesprek",
    }
    assert whole.cut_prefixes == []
    monkeypatch.setattr(config, "QUERY_PREFIX_MAX_TERMS", 2)
    bounded = parse(generation, "keu*")
    per_field = {}
    for term in leaves(bounded.query):
        per_field.setdefault(term.fieldname, []).append(term.text)
    assert per_field and all(len(terms) <= 2 for terms in per_field.values())
    assert bounded.cut_prefixes == ["keu*"]
    assert "'keu*' past op veel woorden; gezocht is op de 2 woorden" in bounded.notices()[0]


def test_a_prefix_storm_of_real_prefixes_stops_at_the_clause_limit(engine, monkeypatch):
    monkeypatch.setattr(config, "QUERY_MAX_CLAUSES", 5)
    storm = "keu* buu* ond* wij* geb* cli* heu* zor*"
    matches = match(engine.current(), storm, {})
    assert len(leaves(matches.query)) == matches.clauses <= 5
    assert any("alleen de eerste 5 zoektermen" in notice for notice in matches.notices)


def test_sixty_nonsense_words_stay_within_the_clause_limit_and_get_no_suggestion(engine, monkeypatch):
    monkeypatch.setattr(config, "QUERY_MAX_CLAUSES", 20)
    calls = []
    monkeypatch.setattr(suggest, "closest_word", lambda *args: calls.append(args))
    matches = match(engine.current(), NONSENSE, {})
    assert matches.clauses == 20 == len(leaves(matches.query))
    assert matches.suggestion is None and calls == []  # more than SUGGEST_MAX_WORDS words: no look-up at all
    assert any("alleen de eerste 20 zoektermen" in notice for notice in matches.notices)


def test_a_pasted_page_is_cut_to_the_query_length_and_still_answered(engine):
    matches = match(engine.current(), PASTED_PAGE, {})
    assert f"alleen de eerste {config.QUERY_MAX_CHARS} tekens" in matches.notices[0]
    assert 0 < matches.clauses <= config.QUERY_MAX_CLAUSES
    results = engine.search(PASTED_PAGE)
    assert results.groups and results.groups[0].slug == "bergveld"  # Bergveld is named in the text


def test_a_plain_query_gets_no_notice(engine):
    assert engine.search("keukentafelgesprek").notices == []


# ---------------------------------------------------------------- suggestions


def test_a_suggestion_compares_at_most_the_candidate_limit_per_word(engine, monkeypatch):
    monkeypatch.setattr(config, "SUGGEST_MAX_CANDIDATES", 3)
    compared = []
    real = suggest.edit_distance
    monkeypatch.setattr(suggest, "edit_distance", lambda a, b, limit: compared.append(b) or real(a, b, limit))
    text = "ondersteuninkk keukentafelgesprk"
    engine.search(text)
    assert 0 < len(compared) <= 3 * len(text.split())


def test_candidates_come_from_near_lengths_with_the_same_first_letter():
    buckets = suggest.word_buckets({"team": 9, "teams": 5, "taal": 7, "tuinhuisjes": 1, "wijk": 4, "te": 2})
    assert list(suggest.candidates("teem", buckets)) == [("team", 9), ("taal", 7), ("teams", 5), ("te", 2)]
    assert suggest.closest_word("teem", buckets) == "team"


def test_the_suggestion_is_the_one_the_unbounded_search_finds(engine):
    # The same answer as a search over every known word: the bound only skips words that cannot be near.
    assert engine.search("ondersteuninkk").suggestion == "ondersteuning"
    assert engine.search("keukentafelgesprk").suggestion == "keukentafelgesprek"


# ---------------------------------------------------------------- snippets


class CountingMatch:
    """A regex match that counts how often its end is read."""

    reads = 0

    def __init__(self, start, end):
        self._start, self._end = start, end

    def start(self):
        return self._start

    def end(self):
        CountingMatch.reads += 1
        return self._end


def quadratic_best_window(hits, width):
    best_start, best_count = hits[0].start(), 0
    for i, first in enumerate(hits):
        count = sum(1 for m in hits[i:] if m.end() - first.start() <= width)
        if count > best_count:
            best_start, best_count = first.start(), count
    return best_start


def test_the_snippet_window_is_found_in_one_pass():
    rng = random.Random(3)
    for _ in range(200):
        position, hits = 0, []
        for _ in range(rng.randint(1, 60)):
            position += rng.randint(1, 40)
            length = rng.randint(1, 15)
            hits.append(CountingMatch(position, position + length))
            position += length
        assert snippets.best_window(hits, 180) == quadratic_best_window(hits, 180)
    many = [CountingMatch(i * 6, i * 6 + 5) for i in range(20_000)]
    CountingMatch.reads = 0
    snippets.best_window(many, 180)
    assert CountingMatch.reads <= 2 * len(many) + 1  # linear: each hit is passed by each pointer once


def test_a_section_full_of_matches_gets_a_normal_snippet():
    text = "wijkteam " * 20_000
    snippet = snippets.snippet(text, frozenset({"wijkteam"}))
    assert snippet.count("<mark>wijkteam</mark>") >= 10 and len(re.sub("<[^>]+>", "", snippet)) <= 230


# ---------------------------------------------------------------- downloads


def test_a_row_stream_stops_at_its_limit_and_says_so(engine):
    ranking = engine.export("team", limit=10)
    rows = RowStream(ranking.groups(), 2)
    assert len(list(rows)) == 2 and rows.cut is True
    everything = RowStream(engine.export("team", limit=10).groups(), 1000)
    assert len(list(everything)) == everything.count > 2 and everything.cut is False


def test_the_cli_export_is_capped_in_groups_and_rows(engine, monkeypatch, capsys):
    monkeypatch.setattr(config, "EXPORT_MAX_ROWS", 3)
    query_command.write(engine.export("team", limit=10), "json")
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 3
    assert "niet alles is uitgevoerd" in captured.err
    query_command.write(engine.export("team", limit=1), "csv")
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    first = engine.search("team").groups[0].slug
    assert lines[0].startswith("slug,") and {line.split(",")[0] for line in lines[1:]} == {first}
    assert "de grens is 1 praktijkvoorbeelden" in captured.err


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    base = tmp_path_factory.mktemp("bounds-web")
    index = base / "index"
    build_index(index, cases=WEB_CASES)
    app = create_app(index_dir=index, site_dir=make_site(base / "site"), cache_size=0, max_concurrent=1, max_waiting=0)
    with TestClient(app) as client:
        yield {"client": client, "app": app}


def test_web_downloads_are_streamed_and_capped(web, monkeypatch):
    monkeypatch.setattr(config, "EXPORT_MAX_ROWS", 2)
    response = web["client"].get("/zoeken/export.json", params={"q": "mee"})
    assert response.status_code == 200 and "content-length" not in response.headers  # streamed in pieces
    body = json.loads(response.text)
    assert (body["aantal"], len(body["resultaten"]), body["afgekapt"]) == (2, 2, True)
    assert body["grenzen"] == {"groepen": config.WEB_EXPORT_LIMIT, "rijen": 2}
    response = web["client"].get("/zoeken/export.csv", params={"q": "mee"})
    assert response.status_code == 200 and "content-length" not in response.headers
    assert len(list(io.StringIO(response.text.lstrip("\ufeff")))) == 1 + 2


def test_the_web_api_shows_what_a_bound_changed(web):
    body = web["client"].get("/api/search", params={"q": "w* wijkteam"}).json()
    assert body["notices"] == ["Niet gezocht op 'w*': zet minstens 3 letters voor de *."]
    assert body["total_groups"] > 0
    page = web["client"].get("/zoeken/", params={"q": "w* wijkteam"}).text
    assert "zet minstens 3 letters voor de *" in page


# ---------------------------------------------------------------- concurrent requests


def hold_the_only_slot(web, path, params):
    """Start a request that stays inside the server's one slot until released: (release, thread, answers)."""
    engines = web["app"].state.engines
    inside, release, answers = threading.Event(), threading.Event(), []
    search, export = engines.search, engines.export

    def slow(method):
        def wrapper(*args, **kwargs):
            inside.set()
            release.wait(10)
            return method(*args, **kwargs)

        return wrapper

    engines.search, engines.export = slow(search), slow(export)
    thread = threading.Thread(target=lambda: answers.append(web["client"].get(path, params=params)))
    thread.start()
    assert inside.wait(10)
    engines.search, engines.export = search, export
    return release, thread, answers


# Searches that need a slot: not a few plain words (those are answered on the event loop, see the next test).
SLOW = {"q": "lok* OR wijkteam"}


@pytest.mark.parametrize(
    "path, params",
    [("/api/search", {"q": "wijkteam*"}), ("/zoeken/export.csv", {"q": "wijkteam"})],
)
def test_when_every_slot_is_taken_the_server_answers_503_with_retry_after(web, path, params):
    release, thread, answers = hold_the_only_slot(web, path, params)
    try:
        busy = web["client"].get("/api/search", params=SLOW)
        assert busy.status_code == 503
        assert busy.headers["retry-after"] == str(config.WEB_RETRY_AFTER)
        assert "druk" in busy.json()["fout"]
        page = web["client"].get("/zoeken/", params=SLOW)
        assert page.status_code == 503 and page.headers["retry-after"] and "druk" in page.text
        download = web["client"].get("/zoeken/export.json", params={"q": "loket"})
        assert download.status_code == 503
        assert web["client"].get("/api/cases").status_code == 200  # not a search: it needs no slot
        # A few plain words on this small index need no slot: answered on the event loop, not in a thread.
        quick = web["client"].get("/api/search", params={"q": "wijkteam mee"})
        assert quick.status_code == 200 and quick.json()["total_groups"] > 0
    finally:
        release.set()
        thread.join(10)
    assert answers[0].status_code == 200
    assert web["client"].get("/api/search", params=SLOW).status_code == 200  # the slot is free again


def test_only_a_few_plain_words_for_one_ordinary_page_on_a_small_index_skip_the_worker_thread(web, monkeypatch):
    from search.web.params import SearchRequest

    engines = web["app"].state.engines
    assert engines.is_quick(SearchRequest(q="loket toegang"))
    for request in (
        SearchRequest(q="wijk*"),
        SearchRequest(q="loket AND toegang"),
        SearchRequest(q="een twee drie vier vijf"),  # more than WEB_INLINE_MAX_WORDS
        SearchRequest(q="loket", pagina=2),
        SearchRequest(q="loket", per_pagina=50),
        SearchRequest(q="loket", sorteer="jaar"),
        SearchRequest(q=""),
    ):
        assert not engines.is_quick(request), request
    monkeypatch.setattr(config, "WEB_INLINE_MAX_SECTIONS", engines.get().current().section_count() - 1)
    assert not engines.is_quick(SearchRequest(q="loket toegang"))  # a larger index: to a worker thread


def test_a_search_waits_its_turn_for_a_slot_but_not_long_and_not_in_a_long_queue():
    import asyncio

    from search.web.app import Busy, Slots

    async def scenario():
        slots = Slots(1, waiting=1, wait=5.0)
        await slots.enter()
        waiter = asyncio.create_task(slots.enter())
        await asyncio.sleep(0.01)
        with pytest.raises(Busy):  # the one waiting place is taken: 503 at once
            await slots.enter()
        slots.leave()
        await asyncio.wait_for(waiter, 1.0)  # the waiting search got the slot
        slots.leave()
        hurried = Slots(1, waiting=1, wait=0.05)
        await hurried.enter()
        with pytest.raises(Busy):  # waited its 0.05 s, the slot stayed taken
            await hurried.enter()
        assert hurried.waiting == 0
        hurried.leave()
        await asyncio.wait_for(hurried.enter(), 1.0)  # and the slot is not lost

    asyncio.run(scenario())


def test_the_hostile_benchmark_runs_at_a_small_size():
    import subprocess
    import sys

    from .conftest import REPO

    done = subprocess.run(
        [sys.executable, "-m", "search", "bench-hostile", "--cases", "10", "--words", "50"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and not line.startswith("| zoekvraag")]
    assert len(rows) == 6 and "zet minstens 3 letters" in done.stdout


def test_a_query_without_prefixes_is_bounded_without_being_rebuilt(engine):
    from whoosh import query as Q

    from search.engine import bounds

    reader = engine.current().searcher().reader()
    plain = Q.And([Q.Or([Q.Term("head", "wijkteam"), Q.Term("text", "wijkteam")]), Q.Phrase("text", ["loket", "team"])])
    assert bounds.plain_clauses(plain) == 3
    assert bounds.bound(plain, reader).query == plain.normalize() and bounds.bound(plain, reader).clauses == 3
    assert bounds.plain_clauses(Q.And([Q.Term("text", "team"), Q.Prefix("text", "wijk")])) is None
