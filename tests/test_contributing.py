"""CONTRIBUTING.md stays true: every field, role, theme, province and heading is explained, every link
in a message lands on a heading, and the template shown equals what `new` writes."""

import dataclasses
import re

import pytest

from search import config
from search.content import scaffold, validate
from search.content.vocabulary import load_vocabulary
from search.problems import Problem

from .conftest import REPO

GUIDE = REPO / "CONTRIBUTING.md"
FENCE = re.compile(r"^\s*(```|~~~)")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of every Markdown heading outside fenced code blocks."""
    found, inside = [], False
    for line in text.split("\n"):
        if FENCE.match(line):
            inside = not inside
        elif not inside and (match := re.match(r"^(#{1,6})\s+(.+?)\s*#*\s*$", line)):
            found.append((len(match.group(1)), match.group(2)))
    return found


def github_anchor(heading: str) -> str:
    """GitHub's rule: lowercase, drop punctuation except '-' and '_', spaces become '-'."""
    text = re.sub(r"[`*_]{1,2}([^`*_]+)[`*_]{1,2}", r"\1", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """Anchors as GitHub makes them, with -1, -2 … for repeated headings."""
    seen: dict[str, int] = {}
    result = set()
    for _, heading in headings(text):
        anchor = github_anchor(heading)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        result.add(anchor)
    return result


def section(text: str, title: str) -> str:
    """The text under one '## ' heading, up to the next '## ' heading (fenced code included)."""
    lines, inside, keep, out = text.split("\n"), False, False, []
    for line in lines:
        if FENCE.match(line):
            inside = not inside
        if not inside and line.startswith("## "):
            keep = line[3:].strip() == title
            continue
        if keep:
            out.append(line)
    assert out, f"CONTRIBUTING.md has no section '## {title}'"
    return "\n".join(out)


def tables(text: str) -> dict[str, dict[str, list[str]]]:
    """Markdown tables by the text of their first header cell: {first cell (no backticks): other cells}."""
    found, current = {}, None
    for line in text.split("\n"):
        if not line.startswith("|"):
            current = None
            continue
        if re.match(r"^\|[-| ]+\|$", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is None:
            current = found.setdefault(cells[0], {})
        else:
            current[cells[0].strip("`")] = cells[1:]
    return found


def schema_fields(schema: dict, prefix: str = "") -> list[str]:
    """Every property name in the schema, nested ones as 'period.start', 'sources.url'."""
    names = []
    for name, spec in schema.get("properties", {}).items():
        names.append(prefix + name)
        inner = spec.get("items", spec) if spec.get("type") == "array" else spec
        names.extend(schema_fields(inner, prefix + name + "."))
    return names


def messages_anchors() -> set[str]:
    """Every CONTRIBUTING anchor that code, templates or CI can print or link to."""
    found = {f.default for f in dataclasses.fields(Problem) if f.name == "guide"}
    patterns = [r'guide="([^"]+)"', r"GUIDE_ANCHOR = \"([^\"]+)\"", r"CONTRIBUTING\.md#([\w-]+)", r"GUIDE\}#([\w-]+)"]
    files = list((REPO / "search").rglob("*.py")) + [p for p in (REPO / ".github").rglob("*") if p.is_file()]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            found.update(re.findall(pattern, text))
    return found


def test_the_anchors_messages_link_to_are_headings_in_the_guide():
    # Anchors passed positionally (validate.vocabulary_problems) are not found by the patterns: list them.
    named_in_brief = {
        "velden",
        "bestand",
        "themas",
        "rol-vaststellen",
        "bronnen",
        "niet-toegestaan",
        "kopjes",
        "persoonsgegevens",
        "nieuw-praktijkvoorbeeld",
    }
    assert sorted((messages_anchors() | named_in_brief) - anchors(guide_text())) == []


def test_every_bad_fixture_message_links_to_a_heading_in_the_guide():
    problems = validate.check([REPO / "tests" / "fixtures" / "cases" / "bad"])
    assert problems
    assert sorted({p.guide for p in problems} - anchors(guide_text())) == []


def test_links_inside_the_guide_land_on_a_heading():
    targets = set(re.findall(r"\]\(#([^)]+)\)", guide_text()))
    assert targets
    assert sorted(targets - anchors(guide_text())) == []


def test_heading_anchors_follow_githubs_rule():
    assert github_anchor("Thema's") == "themas"
    assert github_anchor("Rol vaststellen") == "rol-vaststellen"
    assert github_anchor("Nieuw praktijkvoorbeeld") == "nieuw-praktijkvoorbeeld"
    assert anchors("## Bronnen\n```\n## Bronnen\n```\n### Bronnen\n") == {"bronnen", "bronnen-1"}


@pytest.mark.parametrize("field", schema_fields(validate.load_schema()))
def test_every_schema_field_is_explained_in_the_fields_section(field):
    found = tables(section(guide_text(), "Velden"))
    fields, source_parts = found["veld"], found["onderdeel"]
    parent, _, name = field.rpartition(".")
    if not parent:
        assert field in fields, f"'{field}' has no row in the table under '## Velden'"
        assert all(fields[field]), f"the row for '{field}' has an empty cell"
    elif parent == "sources":
        assert name in source_parts and all(source_parts[name]), field
    else:
        assert f"`{name}`" in fields[parent][1], f"the row for '{parent}' does not explain `{name}`"


def test_required_column_matches_the_schema():
    schema = validate.load_schema()
    fields = tables(section(guide_text(), "Velden"))["veld"]
    assert {f: row[0] for f, row in fields.items()} == {
        f: "ja" if f in schema["required"] else "nee" for f in schema["properties"]
    }


def test_every_role_id_and_label_is_explained():
    rows = tables(section(guide_text(), "Rol vaststellen"))["id"]
    for role, spec in load_vocabulary().roles.items():
        assert role in rows, role
        assert rows[role][0] == spec["label"], role
        assert rows[role][1], role


def test_every_theme_id_and_label_is_listed():
    rows = tables(section(guide_text(), "Thema's"))["id"]
    themes = load_vocabulary().themes
    assert {k: v[0] for k, v in rows.items() if k in themes} == themes
    assert sorted(set(themes) - set(rows)) == []


def test_every_province_id_and_label_is_listed():
    rows = tables(section(guide_text(), "Velden"))["id"]
    for province, label in load_vocabulary().provinces.items():
        assert rows.get(province) == [label], province


def test_every_fixed_heading_is_listed_in_order_with_required_marked():
    rows = tables(section(guide_text(), "Kopjes"))["kopje"]
    listed = [key.removeprefix("## ") for key in rows if key.startswith("## ")]
    vocabulary = load_vocabulary()
    assert listed == vocabulary.section_headings
    for spec in vocabulary.sections:
        assert rows[f"## {spec['heading']}"][0] == ("ja" if spec.get("required") else "nee"), spec


def test_template_in_the_guide_is_what_new_writes():
    block = re.search(r"### Sjabloon\n.*?```markdown\n(.*?)```\n", guide_text(), flags=re.S)
    assert block, "CONTRIBUTING.md has no ```markdown block under '### Sjabloon'"
    assert block.group(1) == scaffold.case_text("Naam van de gemeente", "naam-van-de-gemeente")


def test_role_override_example_in_the_guide_passes_check(tmp_path):
    example = re.search(r"```yaml\n(mee_role: .*?)```", guide_text(), flags=re.S).group(1)
    good = (REPO / "tests" / "fixtures" / "cases" / "good" / "voorbeeldstad.md").read_text(encoding="utf-8")
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(good.replace("coordinates:", example + "coordinates:", 1), encoding="utf-8")
    assert [p for p in validate.check([path]) if p.is_error] == []


def test_sources_example_in_the_guide_passes_check(tmp_path):
    example = re.search(r"```yaml\n(sources:\n.*?)```", guide_text(), flags=re.S).group(1)
    good = (REPO / "tests" / "fixtures" / "cases" / "good" / "voorbeeldstad.md").read_text(encoding="utf-8")
    start, end = good.index("sources:"), good.index("gaps:")
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(good[:start] + example + good[end:], encoding="utf-8")
    assert validate.check([path]) == []


@pytest.mark.parametrize("date, ok", [('"2014"', True), ("2014-12", True), ("2014", False)])
def test_guide_is_right_that_a_bare_year_needs_quotes(tmp_path, date, ok):
    assert 'date: "2014"' in section(guide_text(), "Bronnen")
    good = (REPO / "tests" / "fixtures" / "cases" / "good" / "voorbeeldstad.md").read_text(encoding="utf-8")
    path = tmp_path / "voorbeeldstad.md"
    path.write_text(good.replace("date: 2014-12-15", f"date: {date}"), encoding="utf-8")
    messages = [p.message for p in validate.check([path])]
    assert messages == ([] if ok else ["Het veld 'sources[1].date' moet tekst zijn."])


def test_guide_says_where_the_published_site_is_and_how_to_search_there():
    from urllib.parse import urlsplit

    owner, repository = urlsplit(config.REPOSITORY_URL).path.strip("/").split("/")
    text = guide_text()
    assert "`https://<eigenaar>.github.io/<repository>/`" in text
    assert f"https://{owner}.github.io/{repository}/" in text
    assert "menu-item *Zoeken*" in text and "make serve" in text
