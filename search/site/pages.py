"""Generated site pages as plain Markdown: one page per case, the overview, the compare page and role pages.

`generate_files(entries, ...)` returns {path relative to docs/: text or bytes}; writing them (atomically)
and building the site is `site_build.py`'s job. No theme hooks: mkdocs and its successors read these as
ordinary pages.
"""

import re
from dataclasses import dataclass

import yaml

from .. import config
from ..content.body import level2_parts
from ..content.cases import Case
from ..content.history import TRANSITION_YEAR, period_label
from ..content.vocabulary import Vocabulary, load_vocabulary
from ..engine.documents import case_years
from ..engine.entities import case_names
from ..parallel import map_in_order
from ..roles.classifier import CaseRole, case_role
from ..text import split_sections
from ..urls import CASES_PATH
from . import data_package, role_chart, static_search

GENERATED_FOLDER = CASES_PATH  # docs/praktijkvoorbeelden/
ROLE_PAGE = "rol-{role}.md"
COMPARE_PAGE = "vergelijken.md"
SOURCES_PAGE = "bronnen.md"
TAGS_PAGE = "tags.md"  # in docs/ itself: the menu item "Labels" at /tags/
OVERVIEW_PAGE = "index.md"
EVIDENCE_SHOWN = 5  # sentences under "Waarom dit label?"
COMPARE_TEXT_CHARS = 320  # length of a text cell on the compare page
UNKNOWN_TEXT = "Nog niet bekend."
GAP_OVERLAP = 0.6  # share of words a body line must share with a gap to count as "said"

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass(frozen=True)
class CaseEntry:
    """A case with what every page needs about it, computed once."""

    case: Case
    role: CaseRole
    anchors: dict  # section heading -> anchor on the case page
    section_texts: dict  # section heading -> plain text


def derived_facts(case: Case) -> tuple:
    """The slow part of an entry (Markdown rendering, classification), without the case itself."""
    sections = [s for s in split_sections(case.body) if s.heading]
    return case_role(case), {s.heading: s.anchor for s in sections}, {s.heading: s.text for s in sections}


def make_entries(cases: list[Case]) -> list["CaseEntry"]:
    """Classify each case once and index its sections; sorted by title so every listing has one order."""
    cases = list(cases)
    entries = [
        CaseEntry(case, role, anchors, texts)
        for case, (role, anchors, texts) in zip(cases, map_in_order(derived_facts, cases), strict=False)
    ]
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


DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


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


# Sections that say what is unknown and where facts come from: every case has them, so they measure nothing.
NOT_CONTENT = ("Wat we nog niet weten", "Bronnen")


def completeness(entry: CaseEntry, vocabulary: Vocabulary) -> tuple[int, int]:
    """How many of the content sections (all fixed headings but the gaps and the sources) hold text: (filled, total).

    Editors write what is unknown only under "Wat we nog niet weten", so a content section with text is a
    section with facts."""
    headings = [h for h in vocabulary.section_headings if h not in NOT_CONTENT]
    filled = sum(1 for h in headings if entry.section_texts.get(h, "").strip())
    return filled, len(headings)


def role_page_name(role: str) -> str:
    return ROLE_PAGE.format(role=role)


def listing_pages(role_ids) -> list[str]:
    """Generated pages (paths in docs/) that list cases and repeat their text: the site search leaves them
    out, so a case is found on its own page rather than in a list that names it."""
    names = [OVERVIEW_PAGE, COMPARE_PAGE, SOURCES_PAGE, *(role_page_name(role) for role in role_ids)]
    return [f"{GENERATED_FOLDER}/{name}" for name in names] + [TAGS_PAGE]


def search_filters(entry: "CaseEntry", vocabulary: Vocabulary) -> dict[str, list[str]]:
    """What the site search can filter a case page on: the latest known role, the province, the years; and
    the names a query can use for the case (not offered as a filter: the page Zoeken puts a case whose
    name is in the query first, as the researcher search does)."""
    province = entry.case.meta.get("province", "")
    return {
        "rol": [entry.role.label],
        "provincie": [vocabulary.provinces.get(province, province)],
        "jaar": [str(year) for year in case_years(entry.case.meta)],
        "naam": case_names(entry.case.meta),
    }


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
    read = f" Gelezen: {escape(source['read'])}." if source.get("read") else ""
    return (
        f"- [{escape(source.get('title', source['url']))}]({source['url']}), "
        f"{escape(source.get('publisher', ''))}, {escape(dutch_date(source.get('date', '')) or 'zonder datum')}.{read}"
    )


def source_ref(meta: dict, url: str) -> str:
    """A short link to one of the case's sources: '[Publisher, 2015](url)'."""
    source = next((s for s in meta.get("sources") or [] if s.get("url") == url), {"url": url})
    year = str(source.get("date", ""))[:4] or "zonder datum"
    return f"[{escape(source.get('publisher', 'bron'))}, {year}]({url})"


def role_text(role_id: str | None, vocabulary: Vocabulary, link: bool = True) -> str:
    """The Dutch label of a role (linked to its page), or 'Onbekend' when no source gives one."""
    role_id = role_id or "unknown"
    label = escape(vocabulary.roles[role_id]["label"])
    return f"[{label}]({role_page_name(role_id)})" if link else label


def latest_role_text(entry: CaseEntry, vocabulary: Vocabulary) -> str:
    """The latest known role with its years: 'sinds 2021' while it holds, '2015–2016' when it ended."""
    role = entry.role
    text = role_text(role.role, vocabulary)
    if not role.history:
        return text
    last = role.history[-1]
    return text + (f" (sinds {last.start})" if last.end is None else f" ({period_label(last)}; daarna onbekend)")


def transition_role(entry: CaseEntry) -> str | None:
    """The role in 2015: from the role history, or the editors' pin / classifier when they date it 2015."""
    if entry.role.history:
        return entry.role.role_in_transition_year
    return entry.role.role if entry.role.year == TRANSITION_YEAR else None


def proposed_timeline(entry: CaseEntry, vocabulary: Vocabulary) -> str:
    """Without a role history: the periods the classifier reads in the text, as a proposal for the editors."""
    periods = entry.role.verdict.periods
    if entry.role.history or not periods:
        return ""
    items = []
    for period in periods:
        years = (
            f"{period.start}–{period.end}"
            if period.end and period.end != period.start
            else (str(period.start) if period.end else f"vanaf {period.start}")
        )
        items.append(
            f"1. **{years}: {role_text(period.role, vocabulary)}**. "
            f"Op grond van: “{escape(shorten(period.evidence[0], 160))}”"
        )
    return (
        '<div class="kb-tijdlijn" markdown>\n\n**Voorstel: de rol van MEE door de jaren** (gelezen door de computer; '
        "de redactie heeft dit nog niet bevestigd)\n\n" + "\n".join(items) + "\n\n</div>\n"
    )


def timeline(entry: CaseEntry, vocabulary: Vocabulary) -> str:
    """The role history as a short list, oldest first, each period with its source; else the proposal."""
    if not entry.role.history:
        return proposed_timeline(entry, vocabulary)
    meta = entry.case.meta
    items = []
    for period in entry.role.history:
        where = f" (alleen {escape(', '.join(period.municipalities))})" if period.municipalities else ""
        items.append(
            f"1. **{period_label(period)}: {role_text(period.role, vocabulary)}**{where}. "
            f"{escape(period.evidence)} ({source_ref(meta, period.source)})"
        )
    return '<div class="kb-tijdlijn" markdown>\n\n**Rol van MEE door de jaren**\n\n' + "\n".join(items) + "\n\n</div>\n"


def arrangement_rows(meta: dict, vocabulary: Vocabulary) -> list[list[str]]:
    """The comparable facts a policy officer looks for, each with its source; only those a source gives."""
    rows = []
    if isinstance(meta.get("arrangement"), dict):
        item = meta["arrangement"]
        text = escape(vocabulary.arrangements.get(item.get("kind"), item.get("kind", "")))
        text += f" ({item['year']})" if item.get("year") else ""
        text += f". {escape(item['note'])}" if item.get("note") else ""
        rows.append(["Soort afspraak", f"{text} ({source_ref(meta, item['source'])})"])
    if isinstance(meta.get("budget"), dict):
        item = meta["budget"]
        year = f" ({item['year']})" if item.get("year") else ""
        rows.append(["Budget", f"{escape(item['text'])}{year} ({source_ref(meta, item['source'])})"])
    if isinstance(meta.get("clients"), dict):
        item = meta["clients"]
        text = f"{item['count']:,}".replace(",", ".") + (f" in {item['year']}" if item.get("year") else "")
        text += f"; {escape(item['note'])}" if item.get("note") else ""
        rows.append(["Aantal cliënten", f"{text} ({source_ref(meta, item['source'])})"])
    if isinstance(meta.get("other_providers"), dict):
        item = meta["other_providers"]
        rows.append(
            ["Andere cliëntondersteuners", f"{escape(', '.join(item['names']))} ({source_ref(meta, item['source'])})"]
        )
    if isinstance(meta.get("transition"), dict):
        item = meta["transition"]
        rows.append(["Lopende trajecten in 2015", f"{escape(item['text'])} ({source_ref(meta, item['source'])})"])
    for item in meta.get("later_changes") or []:
        if isinstance(item, dict):
            rows.append([f"Verandering {item['year']}", f"{escape(item['text'])} ({source_ref(meta, item['source'])})"])
    if isinstance(meta.get("organisation_today"), dict):
        item = meta["organisation_today"]
        rows.append(["MEE-organisatie nu", f"[{escape(item['name'])}]({item['url']})"])
    return rows


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
    if role.history:
        lines.append(
            "Dit label is **vastgesteld door de redactie**: het is de rol in de laatste periode van de "
            f"rolgeschiedenis ({period_label(role.history[-1])}). Bron: "
            f"{source_ref(entry.case.meta, role.source)}."
        )
    elif role.decided_by == "redactie":
        lines.append(f"Dit label is **vastgesteld door de redactie**. Reden: {escape(role.reason)}")
    else:
        lines.append("Dit label komt uit de automatische indeling van de tekst over MEE.")
    if role.year and not role.history:
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
        lines.append(
            f"De automatische indeling zou hier uitkomen op: {escape(load_vocabulary().role_label(verdict.role))}."
        )
    lines.append("[Meer over de rollen van MEE](../rollen-van-mee.md)")
    body = "\n\n".join(lines)
    return (
        '??? info "Waarom dit label?"\n\n'
        + "\n".join(("    " + line) if line else "" for line in body.split("\n"))
        + "\n"
    )


def case_page(entry: CaseEntry, vocabulary: Vocabulary) -> str:
    case, meta = entry.case, entry.case.meta
    province = vocabulary.provinces.get(meta.get("province", ""), meta.get("province", ""))
    role = entry.role
    facts = [
        ["Gemeente", escape(municipalities_text(meta))],
        ["Provincie", escape(province) + (f" (regio {escape(meta['region'])})" if meta.get("region") else "")],
        ["Programma", escape(meta.get("programme", ""))],
        [
            "Periode",
            escape(period_text(meta))
            + (f"; opnieuw bekeken in {escape(dutch_date(meta['revisited']))}" if meta.get("revisited") else ""),
        ],
        ["MEE-organisatie", escape(meta.get("mee_organisation", ""))],
        [
            "Laatst bekende rol van MEE",
            latest_role_text(entry, vocabulary)
            + (" (vastgesteld door de redactie)" if role.decided_by == "redactie" else " (automatische indeling)"),
        ],
        ["Rol van MEE in 2015", role_text(transition_role(entry), vocabulary)],
        ["Thema's", escape(", ".join(vocabulary.themes.get(t, t) for t in meta.get("themes") or []))],
    ]
    out = [
        front_matter(
            {
                "title": case.title,
                "description": " ".join(meta.get("summary", "").split()),
                "tags": tags_for(entry, vocabulary),
            }
        ),
        f"# {escape(case.title)}\n",
        escape(meta.get("summary", "")) + "\n",
        table(["Gegeven", "Waarde"], facts) + "\n",
        timeline(entry, vocabulary),
        evidence_block(entry),
    ]
    agreements = arrangement_rows(meta, vocabulary)
    if agreements:
        out.insert(4, "**Afspraken en cijfers**\n\n" + table(["Onderwerp", "Wat de bron zegt"], agreements) + "\n")
    for heading, lines in level2_parts(case.body):
        raw = "\n".join(lines).rstrip() + "\n"
        if heading == "Wat we nog niet weten":
            raw += "\n" + gaps_addition(entry)
        elif heading == "Bronnen":
            raw += "\n" + sources_addition(entry, raw)
        out.append(raw)
    out.append(static_search.filter_markup(search_filters(entry, vocabulary)))
    edit = config.EDIT_URL_TEMPLATE.format(slug=case.path.stem)
    out.append(
        f"---\n\n[Bewerk deze pagina]({edit}) (het bestand `cases/{case.path.name}` in de repository)"
        " · [Alle praktijkvoorbeelden](index.md)\n"
    )
    return "\n".join(out)


# ---------------------------------------------------------------- listings


def case_link(entry: CaseEntry, text: str | None = None, folder: str = "") -> str:
    return f"[{escape(text or entry.case.title)}]({folder}{entry.case.slug}.md)"


def overview_rows(entries: list[CaseEntry], vocabulary: Vocabulary) -> list[list[str]]:
    rows = []
    for entry in entries:
        meta = entry.case.meta
        filled, total = completeness(entry, vocabulary)
        rows.append(
            [
                case_link(entry, municipalities_text(meta) or entry.case.title),
                escape(vocabulary.provinces.get(meta.get("province", ""), meta.get("province", ""))),
                role_text(transition_role(entry), vocabulary),
                latest_role_text(entry, vocabulary),
                escape(period_text(meta)),
                f"{filled} van {total}",
            ]
        )
    return rows


OVERVIEW_HEADERS = ["Gemeente", "Provincie", "Rol van MEE in 2015", "Laatst bekende rol", "Periode", "Volledigheid"]


def chart_table(rows, vocabulary: Vocabulary) -> str:
    """The chart's numbers as two narrow columns, so the table also fits a phone without scrolling."""
    body = []
    for row in rows:
        counts = [
            f"{escape(vocabulary.roles[r]['short'])}: {row.counts[r]}"
            for r in role_chart.ROLE_ORDER
            if row.counts.get(r)
        ]
        body.append([str(row.year), " · ".join(counts)])
    return table(["Jaar", "Aantal gemeenten per rol van MEE"], body)


def overview_page(entries: list[CaseEntry], vocabulary: Vocabulary, map_alt: str, chart_rows=()) -> str:
    on_map = sum(1 for e in entries if e.case.meta.get("coordinates"))
    known = sum(1 for e in entries if e.role.role != "unknown" and e.role.decided_by == "redactie")
    roles = " · ".join(f"[{escape(r['label'])}]({role_page_name(rid)})" for rid, r in vocabulary.roles.items())
    filled_total = len([h for h in vocabulary.section_headings if h not in NOT_CONTENT])
    parts = [
        front_matter(
            {
                "title": "Praktijkvoorbeelden",
                "description": "Alle praktijkvoorbeelden van gemeenten die met MEE samenwerkten.",
            }
        ),
        "# Praktijkvoorbeelden\n",
        f"Hier staan alle {len(entries)} praktijkvoorbeelden. Elk voorbeeld laat zien hoe een gemeente of regio "
        f"met een MEE-organisatie samenwerkte. Bij {known} voorbeelden zegt een bron welke rol MEE kreeg; bij de "
        "andere weten we dat (nog) niet of leest de computer de rol uit de tekst. Klik op een gemeente om het "
        "voorbeeld te lezen.\n",
        "U kunt de tabel sorteren door op een kolomkop te klikken, en filteren met het zoekveld boven de tabel. "
        f"De kolom *Volledigheid* telt hoeveel van de {filled_total} inhoudelijke onderdelen van een voorbeeld "
        "(zoals *Aanpak* en *Resultaten*) tekst hebben. Wat we nog niet weten, telt niet mee.\n",
        '<div class="kb-tabel" markdown>\n',
        table(OVERVIEW_HEADERS, overview_rows(entries, vocabulary)) + "\n",
        "</div>\n",
    ]
    if chart_rows:
        parts += [
            "## Rol van MEE per jaar\n",
            "De grafiek telt gemeenten, niet voorbeelden: een regio met zeven gemeenten telt zeven keer. Een "
            "gemeente telt bij een rol als een bron die rol voor dat jaar noemt. Grijs betekent: geen bron zegt het. "
            "De tabel onder de grafiek geeft dezelfde aantallen.\n",
            "![Staafgrafiek: per jaar het aantal gemeenten per rol van MEE. De aantallen staan in de tabel "
            "hieronder.](rollen-per-jaar.svg){ .kb-grafiek }\n",
            chart_table(chart_rows, vocabulary) + "\n",
        ]
    parts += [
        "## Kaart\n",
        f"De kaart toont {on_map} van de {len(entries)} voorbeelden, met de laatst bekende rol van MEE. Elke rol heeft "
        "een eigen kleur en vorm. Dezelfde gegevens staan in de tabel hierboven.\n",
        f"![{escape(map_alt)}](kaart.svg){{ .kb-kaart }}\n",
        "## Per rol van MEE\n",
        roles + "\n",
        "## Vergelijken en downloaden\n",
        "- [Vergelijk de voorbeelden naast elkaar](vergelijken.md)",
        "- [Alle voorbeelden als JSON (cases.json)](cases.json)",
        "- [Alle voorbeelden als spreadsheet (cases.csv)](cases.csv)",
        f"- [Open data voor onderzoekers: de tabellen met uitleg, versie, licentie en hoe u de bron noemt]"
        f"({data_package.PAGE})",
        f"- [Alle tabellen in één zip-bestand]({data_package.FOLDER}/{data_package.ZIP_NAME})\n",
    ]
    return "\n".join(parts)


def compare_cell(meta: dict, name: str, render) -> str:
    value = meta.get(name)
    return render(value) if value else UNKNOWN_TEXT


def compare_rows(entries: list[CaseEntry], vocabulary: Vocabulary) -> list[list[str]]:
    rows = []
    for entry in entries:
        meta = entry.case.meta
        rows.append(
            [
                case_link(entry, municipalities_text(meta) or entry.case.title),
                role_text(transition_role(entry), vocabulary),
                latest_role_text(entry, vocabulary),
                compare_cell(
                    meta,
                    "arrangement",
                    lambda v: escape(vocabulary.arrangements.get(v.get("kind"), ""))
                    + (f" ({v['year']})" if v.get("year") else ""),
                ),
                compare_cell(
                    meta,
                    "clients",
                    lambda v: f"{v['count']:,}".replace(",", ".") + (f" ({v['year']})" if v.get("year") else ""),
                ),
                compare_cell(meta, "other_providers", lambda v: escape(", ".join(v.get("names") or []))),
                compare_cell(meta, "transition", lambda v: escape(shorten(v.get("text", ""), COMPARE_TEXT_CHARS))),
                compare_cell(meta, "organisation_today", lambda v: f"[{escape(v['name'])}]({v['url']})"),
            ]
        )
    return rows


COMPARE_HEADERS = [
    "Gemeente",
    "Rol in 2015",
    "Laatst bekende rol",
    "Soort afspraak",
    "Cliënten",
    "Andere cliëntondersteuners",
    "Lopende trajecten in 2015",
    "MEE-organisatie nu",
]


def compare_page(entries: list[CaseEntry], vocabulary: Vocabulary) -> str:
    return "\n".join(
        [
            front_matter(
                {
                    "title": "Praktijkvoorbeelden vergelijken",
                    "description": "De praktijkvoorbeelden naast elkaar: rol van MEE, afspraken en cijfers.",
                }
            ),
            "# Praktijkvoorbeelden vergelijken\n",
            "Deze tabel zet de voorbeelden onder elkaar, met per kolom één onderwerp. U kunt sorteren op een kolom en "
            f"filteren op een woord, bijvoorbeeld een provincie of een rol. *{UNKNOWN_TEXT}* betekent: geen van de "
            "bronnen zegt het. Elk gegeven heeft een bron op de pagina van het voorbeeld.\n",
            '<div class="kb-tabel kb-vergelijk" markdown>\n',
            table(COMPARE_HEADERS, compare_rows(entries, vocabulary)) + "\n",
            "</div>\n",
            "[Terug naar alle praktijkvoorbeelden](index.md)\n",
        ]
    )


def role_page(role_id: str, entries: list[CaseEntry], vocabulary: Vocabulary) -> str:
    role = vocabulary.roles[role_id]
    mine = [e for e in entries if e.role.role == role_id]
    earlier = [(e, p) for e in entries for p in e.role.history[:-1] if p.role == role_id]
    if mine:
        listing = table(
            ["Praktijkvoorbeeld", "Gemeente", "Periode", "Vastgesteld door"],
            [
                [
                    case_link(e),
                    escape(municipalities_text(e.case.meta)),
                    escape(period_text(e.case.meta)),
                    "de redactie" if e.role.decided_by == "redactie" else "automatische indeling",
                ]
                for e in mine
            ],
        )
    else:
        listing = "Er zijn nog geen praktijkvoorbeelden met deze rol."
    others = " · ".join(
        f"[{escape(r['label'])}]({role_page_name(rid)})" for rid, r in vocabulary.roles.items() if rid != role_id
    )
    return "\n".join(
        [
            front_matter(
                {"title": f"Rol van MEE: {role['label']}", "description": " ".join(role["description"].split())}
            ),
            f"# Rol van MEE: {escape(role['label'])}\n",
            escape(role["description"]) + "\n",
            f"## Praktijkvoorbeelden met deze rol nu ({len(mine)})\n",
            listing + "\n",
            *(
                [
                    f"## Eerder met deze rol ({len(earlier)})\n",
                    "In deze voorbeelden had MEE deze rol in een eerdere periode; daarna veranderde de rol.\n",
                    table(
                        ["Praktijkvoorbeeld", "Periode", "Laatst bekende rol"],
                        [[case_link(e), period_label(p), role_text(e.role.role, vocabulary)] for e, p in earlier],
                    )
                    + "\n",
                ]
                if earlier
                else []
            ),
            "## Andere rollen\n",
            others + "\n",
            "[Uitleg over de rollen van MEE](../rollen-van-mee.md) · [Alle praktijkvoorbeelden](index.md)\n",
        ]
    )


def sources_page(entries: list[CaseEntry]) -> str:
    """Every source of every case, per case: the complete list the hand-written Bronnen page points to."""
    parts = [
        front_matter(
            {
                "title": "Bronnen van de praktijkvoorbeelden",
                "description": "Alle bronnen van alle praktijkvoorbeelden: uitgever, datum en wat we lazen.",
            }
        ),
        "# Bronnen van de praktijkvoorbeelden\n",
        "Per praktijkvoorbeeld de bronnen die de redactie las, met de uitgever, de datum en wat we konden lezen. "
        "Van veel webpagina's konden we alleen het begin lezen. Zonder datum betekent: de bron noemt geen datum.\n",
    ]
    for entry in sorted(entries, key=lambda e: (municipalities_text(e.case.meta) or e.case.title).casefold()):
        rows = [
            [
                f"[{escape(s.get('title', s['url']))}]({s['url']})",
                escape(s.get("publisher", "")),
                escape(dutch_date(s.get("date", "")) or "zonder datum"),
                escape(s.get("read", "")) or "–",
            ]
            for s in entry.case.meta.get("sources") or []
            if s.get("url")
        ]
        parts.append(f"## {escape(entry.case.title)}\n")
        parts.append(f"{case_link(entry, 'Naar het praktijkvoorbeeld')}\n")
        parts.append(table(["Bron", "Uitgever", "Datum", "Wat we lazen"], rows) + "\n")
    return "\n".join(parts)


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
        front_matter(
            {
                "title": "Labels",
                "description": "Alle praktijkvoorbeelden per label, dat wil zeggen per rol van MEE en per thema.",
            }
        ),
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
