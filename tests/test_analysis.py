"""The Dutch analyzer: folding, stop words, stems and overrides, compounds, MEE, query clean-up."""

from search.engine.analysis import (
    MEE_TERM,
    analyze,
    prepare_query_text,
    shared_analyzer,
    split_compound,
    stem,
    synonyms,
)


def test_folds_accents_lowercases_and_drops_stop_words():
    assert analyze("De Cliënten in het team") == ["client", "team"]


def test_compound_keeps_whole_word_and_adds_known_parts():
    assert analyze("cliëntondersteuning") == ["clientondersteun", "client", "ondersteun"]
    assert analyze("wijkteams") == ["wijkteam", "wijk", "team"]


def test_compound_parts_share_the_position_of_the_whole_word():
    positions = [(t.text, t.pos) for t in shared_analyzer()("sociale wijkteams", positions=True)]
    assert positions == [("sociaal", 0), ("wijkteam", 1), ("wijk", 1), ("team", 1)]


def test_keukentafelgesprek_is_split_into_real_words_only():
    assert split_compound("keukentafelgesprek") == ("keukentafel", "keuken", "tafel", "gesprek")
    assert split_compound("keukentafelgesprekken") == ("keukentafel", "keuken", "tafel", "gesprek")


def test_words_that_only_look_like_compounds_are_not_split():
    assert split_compound("overdracht") == ()
    assert split_compound("samenwerking") == ()
    assert split_compound("professionals") == ()


def test_linking_s_between_compound_parts():
    assert split_compound("ondersteuningsplan") == ("ondersteuning", "plan")


def test_queries_are_not_split_into_parts():
    assert analyze("cliëntondersteuning", mode="query") == ["clientondersteun"]


def test_stem_overrides_join_domain_words():
    assert stem("sociaal") == stem("sociale") == "sociaal"
    assert stem("ondersteuner") == stem("ondersteuners") == stem("ondersteuning") == "ondersteun"
    assert stem("plannen") == stem("plan") == "plan"
    assert analyze("cliëntondersteuners", mode="query") == analyze("cliëntondersteuning", mode="query")


def test_diminutive_of_a_domain_word_is_its_base_word():
    assert analyze("gesprekje", mode="query") == ["gesprek"]
    assert analyze("plannetje", mode="query") == ["plan"]


def test_mee_in_capitals_is_the_organisation_and_lowercase_mee_is_a_stop_word():
    assert analyze("MEE Zuid-Limburg doet mee") == [MEE_TERM, "zuid", "limburg", "doet"]
    assert analyze("MEE-consulenten") == [MEE_TERM, "consulent"]


def test_query_mee_alone_or_after_a_preposition_means_the_organisation():
    assert prepare_query_text("mee") == "MEE"
    assert prepare_query_text("rol van mee") == "rol van MEE"
    assert prepare_query_text("doet mee") == "doet mee"


def test_query_text_loses_control_characters_and_is_capped():
    assert prepare_query_text("wijk\x00team\x07") == "wijk team"
    assert len(prepare_query_text("a" * 5000)) == 500


def test_synonyms_of_wijkteam():
    assert synonyms("buurtteam") == (
        ("wijkteam",),
        ("buurtteam",),
        ("gebiedsteam",),
        ("sociaal", "team"),
        ("sociaal", "wijkteam"),
    )
    assert synonyms("loket") == ()
