"""Classification metrics: per-label precision/recall/F1, macro-F1, accuracy and a confusion matrix."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Report:
    labels: tuple
    per_label: tuple  # LabelScore per label, in `labels` order
    macro_f1: float
    accuracy: float
    confusion: dict  # (gold, predicted) -> count
    total: int


def evaluate(gold: list[str], predicted: list[str], labels) -> Report:
    """Scores over paired gold/predicted labels. Macro-F1 averages over the labels that occur in gold: a set of
    real documents may hold no 'combination' at all, and a stray prediction of it already costs the recall
    of the label it should have been."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    labels = tuple(labels)
    confusion = {(g, p): 0 for g in labels for p in labels}
    for g, p in zip(gold, predicted, strict=False):
        confusion[(g, p)] = confusion.get((g, p), 0) + 1
    per_label = []
    for label in labels:
        true_pos = confusion.get((label, label), 0)
        predicted_n = sum(1 for p in predicted if p == label)
        support = sum(1 for g in gold if g == label)
        precision = true_pos / predicted_n if predicted_n else 0.0
        recall = true_pos / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label.append(LabelScore(label, precision, recall, f1, support))
    present = [s for s in per_label if s.support]
    macro = sum(s.f1 for s in present) / len(present) if present else 0.0
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=False) if g == p) / len(gold) if gold else 0.0
    return Report(labels, tuple(per_label), macro, accuracy, confusion, len(gold))


def format_report(report: Report) -> str:
    """A plain table (Dutch headings with the English term) for the terminal."""
    width = max(len(label) for label in report.labels) + 2
    lines = [f"{'label':<{width}}{'precisie':>10}{'recall':>10}{'F1':>8}{'aantal':>8}"]
    for s in report.per_label:
        lines.append(f"{s.label:<{width}}{s.precision:>10.2f}{s.recall:>10.2f}{s.f1:>8.2f}{s.support:>8}")
    lines.append("")
    lines.append(
        f"macro-F1: {report.macro_f1:.3f}   nauwkeurigheid (accuracy): {report.accuracy:.3f}   n = {report.total}"
    )
    lines.append("")
    lines.append("verwarringsmatrix (rij = juist label, kolom = uitkomst)")
    short = {label: label[:5] for label in report.labels}
    lines.append(" " * width + "".join(f"{short[p]:>7}" for p in report.labels))
    for g in report.labels:
        lines.append(f"{g:<{width}}" + "".join(f"{report.confusion.get((g, p), 0):>7}" for p in report.labels))
    return "\n".join(lines)
