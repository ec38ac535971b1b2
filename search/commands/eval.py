"""`python -m search eval`: search quality on the fixed question set (data/relevance.yml): recall@3 and MRR.

A question counts as found at rank r when its expected case or page is the r-th result group and, if the
question names a section, that section is among the group's passages. When a question gets no results,
eval follows the "Bedoelde u …?" suggestion once, as a researcher would, and scores that answer.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import config
from ..cli import UsageError

RELEVANCE_FILE = config.RELEVANCE_PATH
CUTOFF = 3

EPILOG = """voorbeelden:
  python -m search eval                      de vaste vragenset op build/index
  python -m search eval --verbose            ook elke vraag met de plek van het goede antwoord

Recall@3: het deel van de vragen waarbij het goede antwoord bij de eerste drie hoort.
MRR: het gemiddelde van 1/plek van het goede antwoord (0 als het er niet bij staat)."""


@dataclass(frozen=True)
class Outcome:
    query: str
    expect: str
    kind: str
    rank: int | None  # 1-based rank of the expected result group; None when not found
    followed: str | None  # the suggestion eval followed, if any


def add_arguments(parser):
    parser.add_argument(
        "--index", default=str(config.INDEX_DIR), metavar="MAP", help="de index (standaard: build/index)"
    )
    parser.add_argument("--questions", default=str(RELEVANCE_FILE), metavar="BESTAND", help="de vragenset (YAML)")
    parser.add_argument("--verbose", action="store_true", help="toon elke vraag")


def load_questions(path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return list(data["questions"])


def rank_of(results, question: dict) -> int | None:
    for rank, group in enumerate(results.groups, start=1):
        if group.slug != question["expect"]:
            continue
        section = question.get("section")
        if section is None or any(hit.section == section for hit in group.hits):
            return rank
        return None
    return None


def evaluate(engine, questions: list[dict], depth: int = 10) -> list[Outcome]:
    outcomes = []
    for question in questions:
        results = engine.search(question["query"], page_size=depth)
        followed = None
        if not results.groups and results.suggestion:
            followed = results.suggestion
            results = engine.search(followed, page_size=depth)
        outcomes.append(
            Outcome(
                question["query"], question["expect"], question.get("kind", ""), rank_of(results, question), followed
            )
        )
    return outcomes


def recall_at(outcomes, cutoff: int = CUTOFF) -> float:
    return sum(1 for o in outcomes if o.rank is not None and o.rank <= cutoff) / len(outcomes)


def mean_reciprocal_rank(outcomes) -> float:
    return sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes)


def run(args) -> int:
    from ..engine.query import IndexMissing, SearchEngine

    path = Path(args.questions)
    if not path.exists():
        raise UsageError(f"de vragenset {path} bestaat niet.")
    try:
        questions = load_questions(path)
    except (yaml.YAMLError, KeyError, TypeError) as error:
        raise UsageError(f"de vragenset {path} is niet leesbaar: {error}") from None
    try:
        outcomes = evaluate(SearchEngine(args.index), questions)
    except IndexMissing as error:
        raise UsageError(str(error)) from None
    if args.verbose:
        for o in outcomes:
            where = f"plek {o.rank}" if o.rank else "niet gevonden"
            via = f" (via 'Bedoelde u: {o.followed}')" if o.followed else ""
            print(f"  {where:>13}  {o.query!r} → {o.expect} [{o.kind}]{via}")
    print(
        f"{len(outcomes)} vragen  recall@{CUTOFF} {recall_at(outcomes):.3f}  MRR {mean_reciprocal_rank(outcomes):.3f}"
    )
    return 0
