"""Generated site pages as plain Markdown: one page per case, the overview, the compare page and role pages.

`generate_files(entries, ...)` returns {path relative to docs/: text or bytes}; writing them (atomically)
and building the site is `site_build.py`'s job. No theme hooks: mkdocs and its successors read these as
ordinary pages.
"""
import re
from dataclasses import dataclass

import yaml

from .. import config
from ..content.cases import Case
from ..roles.classifier import CaseRole, case_role
from ..content.body import level2_parts
from ..parallel import map_in_order
from ..text import split_sections
from ..urls import CASES_PATH
from ..content.vocabulary import Vocabulary, load_vocabulary

GENERATED_FOLDER = CASES_PATH            # docs/praktijkvoorbeelden/
ROLE_PAGE = "rol-{role}.md"
COMPARE_PAGE = "vergelijken.md"
TAGS_PAGE = "tags.md"                     # in docs/ itself: the menu item "Labels" at /tags/
OVERVIEW_PAGE = "index.md"
EVIDENCE_SHOWN = 5                        # sentences under "Waarom dit label?"
COMPARE_TEXT_CHARS = 320                  # length of a text cell on the compare page
UNKNOWN_TEXT = "Nog niet bekend."
GAP_OVERLAP = 0.6                         # share of words a body line must share with a gap to count as "said"

# (label on the compare page, section heading in the case body)
COMPARE_SECTIONS = (
    ("Betrokken partijen", "Betrokken partijen"),
    ("Stand van zaken 2014", "Stand van zaken 2014"),
    ("Plannen en latere ontwikkelingen", "Latere ontwikkelingen"),
)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass(frozen=True)
class CaseEntry:
    """A case with what every page needs about it, computed once."""
    case: Case
    role: CaseRole
    anchors: dict            # section heading -> anchor on the case page
    section_texts: dict      # section heading -> plain text


def derived_facts(case: Case) -> tuple:
    """The slow part of an entry (Markdown rendering, classification), without the case itself."""
    sections = [s for s in split_sections(case.body) if s.heading]
    return case_role(case), {s.heading: s.anchor for s in sections}, {s.heading: s.text for s in sections}


def make_entries(cases: list[Case]) -> list["CaseEntry"]:
    """Classify each case once and index its sections; sorted by title so every listing has one order."""
    cases = list(cases)
    entries = [CaseEntry(case, role, anchors, texts)
               for case, (role, anchors, texts) in zip(cases, map_in_order(derived_facts, cases))]
    return sorted(entries, key=lambda e: (e.case.title.casefold(), e.case.slug))


# ---------------------------------------------------------------- small Markdown helpers

def escape(text) -> str:
    """Text that Markdown shows literally (also safe inside a table cell)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


# libyaml's emitter writes the same YAML as the pure-Python one, about ten times faster (1,000s of pages).
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(fields: dict) -> str:
    return "---\n" + yaml.dump(fields, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell or "–" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def period_text(meta: dict) -> str:
    period = meta.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if start and end and end != start:
        return f"{start}–{end}"
    if start and end:
        return str(start)
    return f"vanaf {start}" if start else ""


DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december")


def dutch_date(value) -> str:
    """'2014-06' → 'juni 2014', '2014-12-15' → '15 december 2014'; anything else as written."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value or ""))
    if not match or not (match.group(2) and 1 <= int(match.group(2)) <= 12):
        return str(value or "")
    year, month, day = match.group(1), DUTCH_MONTHS[int(match.group(2)) - 1], match.group(3)
    return f"{int(day)} {month} {year}" if day else f"{month} {year}"


def municipalities_text(meta: dict) -> str:
    return ", ".join(meta.get("municipalities") or [])


def place_name(meta: dict) -> str:
    """One short name for a map label: the municipality, or the region when several take part."""
    municipalities = meta.get("municipalities") or []
    return municipalities[0] if len(municipalities) == 1 else (meta.get("region") or ", ".join(municipalities))


def completeness(entry: CaseEntry, vocabulary: Vocabulary) -> tuple[int, int]:
    """How many of the fixed sections the case fills with text: (filled, total)."""
    headings = vocabulary.section_headings
    filled = sum(1 for h in headings if entry.section_texts.get(h, "").strip())
    return filled, len(headings)


def role_page_name(role: str) -> str:
    return ROLE_PAGE.format(role=role)


def tags_for(entry: CaseEntry, vocabulary: Vocabulary) -> list[str]:
    """Page tags: the Dutch role label, then the theme labels (mkdocs.yml `tags_allowed` lists them all)."""
    themes = [vocabulary.themes.get(t, t) for t in entry.case.meta.get("themes") or []]
    return [entry.role.label] + themes


# ---------------------------------------------------------------- the case page

def words_of(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2}


def already_said(question: str, lines: list[str]) -> bool:
    """True when a line of the body says much the same (editors often reword the front-matter gaps)."""
    wanted = words_of(question)
    for line in lines:
        found = words_of(line)
        if wanted and found and len(wanted & found) / min(len(wanted), len(found)) >= GAP_OVERLAP:
            return True
    return False


def gaps_addition(entry: CaseEntry) -> str:
    """The open questions from the front matter that the body's section does not already say."""
    lines = entry.section_texts.get("Wat we nog niet weten", "").split("\n")
    gaps = [g for g in entry.case.meta.get("gaps") or [] if not already_said(g, lines)]
    if not gaps:
        return ""
    return "Open vragen:\n\n" + "\n".join(f"- {escape(g)}" for g in gaps) + "\n"


def sources_addition(entry: CaseEntry, raw_section: str) -> str:
    """Sources from the front matter whose link is not yet in the body's Bronnen section."""
    missing = [s for s in entry.case.meta.get("sources") or [] if s.get("url") and s["url"] not in raw_section]
    if not missing:
        return ""
    return "\n".join(source_line(s) for s in missing) + "\n"


def source_line(source: dict) -> str:
    return f"- [{escape(source.get('title', source['url']))}]({source['url']}), " \
           f"{escape(source.get('publisher', ''))}, {escape(dutch_date(source.get('date', '')))}"


def evidence_items(entry: CaseEntry, evidence) -> str:
    vocabulary = load_vocabulary()
    items = []
    for item in evidence:
        anchor = entry.anchors.get(item.section, "")
        where = f" (uit [{escape(item.section)}](#{anchor}))" if anchor else ""
        label = f"{escape(vocabulary.roles[item.role]['short'])}: " if item.role in vocabulary.roles else ""
        items.append(f"- {label}“{escape(item.sentence)}”{where}")
    return "\n".join(items)


def evidence_block(entry: CaseEntry) -> str:
    """The admonition "Waarom dit label?": works without JavaScript (pymdownx.details)."""
    role = entry.role
    verdict = role.verdict
    lines = []
    if role.decided_by == "redactie":
        lines.append(f"Dit label is **vastgesteld door de redactie**. Reden: {escape(role.reason)}")
    else:
        lines.append("Dit label komt uit de automatische indeling van de tekst over MEE.")
    if role.year:
        lines.append(f"Jaar van de afspraak over de rol van MEE: {role.year}.")
    supporting = sorted((e for e in verdict.evidence if e.weight > 0), key=lambda e: -e.weight)
    against = sorted((e for e in verdict.evidence if e.weight < 0), key=lambda e: e.weight)
    if supporting:
        lines.append("Zinnen uit de tekst die op een rol wijzen:")
        lines.append(evidence_items(entry, supporting[:EVIDENCE_SHOWN]))
    else:
        lines.append("De tekst bevat geen zinnen over MEE die duidelijk op een rol wijzen.")
    if against:
        lines.append("Zinnen die juist tegen een rol spreken (bijvoorbeeld een ontkenning of een rol die stopte):")
        lines.append(evidence_items(entry, against[:EVIDENCE_SHOWN]))
    if role.decided_by == "redactie" and verdict.role != role.role:
        lines.append("De automatische indeling zou hier uitkomen op: "
                     f"{escape(load_vocabulary().role_label(verdict.role))}.")
    lines.append("[Meer over de rollen van MEE](../rollen-van-mee.md)")
    body = "\n\n".join(lines)
    return '??? info "Waarom dit label?"\n\n' + "\n".join(("    " + l) if l else "" for l in body.split("\n")) + "\n"


def case_page(entry: CaseEntry, vocabulary: Vocabulary) -> str:
    case, meta = entry.case, entry.case.meta
    province = vocabulary.provinces.get(meta.get("province", ""), meta.get("province", ""))
    role = entry.role
    facts = [
        ["Gemeente", escape(municipalities_text(meta))],
        ["Provincie", escape(province) + (f" (regio {escape(meta['region'])})" if meta.get("region") else "")],
        ["Programma", escape(meta.get("programme", ""))],
        ["Periode", escape(period_text(meta)) + (f"; opnieuw bekeken in {escape(dutch_date(meta['revisited']))}"
                                                 if meta.get("revisited") else "")],
        ["MEE-organisatie", escape(meta.get("mee_organisation", ""))],
        ["Rol van MEE", f"[{escape(role.label)}]({role_page_name(role.role)})"
                        + (" (vastgesteld door de redactie)" if role.decided_by == "redactie" else "")],
        ["Thema's", escape(", ".join(vocabulary.themes.get(t, t) for t in meta.get("themes") or []))],
    ]
    out = [front_matter({"title": case.title, "description": " ".join(meta.get("summary", "").split()),
                         "tags": tags_for(entry, vocabulary)}),
           f"# {escape(case.title)}\n",
           escape(meta.get("summary", "")) + "\n",
           table(["Gegeven", "Waarde"], facts) + "\n",
           evidence_block(entry)]
    for heading, lines in level2_parts(case.body):
        raw = "\n".join(lines).rstrip() + "\n"
        if heading == "Wat we nog niet weten":
            raw += "\n" + gaps_addition(entry)
        elif heading == "Bronnen":
            raw += "\n" + sources_addition(entry, raw)
        out.append(raw)
    edit = config.EDIT_URL_TEMPLATE.format(slug=case.path.stem)
    out.append(f"---\n\n[Bewerk deze pagina]({edit}) (het bestand `cases/{case.path.name}` in de repository)"
               " · [Alle praktijkvoorbeelden](index.md)\n")
    return "\n".join(out)


# ---------------------------------------------------------------- listings

def case_link(entry: CaseEntry, text: str | None = None, folder: str = "") -> str:
    return f"[{escape(text or entry.case.title)}]({folder}{entry.case.slug}.md)"


def overview_rows(entries: list[CaseEntry], vocabulary: Vocabulary) -> list[list[str]]:
    rows = []
    for entry in entries:
        meta = entry.case.meta
        filled, total = completeness(entry, vocabulary)
        rows.append([
            case_link(entry, municipalities_text(meta) or entry.case.title),
            escape(meta.get("programme", "")),
            f"[{escape(vocabulary.roles[entry.role.role]['short'])}]({role_page_name(entry.role.role)})",
            escape(period_text(meta)),
            escape(", ".join(vocabulary.themes.get(t, t) for t in meta.get("themes") or [])),
            f"{filled} van {total}",
        ])
    return rows


OVERVIEW_HEADERS = ["Gemeente", "Programma", "Rol van MEE", "Periode", "Thema's", "Volledigheid"]


def overview_page(entries: list[CaseEntry], vocabulary: Vocabulary, map_alt: str) -> str:
    on_map = sum(1 for e in entries if e.case.meta.get("coordinates"))
    roles = " · ".join(f"[{escape(r['label'])}]({role_page_name(rid)})" for rid, r in vocabulary.roles.items())
    return "\n".join([
        front_matter({"title": "Praktijkvoorbeelden",
                      "description": "Alle praktijkvoorbeelden van gemeenten die met MEE samenwerkten."}),
        "# Praktijkvoorbeelden\n",
        f"Hier staan alle {len(entries)} praktijkvoorbeelden. Elk voorbeeld laat zien hoe een gemeente met "
        "een MEE-organisatie samenwerkte, en welke rol MEE kreeg. Klik op een gemeente om het voorbeeld te lezen.\n",
        "U kunt de tabel sorteren door op een kolomkop te klikken, en filteren met het zoekveld boven de tabel. "
        "De kolom *Volledigheid* telt hoeveel vaste onderdelen van het voorbeeld al tekst hebben.\n",
        '<div class="kb-tabel" markdown>\n',
        table(OVERVIEW_HEADERS, overview_rows(entries, vocabulary)) + "\n",
        "</div>\n",
        "## Kaart\n",
        f"De kaart toont {on_map} van de {len(entries)} voorbeelden. Elke rol heeft een eigen kleur en vorm. "
        "Dezelfde gegevens staan in de tabel hierboven.\n",
        f"![{escape(map_alt)}](kaart.svg){{ .kb-kaart }}\n",
        "## Per rol van MEE\n",
        roles + "\n",
        "## Vergelijken en downloaden\n",
        "- [Vergelijk de voorbeelden naast elkaar](vergelijken.md)",
        "- [Alle voorbeelden als JSON (cases.json)](cases.json)",
        "- [Alle voorbeelden als spreadsheet (cases.csv)](cases.csv)\n",
    ])


def compare_cell(entry: CaseEntry, heading: str) -> str:
    text = entry.section_texts.get(heading, "").strip()
    if not text:
        return UNKNOWN_TEXT
    short = escape(shorten(text, COMPARE_TEXT_CHARS))
    anchor = entry.anchors.get(heading, "")
    return f"{short} [Lees verder over {escape(municipalities_text(entry.case.meta) or entry.case.title)}]" \
           f"({entry.case.slug}.md#{anchor})"


def compare_page(entries: list[CaseEntry], vocabulary: Vocabulary) -> str:
    headers = ["Onderwerp"] + [case_link(e, municipalities_text(e.case.meta) or e.case.title) for e in entries]
    rows = [
        ["Programma"] + [escape(e.case.meta.get("programme", "")) for e in entries],
        ["Periode"] + [escape(period_text(e.case.meta)) for e in entries],
        ["MEE-organisatie"] + [escape(e.case.meta.get("mee_organisation", "")) for e in entries],
        ["Rol van MEE"] + [f"[{escape(e.role.label)}]({role_page_name(e.role.role)})" for e in entries],
    ]
    rows += [[label] + [compare_cell(e, heading) for e in entries] for label, heading in COMPARE_SECTIONS]
    return "\n".join([
        front_matter({"title": "Praktijkvoorbeelden vergelijken",
                      "description": "De praktijkvoorbeelden naast elkaar: rol van MEE, partners, stand van zaken."}),
        "# Praktijkvoorbeelden vergelijken\n",
        "Deze tabel zet de voorbeelden naast elkaar. Elke kolom is één voorbeeld. Per onderwerp ziet u het begin "
        "van de tekst; via *Lees verder* gaat u naar het hele stuk. Op een smal scherm kunt u de tabel opzij "
        "schuiven.\n",
        '<div class="kb-vergelijk" markdown>\n',
        table(headers, rows) + "\n",
        "</div>\n",
        "[Terug naar alle praktijkvoorbeelden](index.md)\n",
    ])


def role_page(role_id: str, entries: list[CaseEntry], vocabulary: Vocabulary) -> str:
    role = vocabulary.roles[role_id]
    mine = [e for e in entries if e.role.role == role_id]
    if mine:
        listing = table(["Praktijkvoorbeeld", "Gemeente", "Periode", "Vastgesteld door"],
                        [[case_link(e), escape(municipalities_text(e.case.meta)), escape(period_text(e.case.meta)),
                          "de redactie" if e.role.decided_by == "redactie" else "automatische indeling"]
                         for e in mine])
    else:
        listing = "Er zijn nog geen praktijkvoorbeelden met deze rol."
    others = " · ".join(f"[{escape(r['label'])}]({role_page_name(rid)})"
                        for rid, r in vocabulary.roles.items() if rid != role_id)
    return "\n".join([
        front_matter({"title": f"Rol van MEE: {role['label']}",
                      "description": " ".join(role["description"].split())}),
        f"# Rol van MEE: {escape(role['label'])}\n",
        escape(role["description"]) + "\n",
        f"## Praktijkvoorbeelden met deze rol ({len(mine)})\n",
        listing + "\n",
        "## Andere rollen\n",
        others + "\n",
        "[Uitleg over de rollen van MEE](../rollen-van-mee.md) · [Alle praktijkvoorbeelden](index.md)\n",
    ])


def tags_page(entries: list[CaseEntry], vocabulary: Vocabulary) -> str:
    """The "Labels" page: every case under each of its tags (role and themes), tags in alphabetical order.

    Generated here rather than by the theme's tags plugin, which can only list the pages of its own
    mkdocs process: a large site is built by several (site_split.py).
    """
    by_tag: dict[str, list[CaseEntry]] = {}
    for entry in entries:
        for tag in tags_for(entry, vocabulary):
            by_tag.setdefault(tag, []).append(entry)
    parts = [
        front_matter({"title": "Labels",
                      "description": "Alle praktijkvoorbeelden per label, dat wil zeggen per rol van MEE en per thema."}),
        "# Labels\n",
        "Elk praktijkvoorbeeld heeft labels: de rol die MEE in dat voorbeeld heeft, en de thema's waar het over gaat. "
        "Hieronder staan de voorbeelden per label. Uitleg over de rollen leest u op "
        "[Rollen van MEE](rollen-van-mee.md).\n",
    ]
    for tag in sorted(by_tag, key=str.casefold):
        tagged = by_tag[tag]
        parts.append(f"## {escape(tag)} ({len(tagged)})\n")
        parts.append("\n".join(f"- {case_link(e, folder=GENERATED_FOLDER + '/')}" for e in tagged) + "\n")
    return "\n".join(parts)
