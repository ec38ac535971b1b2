"""Markdown → sections: headings, site anchors, and text that keeps paragraphs apart."""

from search.text import html_to_text, markdown_to_html, split_sections

PAGE = """Opening tekst.

## In het kort

Eerste alinea met **vet** en een [link](https://example.org).

- punt een
- punt twee

## Wat we nog niet weten

### Een subkop

Nog open.
"""


def test_sections_split_at_level_two_headings_with_site_anchors():
    sections = split_sections(PAGE)
    assert [(s.heading, s.anchor) for s in sections] == [
        ("", ""),
        ("In het kort", "in-het-kort"),
        ("Wat we nog niet weten", "wat-we-nog-niet-weten"),
    ]


def test_section_text_keeps_blocks_on_their_own_lines():
    sections = split_sections(PAGE)
    assert sections[1].text == "Eerste alinea met vet en een link.\npunt een\npunt twee"
    assert sections[2].text == "Een subkop\nNog open."


def test_diacritics_in_headings_make_ascii_anchors():
    [section] = split_sections("## Cliëntondersteuning in 2015\n\nTekst.")
    assert section.anchor == "clientondersteuning-in-2015"


def test_html_to_text_does_not_merge_paragraphs():
    assert html_to_text(markdown_to_html("Eén.\n\nTwee.")) == "Eén.\nTwee."


def test_converting_pages_one_after_another_keeps_each_pages_own_anchors():
    # The converter is reused between pages; headings of an earlier page must not make later anchors
    # unique-ified ("in-het-kort_1") or leak into its text.
    first = split_sections(PAGE)
    second = split_sections("## In het kort\n\nAndere tekst.\n")
    again = split_sections(PAGE)
    assert [(s.anchor, s.text) for s in second] == [("in-het-kort", "Andere tekst.")]
    assert again == first
