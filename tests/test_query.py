"""Searching the fixture corpus: Dutch matching, ranking, MEE, safety, filters, facets, exports, threads."""

import json
import random
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from search.engine.entities import NameIndex, case_names
from search.engine.query import Filters, SearchEngine, result_rows
from search.engine.store import build

from .conftest import FIXTURES, REPO

CORPUS = FIXTURES / "search"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("query") / "index"
    build(cases_dir=CORPUS / "cases", docs_dir=CORPUS / "docs", index_dir=directory)
    return directory


@pytest.fixture(scope="module")
def engine(index_dir):
    return SearchEngine(index_dir)


def slugs(results):
    return [group.slug for group in results.groups]


def test_ondersteuning_finds_clientondersteuning(engine):
    results = engine.search("ondersteuning")
    assert slugs(results) == ["bergveld", "heuvelrand"]
    assert results.groups[0].hits[0].section == "Aanpak"  # "ondersteuners" and "ondersteuningsplan"
    assert "<mark>cliëntondersteuning</mark>" in results.groups[0].hits[1].snippet


def test_team_finds_wijkteam_buurtteam_and_gebiedsteam(engine):
    assert sorted(slugs(engine.search("team"))) == ["bergveld", "dalhuizen", "heuvelrand"]


def test_exact_diacritic_match_ranks_first(engine):
    assert slugs(engine.search("cliënt")) == ["bergveld", "dalhuizen"]
    assert slugs(engine.search("client")) == ["dalhuizen", "bergveld"]


def test_mee_the_organisation_is_not_the_word_mee(engine):
    assert slugs(engine.search("MEE")) == ["heuvelrand", "bergveld"]
    assert slugs(engine.search("mee")) == ["heuvelrand", "bergveld"]
    assert "dalhuizen" not in slugs(engine.search("MEE"))  # "de gemeente doet zelf ook mee"


def test_synonyms_find_every_kind_of_neighbourhood_team(engine):
    assert (
        slugs(engine.search("buurtteam")) == slugs(engine.search("wijkteam")) == ["bergveld", "dalhuizen", "heuvelrand"]
    )


def test_phrase_query_matches_across_a_compound(engine):
    assert slugs(engine.search('"sociaal team"')) == ["dalhuizen", "bergveld"]
    assert slugs(engine.search('"warme overdracht"')) == ["handleiding"]
    assert slugs(engine.search('"overdracht warme"')) == []


def test_diminutive_finds_the_base_word(engine):
    assert slugs(engine.search("gesprekje")) == slugs(engine.search("gesprek")) == ["dalhuizen", "bergveld"]


def test_all_words_must_match_first(engine):
    results = engine.search("Bergveld wijkteam")
    assert slugs(results) == ["bergveld"] and results.all_words is True


def test_when_no_section_has_all_words_some_words_will_do(engine):
    results = engine.search("samen loket")
    assert slugs(results) == ["heuvelrand", "bergveld"] and results.all_words is False


def test_a_named_municipality_puts_its_case_first(engine):
    # heuvelrand holds "loket" far more often; the query names Bergveld, so Bergveld comes first.
    results = engine.search("Bergveld loket")
    assert slugs(results) == ["bergveld", "heuvelrand"] and results.all_words is False


NAMES = NameIndex(
    {
        "case:zeist": {"kind": "case", "names": ["Zeist", "Het Gesprek"]},
        "case:amsterdam": {"kind": "case", "names": ["Amsterdam", "Samen DOEN in de buurt"]},
        "case:den-bosch": {"kind": "case", "names": ["'s-Hertogenbosch", "Meedenkers"]},
        "page:zeist.md": {"kind": "page", "names": ["Zeist"]},
    }
)


@pytest.mark.parametrize(
    "text, named",
    [
        ("clientondersteuning zeist", ["case:zeist"]),
        ("Zeist", ["case:zeist"]),
        ("zeister", []),  # a name of one word is named only by that word
        ("gesprek", []),  # "Het Gesprek": an everyday word alone is no name
        ("keukentafelgesprek", []),
        ("het gesprek in de wijk", ["case:zeist"]),
        ("samen doen buurtteams", ["case:amsterdam"]),  # every word of the name, one as part of a compound
        ("buurt samen", ["case:amsterdam"]),
        ("samen", []),
        ("hertogenbosch", ["case:den-bosch"]),
        ("Meedenkers amsterdam", ["case:amsterdam", "case:den-bosch"]),
        ("wijkteam NOT Zeist", []),
        ("", []),
    ],
)
def test_which_cases_a_query_names(text, named):
    assert NAMES.named(text) == named


def test_case_names_are_municipalities_and_the_programme_without_its_explanation():
    meta = {"municipalities": ["Tilburg"], "programme": "Meedenkers (koploperproject cliëntondersteuning Tilburg)"}
    assert case_names(meta) == ["Tilburg", "Meedenkers"]
    assert case_names({"municipalities": [], "programme": ""}) == []


def test_a_case_named_only_in_its_front_matter_is_found(engine):
    # Kleindorp is one of heuvelrand's municipalities but is not in its text: the case still comes back.
    assert slugs(engine.search("kleindorp")) == ["heuvelrand"]
    assert slugs(engine.search("kleindorp", Filters(province="zeeland"))) == []


def test_a_negated_name_names_nothing(engine):
    assert slugs(engine.search("wijkteam NOT Bergveld")) == ["dalhuizen", "heuvelrand"]


@pytest.fixture(scope="module")
def engine_with_a_report(tmp_path_factory):
    """The fixture corpus plus a page that mentions Dalhuizen next to words the Dalhuizen case lacks."""
    root = tmp_path_factory.mktemp("named")
    shutil.copytree(CORPUS / "cases", root / "cases")
    shutil.copytree(CORPUS / "docs", root / "docs")
    (root / "docs" / "verslag.md").write_text(
        "# Verslag\n\nIn de regio rond Dalhuizen sprak de redactie over de warme overdracht.\n", encoding="utf-8"
    )
    build(cases_dir=root / "cases", docs_dir=root / "docs", index_dir=root / "index")
    return SearchEngine(root / "index")


def test_all_words_matching_never_drops_the_named_case(engine_with_a_report):
    # Only the page holds all three words; the Dalhuizen case, named in the query, still comes back, first.
    results = engine_with_a_report.search("warme overdracht Dalhuizen")
    assert slugs(results) == ["dalhuizen", "verslag"]
    assert results.total_groups == 2
    assert engine_with_a_report.search("warme overdracht").groups[0].slug in ("handleiding", "verslag")


def test_no_match_gives_a_suggestion(engine):
    results = engine.search("ondersteuninkk")
    assert results.groups == [] and results.suggestion == "ondersteuning"


def test_advanced_syntax(engine):
    assert slugs(engine.search("wijkteam NOT Bergveld")) == ["dalhuizen", "heuvelrand"]
    assert sorted(slugs(engine.search("loket OR buurtteam"))) == ["bergveld", "dalhuizen", "heuvelrand"]
    assert slugs(engine.search("gemeente:kleindorp")) == ["heuvelrand"]
    assert slugs(engine.search("rol:specialist")) == ["heuvelrand"]
    assert slugs(engine.search("zorgpl*")) == ["heuvelrand"]


NASTY = [
    '"',
    '"unbalanced',
    "((",
    ")",
    "AND",
    "OR NOT",
    "*",
    "**",
    "?*",
    "a*",
    "wijk:",
    ":",
    "^2",
    "[2013 TO",
    "titel:",
    "\x00\x01\x1b[31m",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "wijkteam " * 400,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "NOT",
    "gemeente:(",
    "\\",
    "{}",
    "~2",
    "team~",
    "/regex/",
    "ü" * 600,
    "",
]


@pytest.mark.parametrize("text", NASTY)
def test_odd_input_never_raises(engine, text):
    results = engine.search(text)
    # The first page holds as many groups as there are, up to the page size; never an exception.
    assert len(results.groups) == min(results.total_groups, results.page_size)


def test_odd_input_finds_what_the_words_say(engine):
    assert slugs(engine.search('wijkteam "')) == slugs(engine.search("wijkteam"))
    assert slugs(engine.search("*")) == []


def test_filters_and_facets(engine):
    results = engine.search("team", Filters(province="utrecht"))
    assert slugs(results) == ["heuvelrand"]
    results = engine.search("team")
    assert [(f.value, f.count) for f in results.facets["province"]] == [
        ("gelderland", 1),
        ("utrecht", 1),
        ("zeeland", 1),
    ]
    assert [(f.value, f.count) for f in results.facets["year"]] == [("2012", 1), ("2013", 2), ("2014", 2), ("2015", 1)]
    assert slugs(engine.search("team", Filters(year=2012))) == ["heuvelrand"]
    assert slugs(engine.search("team", Filters(municipality="Kleindorp"))) == ["heuvelrand"]


def test_sort_by_year_and_municipality(engine):
    assert slugs(engine.search("team", sort="year")) == ["bergveld", "dalhuizen", "heuvelrand"]
    assert slugs(engine.search("team", sort="municipality")) == ["bergveld", "dalhuizen", "heuvelrand"]


def test_paging(engine):
    first, second = engine.search("team", page_size=2), engine.search("team", page=2, page_size=2)
    assert first.total_groups == second.total_groups == 3
    assert len(first.groups) == 2 and len(second.groups) == 1
    assert set(slugs(first)) | set(slugs(second)) == {"bergveld", "dalhuizen", "heuvelrand"}


def test_snippets_are_escaped_html_with_marks(engine):
    snippet = engine.search("loket").groups[0].hits[0].snippet
    assert "<mark>loket</mark>" in snippet
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")


def test_result_rows_have_the_export_columns(engine):
    rows = result_rows(engine.search("zorgplan"))
    assert list(rows[0]) == [
        "slug",
        "title",
        "section",
        "anchor",
        "score",
        "snippet",
        "url",
        "role",
        "province",
        "kind",
    ]
    assert rows[0]["url"] == "/praktijkvoorbeelden/heuvelrand/#rol-van-mee"


def test_search_from_worker_threads_with_a_time_limit(engine):
    expected = [slugs(engine.search(q)) for q in ("team", "cliënt", "MEE", "loket")]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(
            pool.map(lambda q: slugs(engine.search(q, time_limit=5.0)), ["team", "cliënt", "MEE", "loket"] * 10)
        )
    assert found == expected * 10


def test_time_limit_returns_what_was_found_and_says_so(engine):
    results = engine.search("team", time_limit=0.0)
    assert results.timed_out is True
    assert set(slugs(results)) <= {"bergveld", "dalhuizen", "heuvelrand"}
    assert engine.search("team").timed_out is False


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "search", "query", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_json_and_csv(index_dir):
    done = run_cli("zorgplan", "--index", str(index_dir), "--format", "json")
    assert done.returncode == 0
    rows = json.loads(done.stdout)
    assert [(r["slug"], r["section"]) for r in rows] == [("heuvelrand", "Rol van MEE")]
    done = run_cli("zorgplan", "--index", str(index_dir), "--format", "csv")
    assert done.stdout.splitlines()[0] == "slug,title,section,anchor,score,snippet,url,role,province,kind"
    assert done.stdout.splitlines()[1].startswith("heuvelrand,Het Loket in Heuvelrand,Rol van MEE,rol-van-mee,")


def test_cli_text_without_results_suggests(index_dir):
    done = run_cli("ondersteuninkk", "--index", str(index_dir))
    assert done.returncode == 0
    assert done.stdout == "Geen resultaten voor 'ondersteuninkk'.\nBedoelde u: ondersteuning ?\n"


def test_cli_bad_options_and_missing_index_exit_2(index_dir, tmp_path):
    assert run_cli("x", "--index", str(index_dir), "--limit", "nul").returncode == 2
    assert run_cli("x", "--index", str(index_dir), "--role", "baas").returncode == 2
    done = run_cli("x", "--index", str(tmp_path / "geen"))
    assert done.returncode == 2
    assert "python build_index.py" in done.stderr and "Traceback" not in done.stderr


def same_query(ours, parsed) -> bool:
    """Equal as query trees, every attribute (boost, scale, minmatch) included; the parser's character
    offsets (for highlighting) left out."""
    from whoosh import query as Q

    if type(ours) is not type(parsed):
        return False
    if isinstance(ours, Q.Query):
        mine, theirs = ({k: v for k, v in vars(q).items() if k not in ("startchar", "endchar")} for q in (ours, parsed))
        return mine.keys() == theirs.keys() and all(same_query(mine[k], theirs[k]) for k in mine)
    if isinstance(ours, (list, tuple)):
        return len(ours) == len(parsed) and all(same_query(a, b) for a, b in zip(ours, parsed, strict=True))
    return ours == parsed


def test_plain_words_make_the_query_the_parser_would_make(engine):
    import random

    from search.engine import analysis
    from search.engine.matching import plain_words_query

    generation = engine.current()
    words = "cliënt client wijkteam ondersteuning MEE mee de het gesprekje Bergveld 2015 één café x_y ß AND NOTE or"
    rng = random.Random(14)
    texts = [" ".join(rng.choice(words.split()) for _ in range(rng.randint(1, 5))) for _ in range(300)]
    built = 0
    for text in texts + ["rol van mee", "de het een"]:
        text = analysis.prepare_query_text(text)
        for loose, parser in ((False, generation.strict_parser), (True, generation.loose_parser)):
            ours = plain_words_query(generation, text, loose)
            if ours is not None:
                built += 1
                assert same_query(ours, parser.parse(text)), (text, loose)
    assert built > 400  # most of them are plain words
    for text in ("wijkteam AND client", "NOT wijkteam", '"sociaal team"', "titel:wijkteam", "wijk*", "MEE-consulent"):
        assert plain_words_query(generation, text, False) is None, text  # syntax: the parser reads it


def test_leaving_out_terms_the_index_lacks_changes_no_match_and_no_score(engine):
    from whoosh import query as Q

    from search.engine import analysis
    from search.engine.matching import plain_words_query

    generation = engine.current()
    searcher = generation.searcher()
    reader = searcher.reader()

    def leaves(node) -> int:
        return 1 if isinstance(node, Q.Term) else sum(leaves(child) for child in node.children())

    words = "cliënt wijkteam ondersteuning MEE gesprekje Bergveld toegang loket xyzzy qwertyuiop"
    rng = random.Random(3)
    texts = [" ".join(rng.choice(words.split()) for _ in range(rng.randint(1, 4))) for _ in range(120)]
    pruned = 0
    for text in texts:
        text = analysis.prepare_query_text(text)
        for loose, parser in ((False, generation.strict_parser), (True, generation.loose_parser)):
            ours = plain_words_query(generation, text, loose, reader)
            full = parser.parse(text)
            pruned += leaves(ours) < leaves(full)
            found = [(hit.docnum, hit.score) for hit in searcher.search(ours, limit=None)]
            assert found == [(hit.docnum, hit.score) for hit in searcher.search(full, limit=None)], (text, loose)
    assert pruned > 50
    # A word the index lacks in every field keeps its terms: the all-words query fails (and the looser retry
    # runs) instead of the word silently dropping out of the query.
    lacking = plain_words_query(generation, "xyzzy", False, reader)
    assert leaves(lacking) == leaves(generation.strict_parser.parse("xyzzy")) >= 2


def test_cached_term_look_ups_answer_what_the_index_file_answers(engine):
    from whoosh import index as whoosh_index
    from whoosh.reading import TermNotFound

    from search.engine.term_cache import CachedTerms

    cached = engine.current().searcher().reader()  # the engine's readers have the cache in front
    assert isinstance(cached._terms, CachedTerms)
    with whoosh_index.open_dir(str(engine.current().path)).reader() as plain:
        assert not isinstance(plain._terms, CachedTerms)
        terms = [(f, t) for f, t in plain.all_terms() if f in ("head", "text", "exact")][:300]
        terms += [("text", b"xyzzy"), ("head", b"qwertyuiop")]
        for _ in range(2):  # the second round is answered from the cache
            for fieldname, text in terms:
                held = (fieldname, text) in plain
                assert ((fieldname, text) in cached) == held
                assert cached.doc_frequency(fieldname, text) == plain.doc_frequency(fieldname, text)
                assert cached.frequency(fieldname, text) == plain.frequency(fieldname, text)
                if held:
                    assert list(cached.postings(fieldname, text).all_ids()) == list(
                        plain.postings(fieldname, text).all_ids()
                    )
                else:
                    with pytest.raises(TermNotFound):
                        cached.term_info(fieldname, text)

    small = CachedTerms(cached._terms._terms, max_terms=5)  # bounded: full means start again, never grow
    for fieldname, text in terms[:50]:
        small.term_info(fieldname, text)
        assert len(small._infos) <= 5


def test_the_cheaper_matchers_find_and_score_exactly_what_whoosh_would(engine):
    from whoosh import query as Q

    from search.engine import analysis
    from search.engine.matching import BonusIfMatched, SizedOr, parse

    def as_whoosh(node):
        if isinstance(node, SizedOr):
            subqueries = [as_whoosh(sub) for sub in node.subqueries]
            return Q.Or(subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
        if isinstance(node, BonusIfMatched):
            return Q.AndMaybe(as_whoosh(node.a), as_whoosh(node.b))
        return node.apply(as_whoosh)

    def node_types(node) -> set:
        return {type(node)}.union(*(node_types(child) for child in node.children()))

    generation = engine.current()
    searcher = generation.searcher()
    used, answered = set(), 0
    for text in ("wijkteam cliënt", "loket toegang gesprek", "ondersteuning", "team gemeente zorg", "MEE wijkteam"):
        for loose in (False, True):
            ours = parse(generation, analysis.prepare_query_text(text), loose=loose).query
            used |= node_types(ours)
            found = [(hit.docnum, hit.score) for hit in searcher.search(ours, limit=None)]
            expected = [(hit.docnum, hit.score) for hit in searcher.search(as_whoosh(ours), limit=None)]
            assert found == expected, (text, loose)
            answered += bool(found)
    assert {SizedOr, BonusIfMatched} <= used and answered >= 8
