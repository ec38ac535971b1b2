"""How many municipalities had which MEE role, per year: counted from the editors' role histories and
drawn as an SVG bar chart at build time (no scripts), with the same numbers as a table beside it.
"""

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape as xml_escape

from ..content.history import TRANSITION_YEAR
from .case_map import ROLE_STYLE

ROLE_ORDER = ("independent", "generalist", "specialist", "combination", "unknown")
UNKNOWN_FILL = "#8c8c8c"  # grey, 3.3:1 on white: visible, but not a colour that reads as a finding
BAR_WIDTH, GAP, CHART_HEIGHT, LEFT, TOP, BOTTOM = 30, 12, 240, 40, 20, 30


@dataclass(frozen=True)
class YearCounts:
    year: int
    counts: dict  # role id -> number of municipalities

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def municipality_roles(entries) -> dict:
    """{municipality: [(period, case slug)]}, every municipality of every case (also those without a history)."""
    found: dict = {}
    for entry in entries:
        for name in entry.case.meta.get("municipalities") or []:
            periods = found.setdefault(name, [])
            periods.extend((p, entry.case.slug) for p in entry.role.history if p.applies_to(name))
    return found


def chart_years(entries, this_year: int | None = None) -> list[int]:
    this_year = this_year or date.today().year
    starts = [p.start for e in entries for p in e.role.history]
    return list(range(min(starts + [TRANSITION_YEAR]), this_year + 1))


def yearly_counts(entries, this_year: int | None = None) -> list[YearCounts]:
    """Per year, how many municipalities had each role; 'unknown' where no period covers that year.

    A municipality that two cases describe counts once: the period that started last wins."""
    roles = municipality_roles(entries)
    rows = []
    for year in chart_years(entries, this_year):
        counts = dict.fromkeys(ROLE_ORDER, 0)
        for periods in roles.values():
            holding = sorted((p for p, _ in periods if p.holds_in(year)), key=lambda p: p.start)
            counts[holding[-1].role if holding else "unknown"] += 1
        rows.append(YearCounts(year, counts))
    return rows


def chart_svg(rows: list[YearCounts], labels: dict) -> str:
    """Stacked bars, one per year; the legend names every role. labels: role id -> Dutch label."""
    highest = max((r.total for r in rows), default=1) or 1
    width = LEFT + len(rows) * (BAR_WIDTH + GAP) + GAP
    legend_top = TOP + CHART_HEIGHT + BOTTOM + 10
    height = legend_top + 22 * len(ROLE_ORDER)
    scale = CHART_HEIGHT / highest
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-labelledby="grafiek-titel grafiek-uitleg">',
        '<title id="grafiek-titel">Rol van MEE per jaar, in aantal gemeenten</title>',
        '<desc id="grafiek-uitleg">Per jaar een staaf; elke kleur is een rol van MEE. De tabel naast de grafiek '
        "geeft dezelfde aantallen.</desc>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<line x1="{LEFT}" y1="{TOP + CHART_HEIGHT}" x2="{width - GAP}" y2="{TOP + CHART_HEIGHT}" '
        'stroke="#1b1b1b" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-family="sans-serif" font-size="12" '
        f'fill="#1b1b1b">{highest}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + CHART_HEIGHT}" text-anchor="end" font-family="sans-serif" font-size="12" '
        'fill="#1b1b1b">0</text>',
    ]
    for index, row in enumerate(rows):
        x = LEFT + GAP + index * (BAR_WIDTH + GAP)
        y = TOP + CHART_HEIGHT
        for role in ROLE_ORDER:
            count = row.counts.get(role, 0)
            if not count:
                continue
            bar = count * scale
            y -= bar
            fill = UNKNOWN_FILL if role == "unknown" else ROLE_STYLE[role][0]
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{BAR_WIDTH}" height="{bar:.1f}" fill="{fill}" stroke="#ffffff" '
                f'stroke-width="1"><title>{row.year}: {count} × {xml_escape(labels.get(role, role))}</title></rect>'
            )
        parts.append(
            f'<text x="{x + BAR_WIDTH / 2:.0f}" y="{TOP + CHART_HEIGHT + 16}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="12" fill="#1b1b1b">{row.year}</text>'
        )
    y = legend_top
    for role in ROLE_ORDER:
        fill = UNKNOWN_FILL if role == "unknown" else ROLE_STYLE[role][0]
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="14" height="14" fill="{fill}" stroke="#1b1b1b" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{LEFT + 22}" y="{y + 12}" font-family="sans-serif" font-size="13" fill="#1b1b1b">'
            f"{xml_escape(labels.get(role, role))}</text>"
        )
        y += 22
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
