"""The rows of the open-data tables, as plain values (str, int, float or None), from the case entries.

`case_row`: one per case (also the spreadsheet download); `municipality_role_rows`: one per municipality
and period of the role history; `source_rows`: one per source. The columns are in `data_schema.py`.
"""

from ..urls import case_url
from .data_schema import LIST_SEPARATOR


def joined(values) -> str | None:
    """A list in one cell, each item on one line (YAML folded text can end in a newline)."""
    items = [" ".join(str(v).split()) for v in values or []]
    return LIST_SEPARATOR.join(items) if items else None


def part(meta: dict, name: str, key: str):
    value = meta.get(name)
    return value.get(key) if isinstance(value, dict) else None


def history_years(period) -> str:
    """'2015-2021', '2021-' (still holds): the years of a period in a cell."""
    return f"{period.start}-{period.end if period.end is not None else ''}"


def text_or_none(value) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def case_row(entry, site_url: str = "/") -> dict:
    """The case as one row: the front matter, the role the site shows and the page address (under
    site_url, the site's address)."""
    meta, role = entry.case.meta, entry.role
    period = meta.get("period") or {}
    coordinates = meta.get("coordinates") or {}
    sources = meta.get("sources") or []
    return {
        "slug": entry.case.slug,
        "title": meta.get("title"),
        "programme": meta.get("programme"),
        "municipalities": joined(meta.get("municipalities")),
        "region": meta.get("region"),
        "province": meta.get("province"),
        "mee_organisation": meta.get("mee_organisation"),
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "revisited": text_or_none(meta.get("revisited")),
        "summary": text_or_none(meta.get("summary")),
        "themes": joined(meta.get("themes")),
        "gaps": joined(meta.get("gaps")),
        "source_titles": joined(s.get("title", "") for s in sources),
        "source_urls": joined(s.get("url", "") for s in sources),
        "lat": coordinates.get("lat"),
        "lon": coordinates.get("lon"),
        "role": role.role,
        "role_label": role.label,
        "role_decided_by": role.decided_by,
        "role_reason": text_or_none(role.reason),
        "role_year": role.year,
        "role_2015": role.role_in_transition_year,
        "role_history": joined(f"{history_years(p)} {p.role}" for p in role.history),
        "arrangement": part(meta, "arrangement", "kind"),
        "arrangement_year": part(meta, "arrangement", "year"),
        "budget": text_or_none(part(meta, "budget", "text")),
        "clients": part(meta, "clients", "count"),
        "clients_year": part(meta, "clients", "year"),
        "other_providers": joined(part(meta, "other_providers", "names")),
        "transition": text_or_none(part(meta, "transition", "text")),
        "organisation_today": part(meta, "organisation_today", "name"),
        "organisation_today_url": part(meta, "organisation_today", "url"),
        "url": case_url(entry.case.slug, base=site_url),
    }


def strongest_sentence(verdict) -> str | None:
    """The sentence that weighed most for the classifier's role (its evidence lists the strongest first)."""
    supporting = [e for e in verdict.evidence if e.weight > 0]
    return text_or_none(supporting[0].sentence) if supporting else None


def municipality_role_rows(entry, vocabulary) -> list[dict]:
    """One row per municipality and period of the role history. Without a history: one row per municipality
    with the role the editors pinned or the classifier found, without years."""
    meta, role = entry.case.meta, entry.role
    base = {"province": meta.get("province"), "case_slug": entry.case.slug}
    rows = []
    municipalities = meta.get("municipalities") or []
    if role.history:
        for number, period in enumerate(role.history, start=1):
            for name in municipalities:
                if period.applies_to(name):
                    rows.append(
                        {
                            "municipality": name,
                            **base,
                            "period": number,
                            "role": period.role,
                            "role_label": vocabulary.role_label(period.role),
                            "start_year": period.start,
                            "end_year": period.end,
                            "decided_by": "redactie",
                            "evidence": text_or_none(period.evidence),
                            "source_url": period.source or None,
                        }
                    )
    else:
        evidence = text_or_none(role.reason) if role.decided_by == "redactie" else strongest_sentence(role.verdict)
        for name in municipalities:
            rows.append(
                {
                    "municipality": name,
                    **base,
                    "period": 1,
                    "role": role.role,
                    "role_label": vocabulary.role_label(role.role),
                    "start_year": None,
                    "end_year": None,
                    "decided_by": role.decided_by,
                    "evidence": evidence,
                    "source_url": None,
                }
            )
    return rows


def source_rows(entry) -> list[dict]:
    return [
        {
            "case_slug": entry.case.slug,
            "number": number,
            "title": text_or_none(source.get("title")),
            "publisher": text_or_none(source.get("publisher")),
            "date": text_or_none(source.get("date")),
            "url": source.get("url"),
            "read": text_or_none(source.get("read")),
        }
        for number, source in enumerate(entry.case.meta.get("sources") or [], start=1)
    ]
