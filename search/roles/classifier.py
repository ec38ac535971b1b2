"""Role classifier: which position a municipality gave MEE, decided from sentences about MEE, with evidence.

Deterministic and offline: a cue lexicon (search/roles/cues.py) on normalised text, scoped to sentences
that mention MEE, with negation, hypothetical wording and time ("tot 2015", "sinds 2016") taken into
account. Every verdict lists the sentences that decided it.
"""

import dataclasses
import math
import re
from dataclasses import dataclass

from ..content.history import TRANSITION_YEAR, latest, periods_of, role_in
from ..problems import INFO, Problem
from . import cues as lex
from .features import passage_features
from .model import load_model
from .sentences import (
    CARRY_OVER_FACTOR,
    JOINED_HYPHEN,
    SECTION_FACTORS,
    clauses,
    fold,
    markdown_sections,
    normalise,
    scoped_sentences,
)

ROLES = ("independent", "generalist", "specialist", "combination", "unknown")
UNKNOWN, COMBINATION = "unknown", "combination"

# A role must reach ROLE_MIN to be chosen at all; a second role needs SECOND_MIN and a fair share of the
# first, so one passing remark does not turn a clear role into a combination.
ROLE_MIN = 0.45
SECOND_MIN = 0.75
SECOND_SHARE = 0.25
STRONG_CUE = 0.8  # a second role needs at least one cue this strong, not only weak hints
HYPOTHETICAL_FACTOR = 0.15  # "misschien", "wordt onderzocht", a question
MINOR_FACTOR = 0.4  # "af en toe", "een enkele keer"
ALSO_FACTOR = 1.2  # "daarnaast", "ook", "zowel … als"


@dataclass(frozen=True)
class Evidence:
    role: str
    sentence: str
    section: str
    weight: float  # > 0 supports the role; < 0 speaks against it (negated or ended)


@dataclass(frozen=True)
class RoleVerdict:
    role: str
    roles: tuple
    scores: dict
    evidence: tuple
    confidence: float
    year: int | None
    periods: tuple = ()  # RolePeriod, oldest first, when the text describes a change over time


@dataclass(frozen=True)
class RolePeriod:
    """A period the text describes: a proposal for the case's role history, for editors to confirm."""

    role: str
    start: int
    end: int | None
    evidence: tuple  # the sentences that date this role


@dataclass(frozen=True)
class CaseRole:
    """The role a case shows: the latest period of the editors' role history, else their pin, else the classifier's."""

    role: str
    label: str
    decided_by: str  # "redactie" (role history or pin) or "classificatie"
    reason: str
    year: int | None  # the year the shown role started (or the year the text gives for it)
    verdict: RoleVerdict
    history: tuple = ()  # history.Period, oldest first; empty without a role history
    source: str = ""  # the url behind the shown role, when the editors give one

    @property
    def role_in_transition_year(self) -> str | None:
        """The role in 2015 by the role history, or None when no period covers that year."""
        return role_in(list(self.history), TRANSITION_YEAR)


YEAR = re.compile(r"\b(20(?:1[3-9]|2\d|30))\b")
_ENDED = re.compile(lex.ENDED)
_CURRENT = re.compile(lex.CURRENT)
_PAST = re.compile(lex.PAST_TENSE)
_HYPOTHETICAL = re.compile(lex.HYPOTHETICAL)
_MINOR = re.compile(lex.MINOR)
_ALSO = re.compile(lex.ALSO)
_NEGATION = re.compile(lex.NEGATION)
_COMBINATION = re.compile(lex.COMBINATION_MARKERS)
_MEE_EXCLUDED = re.compile(lex.MEE_EXCLUDED)
_TEAM = re.compile(lex.TEAM)
_NATIONAL = re.compile(lex.NATIONAL)


@dataclass
class Finding:
    """One cue found in one clause, with what the clause says about time and certainty."""

    role: str
    sentence: str
    section: str
    weight: float
    cue: str
    negated: bool
    ended: bool
    past: bool
    current: bool
    year: int | None
    order: int  # sentence number, for "the later sentence wins" ties
    also: bool = False
    base: float = 0.0  # the cue's own weight, before scope, hedging and section factors


def matching_cues(clause: str):
    """(cue, spans) for every cue whose patterns all occur in the clause and whose veto does not."""
    for cue in lex.CUES:
        spans = []
        for pattern in cue.compiled:
            match = pattern.search(clause)
            if not match:
                break
            spans.append(match.span())
        else:
            if cue.compiled_unless is not None and cue.compiled_unless.search(clause):
                continue
            yield cue, spans


NEGATION_BEFORE = 8  # tokens before a cue a negation may stand ("MEE maakt geen deel uit van het wijkteam")
NEGATION_AFTER = 3  # tokens after it ("In het wijkteam zit MEE niet")
COORDINATOR = re.compile(r"\b(?:en|of|maar)\b")


def is_negated(clause: str, spans) -> bool:
    """A negation word near the cue, outside the cue's own words ('geen indicatie' is a cue, not a negation).

    The window stops at 'en'/'of', so in "werkt onafhankelijk en beslist niet over maatwerk" the 'niet'
    belongs to the second statement only.
    """
    start = min(s for s, _ in spans)
    end = max(e for _, e in spans)
    ordered = sorted(spans)
    between = " ".join(clause[a[1] : b[0]] for a, b in zip(ordered, ordered[1:], strict=False) if b[0] > a[1])
    before = clause[:start]
    cut = [m.end() for m in COORDINATOR.finditer(before)]
    before = before[cut[-1] :] if cut else before
    before_tokens = before.split()[-NEGATION_BEFORE:]
    after = clause[end:]
    stop = COORDINATOR.search(after)
    after_tokens = (after[: stop.start()] if stop else after).split()[:NEGATION_AFTER]
    window = " ".join(before_tokens) + " \x00 " + between + " \x00 " + " ".join(after_tokens)
    inside = [clause[s:e] for s, e in spans]
    for match in _NEGATION.finditer(window):
        if not any(match.group(0) in part and _NEGATION.search(part) for part in inside):
            return True
    return False


def sentence_findings(
    sentence: str, section: str, factor: float, order: int, team_context: bool = False, norm: str | None = None
) -> list[Finding]:
    norm = norm if norm is not None else normalise(sentence)
    parts = clauses(norm)
    matches = [
        (index, found)
        for index, found in ((index, list(matching_cues(clause))) for index, clause in enumerate(parts))
        if found
    ]
    whole = sentence_cues(norm, {cue.role for _, found in matches for cue, _ in found})
    if not matches and not whole:
        return []
    mee_excluded = bool(_MEE_EXCLUDED.search(norm))
    hypothetical = bool(_HYPOTHETICAL.search(norm)) or bool(_NATIONAL.search(norm))
    minor = bool(_MINOR.search(norm))
    also_sentence = bool(_ALSO.search(norm))
    # What the whole sentence does to every cue's weight: hedged, minor, or an extra position.
    scale = (
        factor
        * (HYPOTHETICAL_FACTOR if hypothetical else 1.0)
        * (MINOR_FACTOR if minor else 1.0)
        * (ALSO_FACTOR if also_sentence else 1.0)
    )
    sentence_years = [int(y) for y in YEAR.findall(norm)]
    findings = []

    def found_cue(cue, negated: bool, ended: bool, past: bool, current: bool, years: list) -> None:
        findings.append(
            Finding(
                cue.role,
                sentence,
                section,
                cue.weight * scale,
                cue.name,
                negated,
                ended,
                past,
                current,
                max(years) if years else None,
                order,
                also_sentence,
                cue.weight,
            )
        )

    for index, found in matches:
        clause = parts[index]
        # Time words often sit in a clause of their own ("Sinds 2016, …"); read them with the next clause.
        context = clause if index == 0 else parts[index - 1] + " " + clause
        years = (
            [int(y) for y in YEAR.findall(clause)]
            or [int(y) for y in YEAR.findall(context)]
            or (sentence_years if len(set(sentence_years)) == 1 else [])
        )
        ended = (
            bool(_ENDED.search(clause))
            or (
                index > 0
                and bool(_ENDED.search(parts[index - 1]))
                and not _CURRENT.search(clause)
                and not YEAR.search(clause)
                # "niet meer naar MEE, maar naar het buurtteam": after "maar" comes what replaced the old way
                and not re.match(r"\s*(?:maar|doch)\b", clause)
                and not re.search(r"\b(?:maar|doch) " + re.escape(clause.strip()[:30]), norm)
            )
        )
        current = bool(_CURRENT.search(clause))
        past = bool(_PAST.search(clause)) and not current
        for cue, spans in found:
            if (cue.needs_team_context and not team_context) or (
                cue.compiled_unless_sentence and cue.compiled_unless_sentence.search(norm)
            ):
                continue
            negated = is_negated(clause, spans) or (mee_excluded and cue.role == lex.GENERALIST)
            if cue.needs_negation:
                if not negated:
                    continue
                negated = False
            found_cue(cue, negated, ended, past, current, years)
    if whole and not mee_excluded:
        for cue, span in whole:
            if (cue.needs_team_context and not team_context) or _NEGATION.search(span):
                continue
            # time words count where they stand: "teams waarin MEE meedraait, terwijl men voorheen …"
            ended, current = bool(_ENDED.search(span)), bool(_CURRENT.search(span))
            found_cue(cue, False, ended, bool(_PAST.search(span)) and not current, current, sentence_years)
    return findings


def sentence_cues(norm: str, found_roles: set) -> list:
    """(cue, matched text) of the whole-sentence cues (lex.SENTENCE_CUES) for a role no clause cue found;
    a negation or exception counts only inside the matched text ("niet meer bij MEE, maar bij het wijkteam,
    waar …")."""
    found = []
    for cue in lex.SENTENCE_CUES:
        if cue.role in found_roles:
            continue
        matches = [p.search(norm) for p in cue.compiled]
        if all(matches) and not (cue.compiled_unless and cue.compiled_unless.search(matches[0].group(0))):
            # like a negation, an exception counts inside the match: "… geven de wijkteams – waarin ook MEE
            # zit – informatie en advies" is no advice *to* the team
            found.append((cue, matches[0].group(0)))
            found_roles = found_roles | {cue.role}
    return found


def text_findings(sections, scoped=None) -> tuple[list[Finding], bool]:
    """All cue findings in sentences about MEE, over (heading, text) pairs in reading order."""
    findings, combination_marker = [], False
    team_context = any(
        "team" in text.lower() and _TEAM.search(JOINED_HYPHEN.sub("", fold(text))) for _, text in sections
    )
    for item in scoped if scoped is not None else scoped_sentences(sections):
        if not item.factor:
            continue
        if item.direct and _COMBINATION.search(item.norm):
            combination_marker = True
        if item.pointed is not None:
            # "Die taak ligt bij MEE": the previous sentence describes MEE's role.
            section_factor = SECTION_FACTORS.get(item.section.strip().lower(), 1.0)
            findings.extend(
                sentence_findings(
                    item.pointed[0], item.section, section_factor * CARRY_OVER_FACTOR, item.pointed[1], team_context
                )
            )
        findings.extend(
            sentence_findings(item.sentence, item.section, item.factor, item.order, team_context, item.norm)
        )
    return findings, combination_marker


# ---------------------------------------------------------------- deciding


def superseded_roles(active: dict[str, list[Finding]]) -> set[str]:
    """Roles whose arrangement lies before another role's later arrangement (the latest counts)."""
    dropped = set()
    for role, items in active.items():
        for other, other_items in active.items():
            if other == role:
                continue
            role_years = [f.year for f in items if f.year]
            other_later = [
                f
                for f in other_items
                if not f.past and (f.current or (f.year and role_years and f.year > max(role_years)))
            ]
            if (
                all(f.past or (f.year and any(o.year and o.year > f.year for o in other_later)) for f in items)
                and other_later
            ):
                dropped.add(role)
    return dropped


def decide(findings: list[Finding], combination_marker: bool = False) -> RoleVerdict:
    positive = [f for f in findings if not f.negated and not f.ended]
    against = [f for f in findings if f.negated or f.ended]
    active: dict[str, list[Finding]] = {}
    for finding in positive:
        active.setdefault(finding.role, []).append(finding)
    for role in superseded_roles(active):
        against.extend(active.pop(role))
    scores = {role: round(sum(f.weight for f in active.get(role, ())), 3) for role in lex.BASE_ROLES}
    ranked = sorted(lex.BASE_ROLES, key=lambda r: (-scores[r], lex.BASE_ROLES.index(r)))
    top = scores[ranked[0]]
    if top < ROLE_MIN:
        chosen = ()
    else:
        second_min = SECOND_MIN * (0.6 if combination_marker else 1.0)
        strongest = {r: max((f.base for f in active.get(r, ())), default=0.0) for r in lex.BASE_ROLES}
        chosen = tuple(
            r
            for r in ranked
            if r == ranked[0]
            or (scores[r] >= second_min and scores[r] >= SECOND_SHARE * top and strongest[r] >= STRONG_CUE)
        )
    role = UNKNOWN if not chosen else chosen[0] if len(chosen) == 1 else COMBINATION
    evidence = []
    seen = set()
    for f in sorted((f for f in positive if f.role in chosen), key=lambda f: (-f.weight, f.order)):
        key = (f.role, f.sentence)
        if key not in seen:
            seen.add(key)
            evidence.append(Evidence(f.role, f.sentence, f.section, round(f.weight, 3)))
    for f in sorted(against, key=lambda f: f.order):
        key = (f.role, f.sentence)
        if key not in seen:
            seen.add(key)
            evidence.append(Evidence(f.role, f.sentence, f.section, -round(abs(f.weight), 3)))
    years = [f.year for r in chosen for f in active.get(r, ()) if f.year]
    return RoleVerdict(
        role=role,
        roles=tuple(sorted(chosen, key=lex.BASE_ROLES.index)),
        scores=scores,
        evidence=tuple(evidence),
        confidence=confidence(scores, chosen),
        year=max(years) if years else None,
    )


def confidence(scores: dict, chosen: tuple) -> float:
    """0..1: how much evidence there is, and how clearly the chosen roles stand out from the rest."""
    total = sum(scores.values())
    amount = 1.0 - math.exp(-total / 1.5)
    if not chosen:
        # Unknown: sure when nothing at all was found, less so when weak hints stayed under the bar.
        return round(max(0.0, 1.0 - max(scores.values()) / ROLE_MIN * 0.6), 2)
    rest = [scores[r] for r in lex.BASE_ROLES if r not in chosen]
    weakest = min(scores[r] for r in chosen)
    margin = (weakest - max(rest, default=0.0)) / max(weakest, 1e-9)
    return round(max(0.05, min(1.0, 0.5 * amount + 0.5 * margin)), 2)


# ---------------------------------------------------------------- the trained model

EVIDENCE_PER_ROLE = 3  # at most this many supporting sentences per position
# The model overrules a verdict of the cues only with at least this probability; without any cue, a position
# needs a majority. Chosen by cross-validation per file on 1,700 passages: trained on more writers, the model
# is right more often than the cues when they disagree (0.9 → 0.7: +0.007 to +0.013 macro-F1 on the files
# the cues were not written for; 0.5 adds nothing there and loses on the rest). The cues' reading of time
# still stands.
MODEL_OVERRULES = 0.7
# Turning one position into a combination needs a surer model: a single sentence ("Onze consulenten zitten in
# het sociaal team.") must not become two positions. Cross-validation: 0.7 0.907, 0.8 0.905, 0.9 0.901.
MODEL_OVERRULES_TO_COMBINATION = 0.8
MODEL_ALONE = 0.5
# Setting aside what the cues found for 'unknown' needs a surer model still: on paraphrases of real documents
# the model, which learnt that passages without a clear arrangement are common there, also calls plainly
# stated positions unknown. Cross-validation per file (2,595 passages): 0.7 → 0.85 kept 4 more cue verdicts
# right and lost 1.
MODEL_OVERRULES_TO_UNKNOWN = 0.85
# When the cues read an arrangement as ended ("tot 2015"), their time reasoning stands: the model, which
# only sees words, learnt from passages where an old role went on next to a new one. (No change in the
# cross-validation figure either way; it keeps "the latest arrangement counts" explainable.)
CUES_KEEP_TIME = True
LONG_TEXT = 8  # sentences; the training passages have 1–4


def sentence_support(model, features, role: str, combined: bool = False) -> list[tuple[float, tuple]]:
    """(contribution, (order, section, sentence)) of each sentence towards role, strongest first.

    combined: the role as part of a combination, so what pushes towards 'combination' counts as well."""
    rows = [
        (
            model.contribution(names, features.values, role)
            + (model.contribution(names, features.values, COMBINATION) if combined else 0.0),
            where,
        )
        for where, names in features.by_sentence.items()
    ]
    return sorted((row for row in rows if row[0] > 0), key=lambda row: (-row[0], row[1][0]))


def combination_roles(model, features, cue_verdict: RoleVerdict) -> tuple:
    """The positions a combination consists of: the cues' when they found a combination, otherwise the two
    positions whose sentences (and cues) support them most, plus a third the cues clearly found."""
    if cue_verdict.role == COMBINATION:
        return cue_verdict.roles
    strength = {}
    for role in lex.BASE_ROLES:
        support = sentence_support(model, features, role, combined=True)
        strength[role] = (support[0][0] if support else 0.0) + cue_verdict.scores.get(role, 0.0)
    ranked = sorted(lex.BASE_ROLES, key=lambda r: (-strength[r], lex.BASE_ROLES.index(r)))
    chosen = ranked[:2] + [r for r in ranked[2:] if cue_verdict.scores.get(r, 0.0) >= SECOND_MIN]
    return tuple(sorted(chosen, key=lex.BASE_ROLES.index))


def model_verdict(
    model, features, findings: list[Finding], cue_verdict: RoleVerdict, hedged: bool = False
) -> RoleVerdict:
    """The verdict when the cues found nothing, or when the model is sure enough to overrule them.

    hedged: every sentence about MEE is about MEE in general (lex.NATIONAL: mergers, boards, lobby, national
    letters); then the model alone gives no position."""
    probabilities = model.probabilities(features.values)
    role = max(ROLES, key=lambda r: (probabilities[r], -ROLES.index(r)))
    bar = {COMBINATION: MODEL_OVERRULES_TO_COMBINATION, UNKNOWN: MODEL_OVERRULES_TO_UNKNOWN}.get(role, MODEL_OVERRULES)
    if cue_verdict.role != UNKNOWN and (
        role == cue_verdict.role or probabilities[role] < bar or (CUES_KEEP_TIME and any(f.ended for f in findings))
    ):
        # The cues handle negation, time and hedging explicitly; the model must be sure to overrule them.
        return cue_verdict
    if cue_verdict.role == UNKNOWN and role != UNKNOWN and (probabilities[role] < MODEL_ALONE or hedged):
        # No cue at all and only a slight preference, or only sentences that hedge: that would be a guess.
        return cue_verdict
    if role == UNKNOWN:
        roles = ()
    elif role == COMBINATION:
        roles = combination_roles(model, features, cue_verdict)
    else:
        roles = (role,)
    support = {
        position: sentence_support(model, features, position, role == COMBINATION)[:EVIDENCE_PER_ROLE]
        for position in roles
    }
    if (
        role == COMBINATION
        and cue_verdict.role in lex.BASE_ROLES
        and "cue:marker" not in features.values
        and not any(f.also for f in findings)
    ):
        # Turning the cues' one position into two, in a text that says nothing like "zowel … als", "twee
        # petten", "daarnaast" or "ook": the added position needs a cue of its own or a sentence of its own,
        # carrying at least SECOND_SHARE of the first position's best sentence; the sentence the cues read as
        # the one position does not make a second ("'Onze consulenten zitten in het sociaal team.'").
        cue_sentences = {e.sentence for e in cue_verdict.evidence if e.weight > 0}
        floor = SECOND_SHARE * max((row[0] for row in support.get(cue_verdict.role, ())), default=0.0)
        support = {
            position: rows
            if position == cue_verdict.role or cue_verdict.scores.get(position, 0.0) > 0
            else [row for row in rows if row[1][2] not in cue_sentences and row[0] >= floor]
            for position, rows in support.items()
        }
    if any(not rows for rows in support.values()):
        # A position no sentence supports is a guess: keep the supported ones, else fall back to the cues.
        roles = tuple(r for r in roles if support[r])
        if len(roles) < 2:
            if not roles or roles[0] == cue_verdict.role:
                return cue_verdict
            role = roles[0]
    evidence, scores, years = [], {r: 0.0 for r in lex.BASE_ROLES}, []
    for position in roles:
        for weight, (_order, section, sentence) in support[position]:
            evidence.append(Evidence(position, sentence, section, round(weight, 3)))
            scores[position] = round(scores[position] + weight, 3)
        years.extend(f.year for f in findings if f.role == position and f.year and not f.negated and not f.ended)
    evidence.sort(key=lambda e: -e.weight)
    if not years:
        years = [int(y) for e in evidence for y in YEAR.findall(e.sentence)]
    # What speaks against (negated or ended cues) stays listed, as with the cues alone.
    shown = {(e.role, e.sentence) for e in evidence}
    evidence.extend(e for e in cue_verdict.evidence if e.weight < 0 and (e.role, e.sentence) not in shown)
    return RoleVerdict(
        role=role,
        roles=roles,
        scores=scores,
        evidence=tuple(evidence),
        confidence=round(probabilities[role], 2),
        year=max(years) if years else None,
    )


# "tot (eind) 2014", "t/m 2020", "until 1 July 2021": the year an arrangement stopped, not the one it began.
UNTIL_YEAR = re.compile(
    r"\b(?:tot|t/m|tot en met|until)\s(?:(?:en met|eind|medio|begin|half|halverwege|\d{1,2})\s)?"
    r"(?:\w+\s)?(20(?:1[0-9]|2\d))\b"
)


def sentence_role(item, model) -> str:
    """The position one dated sentence describes, also when it says the arrangement ended ("tot 2018 zaten
    consulenten van MEE in de teams" describes a generalist period): the cues first, else the model."""
    found = {
        f.role
        for f in sentence_findings(item.sentence, item.section, 1.0, item.order, True, item.norm)
        if not f.negated
    }
    if found:
        return next(iter(found)) if len(found) == 1 else COMBINATION
    return classify_sections([("", item.sentence)], model, with_periods=False).role


def text_periods(scoped, latest_role: str, model) -> tuple:
    """The roles of MEE over time, when the text dates more than one arrangement ("tot 2021 … sinds 2021 …").

    Each dated sentence about MEE is classified on its own (cues and model, as a short passage); a year after
    "tot" ends a period, any other year starts or continues one; a period ends where the next one begins.
    A proposal for the editors' role history: only given when it ends in the verdict's role (or when the
    verdict is 'unknown' because the last arrangement ended)."""
    points = []  # (year, is_end, role, sentence)
    for item in scoped:
        if not item.factor or not item.norm or not YEAR.search(item.norm):
            continue
        role = sentence_role(item, model)
        if role == UNKNOWN:
            continue
        ends = {int(y) for y in UNTIL_YEAR.findall(item.norm)}
        for year in sorted({int(y) for y in YEAR.findall(item.norm)}):
            points.append((year, year in ends, role, item.sentence))
    if not points:
        return ()
    periods: list[list] = []  # [role, start, end, evidence]
    for year in sorted({p[0] for p in points}):
        ending = {role for y, is_end, role, _ in points if y == year and is_end}
        starting = {role for y, is_end, role, _ in points if y == year and not is_end}

        def said(roles, ends, year=year):
            return list(dict.fromkeys(t for y, e, r, t in points if y == year and r in roles and e == ends))

        current = periods[-1] if periods and periods[-1][2] is None else None
        if current and current[0] in ending:
            current[2], current = year, None
        if not starting and ending and not current and not (periods and periods[-1][0] in ending):
            # Only an end is dated ("tot 2014 zaten zij in de teams"): that role held until then.
            role = next(iter(ending)) if len(ending) == 1 else COMBINATION
            periods.append([role, year, year, said(ending, True)])
            continue
        if not starting:
            continue
        role = next(iter(starting)) if len(starting) == 1 else COMBINATION
        if current and current[0] == role:
            current[3] += [t for t in said(starting, False) if t not in current[3]]
            continue
        if current:
            current[2] = year
        periods.append([role, year, None, said(starting, False)])
    if len(periods) < 2 and periods[-1][2] is None:
        return ()  # one position that still holds: nothing changed, the verdict says it all
    if periods[-1][0] != latest_role and not (latest_role == UNKNOWN and periods[-1][2] is not None):
        return ()  # the dated sentences tell another story than the verdict: propose nothing
    return tuple(
        RolePeriod(role, start, end, tuple(evidence[:EVIDENCE_PER_ROLE])) for role, start, end, evidence in periods
    )


def passage_inputs(sections, options=None):
    """What the model reads for one passage: the feature values (used for training and cross-validation)."""
    scoped = list(scoped_sentences(sections))
    findings, marker = text_findings(sections, scoped)
    cue_verdict = decide(findings, marker)
    return passage_features(scoped, findings, cue_verdict.scores, cue_verdict.role, options, marker).values


def classify_sections(sections, model=None, with_periods: bool = True) -> RoleVerdict:
    """Cues first (they also give the model its strongest features), then the trained model decides; the
    periods come from the dated findings and end in the decided role."""
    scoped = list(scoped_sentences(sections))
    findings, marker = text_findings(sections, scoped)
    verdict = decide(findings, marker)
    model = model or load_model()
    if model is not None and any(item.factor for item in scoped):
        # Without a sentence about MEE there is nothing to judge: 'unknown' without asking the model. A whole
        # case is far longer than any passage the model learnt from (at most 4 sentences): there the model
        # only fills in where the cues found nothing.
        if verdict.role == UNKNOWN or len(scoped) <= LONG_TEXT:
            features = passage_features(scoped, findings, verdict.scores, verdict.role, model.options, marker)
            hedged = all(_NATIONAL.search(item.norm) for item in scoped if item.factor)
            verdict = model_verdict(model, features, findings, verdict, hedged)
    periods = text_periods(scoped, verdict.role, model) if with_periods else ()
    return dataclasses.replace(verdict, periods=periods) if periods else verdict


def classify_text(text: str) -> RoleVerdict:
    """Role of MEE in plain Dutch text (no sections: evidence has section '')."""
    return classify_sections([("", text or "")])


def classify_case(case) -> RoleVerdict:
    """Role of MEE in a case, read section by section from its body."""
    return classify_sections(markdown_sections(case.body))


def role_label(role: str) -> str:
    from ..content.vocabulary import load_vocabulary

    return load_vocabulary().role_label(role)


def evidence_summary(verdict: RoleVerdict, limit: int = 90) -> str:
    """One short Dutch line on why: the strongest supporting sentence, or that nothing was found."""
    supporting = [e for e in verdict.evidence if e.weight > 0]
    if not supporting:
        return "geen aanwijzingen gevonden in zinnen over MEE"
    sentence = supporting[0].sentence
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    where = f" in '{supporting[0].section}'" if supporting[0].section else ""
    more = f", en {len(supporting) - 1} andere zin(nen)" if len(supporting) > 1 else ""
    return f"op grond van “{sentence}”{where}{more}"


def case_role(case) -> CaseRole:
    """The role shown for a case: the editors' role history (its latest period) or pin wins; the classifier's
    verdict is always computed, so a disagreement can be shown."""
    verdict = classify_case(case)
    periods = [p for p in periods_of(case.meta) if p.role in ROLES]
    if periods:
        last = latest(periods)
        return CaseRole(
            role=last.role,
            label=role_label(last.role),
            decided_by="redactie",
            reason=last.evidence,
            year=last.start,
            verdict=verdict,
            history=tuple(periods),
            source=last.source,
        )
    override = case.meta.get("mee_role")
    if isinstance(override, str) and override in ROLES:
        year = verdict.year if override == verdict.role else None
        return CaseRole(
            role=override,
            label=role_label(override),
            decided_by="redactie",
            reason=str(case.meta.get("mee_role_reason", "")).strip(),
            year=year,
            verdict=verdict,
        )
    return CaseRole(
        role=verdict.role,
        label=role_label(verdict.role),
        decided_by="classificatie",
        reason=evidence_summary(verdict),
        year=verdict.year,
        verdict=verdict,
    )


def override_disagreements(cases) -> list[Problem]:
    """INFO problems for cases whose editor override differs from what the classifier finds."""
    from ..content.validate import line_of

    problems = []
    for case in cases:
        decided = case_role(case)
        if decided.decided_by != "redactie" or decided.role == decided.verdict.role:
            continue
        where = ("role_history", len(decided.history) - 1) if decided.history else ("mee_role",)
        problems.append(
            Problem(
                case.path,
                line_of(case, where),
                f"De redactie koos '{decided.label}'; de classificatie vindt '{role_label(decided.verdict.role)}' "
                f"({evidence_summary(decided.verdict)}).",
                field="mee_role",
                guide="rol-vaststellen",
                severity=INFO,
            )
        )
    return problems
