"""`python -m search classify [FILE ... | -] [--json] [--eval FILE.jsonl] [--bench]`: the role of MEE, with why."""

import json
import sys
import time
from pathlib import Path

from ..cli import UsageError, whole_number
from ..content import validate
from ..content.cases import case_files, read_case
from ..problems import display_path
from ..roles import classifier as classify
from ..roles import labeled_data
from ..roles.metrics import evaluate, format_report

EPILOG = """voorbeelden:
  python -m search classify                      alle praktijkvoorbeelden in cases/
  python -m search classify cases/zeist.md       één praktijkvoorbeeld
  echo "MEE werkt in de wijkteams." | python -m search classify -
  python -m search classify cases/zeist.md --json
  python -m search classify --eval data/roles/roles-heldout.jsonl
  python -m search classify --bench              snelheid op de echte cases (100 keer; --repeats N)
  python -m search classify --train              train het rolmodel opnieuw (na een wijziging in de gelabelde teksten)
  python -m search classify --cv                 kruisvalidatie van het rolmodel (5 delen)
  python -m search classify --cv bestanden       kruisvalidatie per bestand (schrijver)

De rol komt alleen uit zinnen over MEE. Zonder aanwijzingen is de uitkomst 'Onbekend': er wordt niet geraden.
Een .md-bestand wordt gelezen als praktijkvoorbeeld; een ander bestand als gewone tekst."""


def add_arguments(parser):
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="BESTAND",
        help="case-bestanden of tekstbestanden; '-' leest tekst van standaardinvoer (standaard: alle cases in cases/)",
    )
    parser.add_argument("--json", action="store_true", help="uitvoer als JSON (een lijst bij meer invoer)")
    parser.add_argument(
        "--eval", metavar="BESTAND.jsonl", type=Path, help='meet de kwaliteit op regels {"text": …, "label": …}'
    )
    parser.add_argument("--bench", action="store_true", help="meet hoeveel cases per seconde worden geclassificeerd")
    parser.add_argument(
        "--repeats",
        default="100",
        metavar="N",
        help="met --bench: hoe vaak elke case wordt geclassificeerd (standaard 100)",
    )
    parser.add_argument(
        "--train",
        action="store_true",
        help="train het rolmodel opnieuw op de gelabelde teksten en schrijf data/roles/model.json.gz",
    )
    parser.add_argument(
        "--cv",
        nargs="?",
        const="delen",
        choices=("delen", "bestanden"),
        help="kruisvalidatie van het rolmodel op de gelabelde teksten: in 5 delen (standaard), "
        "of per bestand ('--cv bestanden': elk bestand, van een andere schrijver, beoordeeld "
        "door een model dat het niet kent)",
    )


def run(args) -> int:
    if args.eval:
        return run_eval(args.eval)
    if args.bench:
        return run_bench(args.inputs, whole_number(args.repeats, "--repeats", 1, 100_000))
    if args.train or args.cv:
        from ..roles.training import run_cv, run_train

        return run_train() if args.train else run_cv(by_file=args.cv == "bestanden")
    inputs = args.inputs or [str(p) for p in case_files(None)]
    if not inputs:
        raise UsageError("er zijn geen praktijkvoorbeelden gevonden; geef een bestand of '-'.")
    for name in inputs:
        if name != "-" and not Path(name).exists():
            raise UsageError(f"het bestand '{name}' bestaat niet. Controleer de naam en de map.")
    # A folder stands for the case files in it.
    inputs = [
        str(p) for name in inputs for p in ([name] if name == "-" or not Path(name).is_dir() else case_files([name]))
    ]
    results, problems = [], []
    for name in inputs:
        result, found = classify_input(name)
        problems.extend(found)
        if result is not None:
            results.append(result)
    for problem in problems:
        print(str(problem), file=sys.stderr)
    if args.json:
        payload = [as_json(r) for r in results]
        print(
            json.dumps(payload[0] if len(payload) == 1 and len(inputs) == 1 else payload, ensure_ascii=False, indent=2)
        )
    else:
        print("\n\n".join(as_text(r) for r in results))
    if problems:
        count = f"{len(problems)} {'probleem' if len(problems) == 1 else 'problemen'}"
        print(
            f"{count} in de invoer; pas de bestanden aan en probeer het opnieuw "
            "(bij praktijkvoorbeelden helpt 'python -m search check').",
            file=sys.stderr,
        )
        return 1
    return 0


def classify_input(name: str):
    """(result dict, problems) for one input: stdin text, a case file or a plain text file."""
    if name == "-":
        text = sys.stdin.read()
        return {"input": "-", "verdict": classify.classify_text(text), "case": None}, []
    path = Path(name)
    if path.suffix != ".md":
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return None, [f"{name}: het bestand is niet opgeslagen als UTF-8. Sla het op als UTF-8."]
        return {"input": name, "verdict": classify.classify_text(text), "case": None}, []
    case, problems = read_case(path)
    if case is None:
        return None, problems
    errors = [p for p in validate.validate_case(case) if p.is_error]
    if errors:
        return None, errors
    return {
        "input": display_path(path),
        "verdict": classify.classify_case(case),
        "case": case,
        "decided": classify.case_role(case),
    }, []


def as_json(result) -> dict:
    verdict = result["verdict"]
    data = {
        "input": result["input"],
        "role": verdict.role,
        "label": classify.role_label(verdict.role),
        "roles": list(verdict.roles),
        "scores": verdict.scores,
        "confidence": verdict.confidence,
        "year": verdict.year,
        "evidence": [
            {"role": e.role, "sentence": e.sentence, "section": e.section, "weight": e.weight} for e in verdict.evidence
        ],
        # The roles over time when the text describes a change; the last one is `role`.
        "periods": [
            {"role": p.role, "start": p.start, "end": p.end, "evidence": list(p.evidence)} for p in verdict.periods
        ],
    }
    if result.get("case") is not None:
        decided = result["decided"]
        data["slug"] = result["case"].slug
        data["shown_role"] = decided.role
        data["decided_by"] = decided.decided_by
        if decided.decided_by == "redactie":
            data["override_reason"] = decided.reason
    return data


def comma(number: float) -> str:
    return f"{number:.2f}".replace(".", ",")


def as_text(result) -> str:
    verdict = result["verdict"]
    lines = [result["input"]] if result["input"] != "-" else []
    lines.append(f"Rol van MEE: {classify.role_label(verdict.role)} (zekerheid {comma(verdict.confidence)})")
    if verdict.role != classify.UNKNOWN and verdict.role == classify.COMBINATION:
        lines.append("Rollen: " + ", ".join(classify.role_label(r) for r in verdict.roles))
    if verdict.year:
        lines.append(f"Jaar van de afspraak: {verdict.year}")
    if verdict.periods:
        lines.append("Door de jaren heen:")
        lines.extend(
            f"  - {p.start}{'–' + str(p.end) if p.end and p.end != p.start else ('' if p.end else ' en later')}: "
            f"{classify.role_label(p.role)}"
            for p in verdict.periods
        )
    supporting = [e for e in verdict.evidence if e.weight > 0]
    against = [e for e in verdict.evidence if e.weight < 0]
    if supporting:
        lines.append("Waarom:")
        lines.extend(f"  - {quote(e)}" for e in supporting)
    else:
        lines.append("Geen aanwijzingen gevonden in zinnen over MEE.")
    if against:
        lines.append("Telt niet mee (ontkend of voorbij):")
        lines.extend(f"  - {quote(e)}" for e in against)
    decided = result.get("decided")
    if decided is not None and decided.decided_by == "redactie":
        lines.append(f"Op de site: {decided.label}, vastgesteld door de redactie: {decided.reason}")
    return "\n".join(lines)


def quote(evidence) -> str:
    where = f" [{evidence.section}]" if evidence.section else ""
    return f"{classify.role_label(evidence.role)}: “{evidence.sentence}”{where}"


def read_labeled(path: Path):
    """(texts, labels) from a JSONL file; a mistake names the line and stops the run."""
    if not path.exists():
        raise UsageError(f"het bestand '{path}' bestaat niet. Controleer de naam en de map.")
    return labeled_data.read_labeled(path)


def run_eval(path: Path) -> int:
    try:
        texts, gold = read_labeled(path)
    except labeled_data.LabeledDataError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1
    if not texts:
        print(f"fout: {path} bevat geen voorbeelden.", file=sys.stderr)
        return 1
    classify.classify_text(texts[0])  # loads the model and warms the caches: not part of the speed
    start = time.perf_counter()
    verdicts = [classify.classify_text(t) for t in texts]
    elapsed = time.perf_counter() - start
    predicted = [v.role for v in verdicts]
    report = evaluate(gold, predicted, classify.ROLES)
    print(f"evaluatie van {path} ({len(texts)} teksten)\n")
    print(format_report(report))
    print("\n" + speed_line(len(texts), elapsed))
    wrong = [(i, g, p) for i, (g, p) in enumerate(zip(gold, predicted, strict=False)) if g != p]
    if wrong and is_sealed(path):
        # A sealed set's errors are never studied: only its summary is shown.
        print(
            f"\n{len(wrong)} fout geclassificeerd; dit is een verzegelde testset, dus die teksten worden niet getoond."
        )
    elif wrong:
        print("\nfout geclassificeerd:")
        for index, g, p in wrong:
            print(f"  regel {index + 1}: juist {g}, uitkomst {p}: {texts[index][:100]}")
    return 0


def is_sealed(path: Path) -> bool:
    from ..roles.model import DATA_DIR, SEALED_FILES

    return any(path.resolve() == (DATA_DIR / name).resolve() for name in SEALED_FILES)


def speed_line(count: int, seconds: float) -> str:
    """Texts per second as a plain whole number (no thousands dot that reads as a decimal point), and the
    time per text, so the figure cannot be misread."""
    per_second = count / seconds if seconds > 0 else float("inf")
    per_text_ms = comma(1000 * seconds / count) if count else "0,00"
    return (
        f"snelheid: {per_second:.0f} teksten per seconde ({per_text_ms} ms per tekst, "
        f"{count} teksten in {comma(seconds)} s; alleen het classificeren)"
    )


def run_bench(inputs, repeats: int = 100) -> int:
    """Cases per second on the real case files, each classified `repeats` times (a first run warms caches)."""
    from ..content.cases import load_cases

    cases, _ = load_cases(inputs or None)
    if not cases:
        raise UsageError("er zijn geen praktijkvoorbeelden om te meten.")
    for case in cases:
        classify.classify_case(case)
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        for case in cases:
            classify.classify_case(case)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    count = repeats * len(cases)
    # CPU time as well: on a busy shared machine the wall clock says more about the neighbours.
    print(f"{'cases':<8}{'herhalingen':>12}{'seconden':>10}{'cases/s':>10}{'CPU-s':>8}{'cases/CPU-s':>13}")
    print(f"{len(cases):<8}{repeats:>12}{elapsed:>10.2f}{count / elapsed:>10.0f}{cpu:>8.2f}{count / cpu:>13.0f}")
    return 0
