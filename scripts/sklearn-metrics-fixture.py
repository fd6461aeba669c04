#!/usr/bin/python3
"""Reference values for src/ml/metrics.ts, computed by scikit-learn.

Run once by hand, never by the product or CI (the committed JSON is what the tests read):

    python3 scripts/sklearn-metrics-fixture.py > src/ml/fixtures/sklearn-metrics.json

Needs Debian's python3-sklearn (apt-get install python3-sklearn), i.e. the system interpreter
/usr/bin/python3; a pyenv/venv python3 earlier on PATH usually lacks sklearn. The fixture in the
repository was produced with scikit-learn 1.2.1 and numpy 1.24.2 (both also recorded in the JSON).

Notes on matching definitions:
- log_loss is called with eps=1e-15, the clip metrics.ts uses; sklearn >= 1.2 defaults to
  eps="auto" (float64 machine epsilon, ~2.2e-16), which differs only when a score is exactly 0 or 1.
  That default value is recorded too, as log_loss_sklearn_default, for information.
- accuracy and macro F1 threshold the scores as metrics.ts does: predicted positive when score >= 0.5.
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    f1_score,
    log_loss,
    roc_auc_score,
)

SEED = 20260501
THRESHOLD = 0.5
CLIP = 1e-15

# name, rows, positive rate, signal strength, decimals to round scores to (None: keep all digits)
CASES = [
    ("tiny", 10, 0.5, 1.0, None),
    ("small-ties", 60, 0.4, 1.0, 1),
    ("imbalanced", 300, 0.05, 1.5, None),
    ("heavy-ties", 700, 0.5, 0.8, 1),
    ("balanced-large", 1200, 0.5, 1.2, None),
    ("imbalanced-ties", 2000, 0.03, 1.0, 1),
]


def make_case(rng, n, rate, signal, decimals):
    """Labels with the given positive rate (both classes present) and informative probabilities."""
    while True:
        labels = (rng.random(n) < rate).astype(np.int64)
        if 0 < labels.sum() < n:
            break
    logits = signal * (2 * labels - 1) + rng.normal(0.0, 1.5, n)
    scores = 1.0 / (1.0 + np.exp(-logits))
    if decimals is not None:
        scores = np.round(scores, decimals)
    return labels, scores


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for name, n, rate, signal, decimals in CASES:
        labels, scores = make_case(rng, n, rate, signal, decimals)
        predicted = (scores >= THRESHOLD).astype(np.int64)
        cases.append(
            {
                "name": name,
                "n": n,
                "labels": [int(v) for v in labels],
                "scores": [float(v) for v in scores],
                "roc_auc": float(roc_auc_score(labels, scores)),
                "average_precision": float(average_precision_score(labels, scores)),
                "log_loss": float(log_loss(labels, scores, eps=CLIP)),
                "log_loss_sklearn_default": float(log_loss(labels, scores)),
                "accuracy": float(accuracy_score(labels, predicted)),
                "macro_f1": float(f1_score(labels, predicted, average="macro")),
            }
        )
    header = {
        "generator": "scripts/sklearn-metrics-fixture.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "seed": SEED,
        "threshold": THRESHOLD,
        "log_loss_eps": CLIP,
    }
    # One case per line keeps the file diffable without a line per number.
    out = sys.stdout
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
    out.write('  "cases": [\n')
    out.write(",\n".join("    " + json.dumps(case) for case in cases))
    out.write("\n  ]\n}\n")


if __name__ == "__main__":
    main()
