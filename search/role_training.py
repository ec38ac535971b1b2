"""Training and cross-validation of the role model (`python -m search classify --train` / `--cv`)."""
import sys

from . import classify
from . import role_model as rm
from .evaluation import evaluate, format_report
from .labeled_data import LabeledDataError, read_labeled
from .role_features import DEFAULT_OPTIONS

FOLDS = 5


def read_training(paths=None):
    """(texts, labels, files) of the training passages, in the fixed order of TRAINING_FILES."""
    paths = paths or rm.training_paths()
    texts, labels = [], []
    for path in paths:
        file_texts, file_labels = read_labeled(path)
        texts += file_texts
        labels += file_labels
    return texts, labels, paths


def train_model(texts, labels, options=None):
    options = options or DEFAULT_OPTIONS
    samples = [classify.passage_inputs([("", text)], options) for text in texts]
    return rm.train(samples, labels), samples


def cross_validate(texts, labels, options=None, folds: int = FOLDS):
    """Predicted labels for every passage from a model trained on the other folds (passage i is in fold
    i mod folds), decided exactly as classify_text decides."""
    options = options or DEFAULT_OPTIONS
    samples = [classify.passage_inputs([("", text)], options) for text in texts]
    predicted = [None] * len(texts)
    for fold in range(folds):
        train_idx = [i for i in range(len(texts)) if i % folds != fold]
        weights = rm.train([samples[i] for i in train_idx], [labels[i] for i in train_idx])
        model = rm.Model.from_weights(weights, options)
        for i in range(fold, len(texts), folds):
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
    texts, labels, paths = training
    weights, _ = train_model(texts, labels)
    counts = {label: labels.count(label) for label in rm.CLASSES}
    document = rm.model_document(weights, rm.data_hash(paths), [p.name for p in paths], DEFAULT_OPTIONS, counts)
    rm.write_model(document)
    rm.load_model.cache_clear()
    print(f"rolmodel getraind op {len(texts)} teksten uit {len(paths)} bestanden; "
          f"{len(document['weights'])} kenmerken bewaard in {rm.MODEL_PATH.relative_to(rm.REPO_ROOT)}")
    return 0


def run_cv() -> int:
    training = read_training_or_explain()
    if training is None:
        return 1
    texts, labels, _ = training
    predicted = cross_validate(texts, labels)
    print(f"kruisvalidatie in {FOLDS} delen op {len(texts)} gelabelde teksten\n")
    print(format_report(evaluate(labels, predicted, rm.CLASSES)))
    return 0
