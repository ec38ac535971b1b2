"""Labelled passages for the role classifier: JSON Lines of {"text": …, "label": …}, read with clear errors."""

import json
from pathlib import Path

from . import classifier as classify


def read_labeled(path: Path):
    """(texts, labels) from a JSONL file; a mistake names the line and stops the run."""
    texts, labels = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabeledDataError(
                f"{path}:{number}: geen geldige JSON ({exc.msg}). Schrijf elke regel als "
                '{"text": "…", "label": "generalist"}.'
            ) from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or "label" not in item:
            raise LabeledDataError(f"{path}:{number}: de velden 'text' en 'label' ontbreken.")
        if item["label"] not in classify.ROLES:
            raise LabeledDataError(
                f"{path}:{number}: onbekend label '{item['label']}'. Kies uit: {', '.join(classify.ROLES)}."
            )
        texts.append(item["text"])
        labels.append(item["label"])
    return texts, labels


class LabeledDataError(Exception):
    """A line of a labelled file that cannot be used; the message names the file and line."""
