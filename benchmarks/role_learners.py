"""`python -m search bench-learners [--files N]`: the hand-written role model against scikit-learn's
LogisticRegression, cross-validated per training file in one run, on the same folds, features and decision.

scikit-learn is a test dependency only (the `test` extra): it is imported here, never by the product.
"""

import sys
import time
import warnings

from search.cli import whole_number
from search.roles import classifier as classify
from search.roles import model as rm
from search.roles.features import DEFAULT_OPTIONS
from search.roles.metrics import evaluate
from search.roles.training import REAL_PREFIX, read_training_or_explain

EPILOG = """Elk trainingsbestand (één schrijver) wordt beoordeeld door een model dat op de andere bestanden is
getraind, zoals 'python -m search classify --cv bestanden'. In dezelfde run en op dezelfde delen leren twee
leerders van dezelfde kenmerken (classify.passage_inputs): het eigen model (search/roles/model.py, pure Python)
en LogisticRegression van scikit-learn. Beide beslissen met dezelfde regels (classify_sections met het model).

voorbeelden:
  python -m search bench-learners              alle trainingsbestanden
  python -m search bench-learners --files 3    alleen de eerste 3 bestanden (snelle proef)"""

# The inverse L2 strength of the earlier comparison; sklearn penalises 1/(2C)·|w|² against the summed log loss.
SKLEARN_C = 100.0
# lbfgs needs many steps at this weak a penalty; a fold that still stops early is reported, not hidden.
SKLEARN_MAX_ITER = 5000
HAND = "eigen model (model.py)"
SKLEARN = f"scikit-learn LogisticRegression (C = {SKLEARN_C:g})"
MISSING_SKLEARN = (
    "scikit-learn ontbreekt: deze benchmark vergelijkt het rolmodel met scikit-learn, dat alleen bij de "
    "testafhankelijkheden hoort. Installeer die met 'make install-test' (of: .venv/bin/python -m pip install "
    "--require-hashes --no-deps -r requirements-test.txt) en probeer het opnieuw."
)


def add_arguments(parser):
    parser.add_argument(
        "--files",
        metavar="N",
        help=f"alleen de eerste N trainingsbestanden (2 tot en met {len(rm.TRAINING_FILES)}; standaard alle)",
    )


class SklearnRoleModel(rm.Model):
    """The role model's interface for classify_sections (classes, options, probabilities, contribution),
    backed by scikit-learn's LogisticRegression on a DictVectorizer matrix of the same feature values.

    No intercept: the features already hold a constant 'bias' feature, as in the hand-written model, so both
    learners fit the same softmax over the same inputs and differ only in how they find the weights."""

    def __init__(self, samples, labels, options, c: float = SKLEARN_C):
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = DictVectorizer()
        matrix = self.vectorizer.fit_transform(samples)
        self.learner = LogisticRegression(C=c, fit_intercept=False, max_iter=SKLEARN_MAX_ITER)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            self.learner.fit(matrix, labels)
        self.converged = not any("converge" in str(w.message).lower() for w in caught)
        # Per-feature weights in CLASSES order, so contribution() names evidence sentences as for the own model.
        rows = {cls: self.learner.coef_[k] for k, cls in enumerate(self.learner.classes_)}
        if len(self.learner.classes_) == 2:  # binary: one row w for the second class, i.e. softmax of (-w/2, w/2)
            rows = {
                self.learner.classes_[0]: -self.learner.coef_[0] / 2,
                self.learner.classes_[1]: self.learner.coef_[0] / 2,
            }
        names = self.vectorizer.get_feature_names_out()
        weights = {
            name: [float(rows[cls][j]) if cls in rows else 0.0 for cls in rm.CLASSES] for j, name in enumerate(names)
        }
        super().__init__(
            {
                "classes": list(rm.CLASSES),
                "weights": weights,
                "settings": {"features": options},
                "training": {"sha256": ""},
            }
        )

    def probabilities(self, features: dict) -> dict[str, float]:
        row = self.learner.predict_proba(self.vectorizer.transform([features]))[0]
        found = dict(zip(self.learner.classes_, (float(p) for p in row), strict=True))
        return {cls: found.get(cls, 0.0) for cls in self.classes}


def train_hand(samples, labels, options):
    return rm.Model.from_weights(rm.train(samples, labels), options)


def cross_validate_learners(texts, labels, groups, learners, options=None):
    """{learner: predicted labels} with every file (group) judged by a model trained on the other files, exactly
    as training.cross_validate does for the own model; all learners get the same folds and the same features.
    Also {learner: training seconds} and the learners whose training did not converge on some fold."""
    options = options or DEFAULT_OPTIONS
    samples = [classify.passage_inputs([("", text)], options) for text in texts]
    predicted = {name: [None] * len(texts) for name in learners}
    seconds = dict.fromkeys(learners, 0.0)
    unconverged = set()
    for fold in sorted(set(groups)):
        train_idx = [i for i, group in enumerate(groups) if group != fold]
        test_idx = [i for i, group in enumerate(groups) if group == fold]
        for name, learn in learners.items():
            started = time.perf_counter()
            model = learn([samples[i] for i in train_idx], [labels[i] for i in train_idx], options)
            seconds[name] += time.perf_counter() - started
            if not getattr(model, "converged", True):
                unconverged.add(name)
            for i in test_idx:
                predicted[name][i] = classify.classify_sections([("", texts[i])], model).role
    return predicted, seconds, unconverged


def scores(labels, predicted, indices):
    """(macro-F1, accuracy) over the passages at indices, or None when there are none."""
    if not indices:
        return None
    report = evaluate([labels[i] for i in indices], [predicted[i] for i in indices], rm.CLASSES)
    return report.macro_f1, report.accuracy


def cells(pair) -> list[str]:
    return ["–", "–"] if pair is None else [f"{pair[0]:.3f}", f"{pair[1]:.3f}"]


def run(args) -> int:
    try:
        import sklearn
    except ImportError:
        print(f"fout: {MISSING_SKLEARN}", file=sys.stderr)
        return 1
    n_files = len(rm.TRAINING_FILES)
    if args.files is not None:
        n_files = whole_number(args.files, "--files", 2, len(rm.TRAINING_FILES))
    training = read_training_or_explain()
    if training is None:
        return 1
    texts, labels, groups, paths = training
    paths = paths[:n_files]
    keep = [i for i, group in enumerate(groups) if group < n_files]
    texts, labels, groups = [texts[i] for i in keep], [labels[i] for i in keep], [groups[i] for i in keep]
    real = [i for i, group in enumerate(groups) if paths[group].name.startswith(REAL_PREFIX)]
    real_files = sum(1 for p in paths if p.name.startswith(REAL_PREFIX))

    learners = {HAND: train_hand, SKLEARN: SklearnRoleModel}
    predicted, seconds, unconverged = cross_validate_learners(texts, labels, groups, learners)

    print(
        f"bench-learners: kruisvalidatie per bestand, {len(paths)} bestanden, {len(texts)} gelabelde teksten "
        f"(waarvan {len(real)} in {real_files} bestanden met echte documenten, {REAL_PREFIX}*); "
        f"scikit-learn {sklearn.__version__}\n"
    )
    print(
        "| leerder | macro-F1 | nauwkeurigheid | macro-F1 echte documenten | nauwkeurigheid echte documenten | trainen (s) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    everything = list(range(len(texts)))
    for name in learners:
        row = [name, *cells(scores(labels, predicted[name], everything))]
        row += [*cells(scores(labels, predicted[name], real)), f"{seconds[name]:.1f}"]
        print("| " + " | ".join(row) + " |")
    print("\nmacro-F1 per bestand (elk beoordeeld door modellen die het niet kenden):")
    print(f"  {'bestand':<32} {'n':>5} {'eigen':>7} {'sklearn':>8}")
    for number, path in enumerate(paths):
        mine = [i for i, group in enumerate(groups) if group == number]
        own, other = (scores(labels, predicted[name], mine)[0] for name in learners)
        print(f"  {path.name:<32} {len(mine):>5} {own:>7.3f} {other:>8.3f}")
    agree = sum(1 for a, b in zip(predicted[HAND], predicted[SKLEARN], strict=True) if a == b)
    print(f"\nzelfde uitkomst bij beide leerders: {agree} van {len(texts)} teksten")
    print("trainen = opgetelde tijd van het trainen over alle delen (wandklok; beoordelen niet meegeteld).")
    for name in sorted(unconverged):
        print(f"let op: {name} was bij minstens één deel niet geconvergeerd (max_iter = {SKLEARN_MAX_ITER}).")
    return 0
