"""Training and cross-validation of the role model (`python -m search classify --train` / `--cv`)."""

import sys

from .. import config
from . import classifier as classify
from . import model as rm
from .features import DEFAULT_OPTIONS
from .labeled_data import LabeledDataError, read_labeled
from .metrics import evaluate, format_report

FOLDS = 5
REAL_PREFIX = "roles-real-"  # training files that paraphrase real public documents


def read_training(paths=None):
    """(texts, labels, groups, files) of the training passages, in the fixed order of TRAINING_FILES;
    groups[i] is the index of the file passage i came from."""
    paths = paths or rm.training_paths()
    texts, labels, groups = [], [], []
    for number, path in enumerate(paths):
        file_texts, file_labels = read_labeled(path)
        texts += file_texts
        labels += file_labels
        groups += [number] * len(file_texts)
    return texts, labels, groups, paths


def train_model(texts, labels, options=None):
    options = options or DEFAULT_OPTIONS
    samples = [classify.passage_inputs([("", text)], options) for text in texts]
    return rm.train(samples, labels), samples


def cross_validate(texts, labels, options=None, folds: int = FOLDS, groups=None):
    """Predicted labels for every passage from a model trained on the other folds, decided exactly as
    classify_text decides. Folds: passage i is in fold i mod folds, or, with groups, each group (a file:
    one writer or one round of writing) is a fold, so every passage is judged by a model that never saw
    its writer's text."""
    options = options or DEFAULT_OPTIONS
    samples = [classify.passage_inputs([("", text)], options) for text in texts]
    fold_of = list(groups) if groups is not None else [i % folds for i in range(len(texts))]
    predicted = [None] * len(texts)
    for fold in sorted(set(fold_of)):
        train_idx = [i for i in range(len(texts)) if fold_of[i] != fold]
        weights = rm.train([samples[i] for i in train_idx], [labels[i] for i in train_idx])
        model = rm.Model.from_weights(weights, options)
        for i in range(len(texts)):
            if fold_of[i] == fold:
                predicted[i] = classify.classify_sections([("", texts[i])], model).role
    return predicted


def read_training_or_explain():
    """read_training(), or None after printing what is wrong with the training files."""
    try:
        return read_training()
    except (OSError, LabeledDataError) as error:
        print(f"fout: {error}", file=sys.stderr)
        return None


def run_train() -> int:
    training = read_training_or_explain()
    if training is None:
        return 1
    texts, labels, _, paths = training
    weights, _ = train_model(texts, labels)
    counts = {label: labels.count(label) for label in rm.CLASSES}
    document = rm.model_document(weights, rm.data_hash(paths), [p.name for p in paths], DEFAULT_OPTIONS, counts)
    rm.write_model(document)
    rm.load_model.cache_clear()
    print(
        f"rolmodel getraind op {len(texts)} teksten uit {len(paths)} bestanden; "
        f"{len(document['weights'])} kenmerken bewaard in {rm.MODEL_PATH.relative_to(config.REPO_ROOT)}"
    )
    return 0


def run_cv(by_file: bool = False) -> int:
    training = read_training_or_explain()
    if training is None:
        return 1
    texts, labels, groups, paths = training
    if not by_file:
        predicted = cross_validate(texts, labels)
        print(f"kruisvalidatie in {FOLDS} delen op {len(texts)} gelabelde teksten\n")
        print(format_report(evaluate(labels, predicted, rm.CLASSES)))
        return 0
    predicted = cross_validate(texts, labels, groups=groups)
    print(
        f"kruisvalidatie per bestand ({len(paths)} bestanden, {len(texts)} gelabelde teksten): elk bestand "
        "beoordeeld door een model dat op de andere bestanden is getraind\n"
    )
    for number, path in enumerate(paths):
        mine = [i for i, group in enumerate(groups) if group == number]
        report = evaluate([labels[i] for i in mine], [predicted[i] for i in mine], rm.CLASSES)
        print(f"  {path.name:<32} n = {len(mine):>4}   macro-F1 {report.macro_f1:.3f}")
    real = [i for i, group in enumerate(groups) if paths[group].name.startswith(REAL_PREFIX)]
    if real:
        report = evaluate([labels[i] for i in real], [predicted[i] for i in real], rm.CLASSES)
        print(
            f"\n  samen: paraphrases van echte documenten ({REAL_PREFIX}*), n = {len(real)}   "
            f"macro-F1 {report.macro_f1:.3f}   nauwkeurigheid {report.accuracy:.3f}"
        )
    print()
    print(format_report(evaluate(labels, predicted, rm.CLASSES)))
    return 0
