"""Render the search page and error pages from Jinja2 templates (autoescape on: every user value is escaped).

Only the engine's snippets are marked safe, and only after `safe_snippet` has neutralised every tag
that is not <mark> or </mark>.
"""

import math
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import config
from .params import FACETS, SORT_LABELS, SearchRequest
from .theme import Theme, load_theme

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
_NOT_MARK = re.compile(r"<(?!/?mark>)")
KIND_LABELS = {"case": "Praktijkvoorbeeld", "page": "Pagina"}


def safe_snippet(snippet: str) -> Markup:
    """The engine promises escaped text with <mark> tags; any other '<' is escaped here as a second guard."""
    return Markup(_NOT_MARK.sub("&lt;", snippet or ""))


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Page links to show: the first, the last and a few around the current one; None marks a gap."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


class PageRenderer:
    def __init__(self, site_dir: Path, vocabulary):
        self.site_dir = Path(site_dir)
        self.vocabulary = vocabulary
        self.environment = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.filters["snippet"] = safe_snippet
        self.environment.globals["min_prefix"] = config.QUERY_MIN_PREFIX
        self._theme: Theme | None = None
        self._theme_stamp = None

    def theme(self) -> Theme:
        """The site's look; read again when the site is rebuilt while the server runs."""
        index = self.site_dir / "index.html"
        stamp = index.stat().st_mtime_ns if index.is_file() else None
        if self._theme is None or stamp != self._theme_stamp:
            self._theme, self._theme_stamp = load_theme(self.site_dir), stamp
        return self._theme

    def look_version(self):
        """Changes when the site is rebuilt, so cached pages pick up its new stylesheets."""
        self.theme()
        return self._theme_stamp

    def render(self, template: str, **context) -> str:
        return self.environment.get_template(template).render(theme=self.theme(), **context)

    def error(self, title: str, messages: list[str]) -> str:
        return self.render("fout.html", title=title, messages=messages)

    def search(self, request: SearchRequest, results) -> str:
        return self.render(
            "zoeken.html",
            r=request,
            results=results,
            title=self._title(request, results),
            facets=self._facets(request, results) if results else [],
            active=self._active_filters(request),
            pages=self._pagination(request, results) if results else None,
            sorts=[
                (key, label, f"/zoeken/?{request.query_string(sorteer=key, pagina=1)}")
                for key, label in SORT_LABELS.items()
            ],
            link=lambda **changes: f"/zoeken/?{request.query_string(**changes)}",
            export_query=request.query_string(keep_page=False),
            hidden=[(param, getattr(request, param)) for param, _ in FACETS.values() if getattr(request, param)]
            + ([("sorteer", request.sorteer)] if request.sorteer != "relevantie" else []),
            labels=self._labels,
            kind_labels=KIND_LABELS,
            max_query=config.WEB_MAX_QUERY_LENGTH,
        )

    @staticmethod
    def _title(request: SearchRequest, results) -> str:
        if results is None:
            return "Zoeken"
        if request.text:
            return f"Zoeken: {request.text} ({results.total_groups} resultaten)"
        return f"Zoeken ({results.total_groups} resultaten)"

    def _labels(self, kind: str, value: str) -> str:
        """Dutch label for an id: provincie, thema or rol."""
        table = {
            "provincie": self.vocabulary.provinces,
            "thema": self.vocabulary.themes,
            "rol": {key: role["label"] for key, role in self.vocabulary.roles.items()},
        }.get(kind, {})
        return table.get(value, value)

    def _facets(self, request: SearchRequest, results) -> list[dict]:
        facets = []
        for key, (param, heading) in FACETS.items():
            chosen = getattr(request, param)
            values = list(results.facets.get(key, []))
            items = [
                {
                    "label": v.label,
                    "count": v.count,
                    "active": str(v.value) == chosen,
                    "href": f"/zoeken/?{request.query_string(**{param: '' if str(v.value) == chosen else str(v.value)}, pagina=1)}",
                }
                for v in values
            ]
            if chosen and not any(item["active"] for item in items):
                items.insert(
                    0,
                    {
                        "label": self._labels(param, chosen),
                        "count": 0,
                        "active": True,
                        "href": f"/zoeken/?{request.query_string(**{param: ''}, pagina=1)}",
                    },
                )
            facets.append({"param": param, "heading": heading, "items": items})
        return facets

    def _active_filters(self, request: SearchRequest) -> list[dict]:
        active = []
        for param, heading in FACETS.values():
            value = getattr(request, param)
            if value:
                active.append(
                    {
                        "heading": heading,
                        "label": self._labels(param, value),
                        "href": f"/zoeken/?{request.query_string(**{param: ''}, pagina=1)}",
                    }
                )
        return active

    @staticmethod
    def _pagination(request: SearchRequest, results) -> dict | None:
        last = min(config.WEB_MAX_PAGE, max(1, math.ceil(results.total_groups / request.per_pagina)))
        if last == 1 and request.pagina == 1:
            return None
        current = request.pagina

        def href(number):
            return f"/zoeken/?{request.query_string(pagina=number)}"

        return {
            "current": current,
            "last": last,
            "previous": href(current - 1) if current > 1 else None,
            "next": href(current + 1) if current < last else None,
            "numbers": [(number, href(number) if number else None) for number in page_numbers(current, last)],
        }
