from search.urls import case_url, page_url


def test_case_url_points_at_the_case_page_and_section():
    assert case_url("zeist") == "/praktijkvoorbeelden/zeist/"
    assert case_url("zeist", "resultaten") == "/praktijkvoorbeelden/zeist/#resultaten"


def test_page_url_follows_mkdocs_directory_urls():
    assert page_url("index.md") == "/"
    assert page_url("overdracht.md", "aanbeveling-1") == "/overdracht/#aanbeveling-1"
    assert page_url("gids/index.md") == "/gids/"
