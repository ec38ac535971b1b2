"""`python -m search ci-summary [PATH ...]`: Markdown for a pull request's job summary (see search.ci_summary)."""

import sys
from pathlib import Path

from .. import ci_summary, config
from ..cli import UsageError

EPILOG = """voorbeelden:
  python -m search ci-summary cases/zeist.md cases/goirle.md
  git diff --name-only origin/main...HEAD -- 'cases/*.md' \
    | python -m search ci-summary --stdin >> "$GITHUB_STEP_SUMMARY"

Per veranderd praktijkvoorbeeld: het resultaat van de controle, de rol van MEE volgens de tekst met de zinnen
die de doorslag gaven, en een verschil met de rol die de redactie vastlegde. Stopt altijd met code 0:
de controle zelf ('python -m search check') bepaalt of de CI slaagt."""


def add_arguments(parser):
    parser.add_argument("paths", nargs="*", metavar="PATH", help="veranderde case-bestanden")
    parser.add_argument("--stdin", action="store_true", help="lees de bestandsnamen ook van stdin, één per regel")
    parser.add_argument(
        "--annotations",
        action="store_true",
        help="schrijf GitHub-meldingen (::error file=…,line=…::…) in plaats van Markdown",
    )
    parser.add_argument(
        "--guide-url",
        default="",
        metavar="URL",
        help=f"webadres van {config.GUIDE}, zodat de links in de samenvatting werken",
    )


def run(args) -> int:
    names = list(args.paths)
    if args.stdin:
        names += [line.strip() for line in sys.stdin if line.strip()]
    paths = []
    for name in dict.fromkeys(names):
        path = Path(name)
        if path.suffix != config.CASE_SUFFIX:
            raise UsageError(f"'{name}' is geen case-bestand (.md).")
        if path.exists():  # a deleted case has nothing left to check
            paths.append(path)
    if args.annotations:
        sys.stdout.write(ci_summary.annotations(paths))
    else:
        sys.stdout.write(ci_summary.summary(paths, guide_url=args.guide_url))
    return 0
