"""The role of MEE over time: the periods of a case's `role_history`, and which role held when.

A period runs from its start year through its end year; the next period may start in the year the
previous one ended (a change in the middle of a year). Without an end year a period still holds.
"""

from dataclasses import dataclass

FIRST_YEAR = 2010  # the earliest year a period may name: the reform was prepared from about 2013
TRANSITION_YEAR = 2015  # the year the Wmo 2015 took effect: the site shows the role in that year


@dataclass(frozen=True)
class Period:
    role: str
    start: int
    end: int | None
    evidence: str
    source: str  # the url of one of the case's sources
    municipalities: tuple  # empty: every municipality of the case

    def holds_in(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)

    def applies_to(self, municipality: str) -> bool:
        return not self.municipalities or municipality in self.municipalities

    def as_dict(self) -> dict:
        data = {
            "role": self.role,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
            "source": self.source,
        }
        if self.municipalities:
            data["municipalities"] = list(self.municipalities)
        return data


def periods_of(meta: dict) -> list[Period]:
    """The well-formed periods of a case, oldest first (malformed items are the checker's business)."""
    found = []
    for item in meta.get("role_history") or []:
        if not isinstance(item, dict) or not isinstance(item.get("start"), int) or not item.get("role"):
            continue
        end = item.get("end") if isinstance(item.get("end"), int) else None
        found.append(
            Period(
                role=str(item["role"]),
                start=item["start"],
                end=end,
                evidence=str(item.get("evidence", "")),
                source=str(item.get("source", "")),
                municipalities=tuple(item.get("municipalities") or ()),
            )
        )
    return sorted(found, key=lambda p: (p.start, p.end if p.end is not None else 10_000))


def latest(periods: list[Period]) -> Period | None:
    """The period that holds last: the latest start (an open end wins a tie)."""
    return periods[-1] if periods else None


def role_in(periods: list[Period], year: int, municipality: str | None = None) -> str | None:
    """The role that held in a year (for one municipality), or None when no period covers it."""
    holding = [p for p in periods if p.holds_in(year) and (municipality is None or p.applies_to(municipality))]
    return holding[-1].role if holding else None


def overlaps(first: Period, second: Period) -> bool:
    """Two periods hold at once for some municipality (touching at a boundary year is a change, not an overlap)."""
    if first.municipalities and second.municipalities and not set(first.municipalities) & set(second.municipalities):
        return False
    first_end = first.end if first.end is not None else 10_000
    second_end = second.end if second.end is not None else 10_000
    return max(first.start, second.start) < min(first_end, second_end) or (
        first.start == second.start and first_end == second_end
    )


def period_label(period: Period) -> str:
    """'2015–2021', 'vanaf 2021', '2016'."""
    if period.end is None:
        return f"vanaf {period.start}"
    return str(period.start) if period.end == period.start else f"{period.start}–{period.end}"
