"""scikit-learn's side of the hillstrom section of bench/uplift.js. Run with /usr/bin/python3 (it has
scikit-learn 1.2.1 and numpy).

Usage:
  uplift-sklearn.py SPLITS_JSON
    SPLITS_JSON holds {"numeric": [...], "categorical": [...], "columns": {name: [values per row]} (the
    features, "treated" and "visit"), "splits": [{"seed", "learn": [...], "test": [...]}]}: the very rows
    and 0-based train + validation ("learn") and test positions Nudge's trainUplift used, per seed.
    For each seed, a T-learner: one HistGradientBoostingClassifier (defaults; random_state = seed, which
    seeds its automatic early-stopping holdout) per arm, on the learn rows of that arm; categorical columns
    ordinal-encoded (codes in sorted order of the values) and declared through categorical_features, so the
    trees split on them natively (no one-hot). Uplift = p_treated(x) − p_control(x) on the test rows, scored
    by the sklift 0.5 formulas ported in src/ml/fixtures/uplift-metrics.py (qini_auc_score with
    negative_effect=True, uplift_auc_score), the same Nudge's upliftReport follows.
    Prints {"seeds": [{seed, qini, auuc, fitSeconds, predictSeconds, ...}], model, versions}.
If scikit-learn or numpy cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import importlib.util
import json
import os
import sys
import time

METRICS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "ml", "fixtures", "uplift-metrics.py")


def load_metrics():
    """The sklift port of the fixture script (its file name has a hyphen, so it is loaded by path)."""
    spec = importlib.util.spec_from_file_location("uplift_metrics", METRICS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def design(data):
    """The feature matrix: numeric columns as floats, categorical ones as ordinal codes; and the mask."""
    import numpy as np

    columns = data["columns"]
    numeric, categorical = data["numeric"], data["categorical"]
    parts, mask = [], []
    for name in numeric:
        parts.append(np.asarray(columns[name], dtype=float))
        mask.append(False)
    for name in categorical:
        values = columns[name]
        codes = {v: i for i, v in enumerate(sorted(set(values)))}
        parts.append(np.asarray([codes[v] for v in values], dtype=float))
        mask.append(True)
    return np.column_stack(parts), np.asarray(mask), numeric + categorical


def run_seed(metrics, x, mask, treated, visit, split):
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    seed = int(split["seed"])
    learn = np.asarray(split["learn"], dtype=int)
    test = np.asarray(split["test"], dtype=int)
    start = time.perf_counter()
    arms = {}
    for arm in (1, 0):
        rows = learn[treated[learn] == arm]
        model = HistGradientBoostingClassifier(categorical_features=mask, random_state=seed)
        model.fit(x[rows], visit[rows])
        arms[arm] = model
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    uplift = arms[1].predict_proba(x[test])[:, 1] - arms[0].predict_proba(x[test])[:, 1]
    predict_seconds = time.perf_counter() - start
    y, t = visit[test], treated[test]
    return {
        "seed": seed,
        "rows": {"learn": int(len(learn)), "test": int(len(test))},
        "qini": round(float(metrics.qini_auc_score(y, uplift, t, True)), 4),
        "auuc": round(float(metrics.uplift_auc_score(y, uplift, t)), 4),
        "upliftAt": {
            str(int(k * 100)): round(float(metrics.uplift_at_k_overall(y, uplift, t, k)), 4) for k in (0.1, 0.2, 0.3)
        },
        "iterations": {"treated": int(arms[1].n_iter_), "control": int(arms[0].n_iter_)},
        "fitSeconds": round(fit_seconds, 2),
        "predictSeconds": round(predict_seconds, 3),
    }


def main(splits_file):
    try:
        import numpy as np
        import sklearn

        metrics = load_metrics()
    except Exception as error:  # noqa: BLE001 - any import failure is reported, not raised
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "python": sys.executable}))
        return
    with open(splits_file, encoding="utf-8") as f:
        data = json.load(f)
    x, mask, names = design(data)
    treated = np.asarray(data["columns"]["treated"], dtype=int)
    visit = np.asarray(data["columns"]["visit"], dtype=int)
    seeds = [run_seed(metrics, x, mask, treated, visit, split) for split in data["splits"]]
    model = {
        "learner": "T-learner: HistGradientBoostingClassifier per arm (defaults, random_state=seed), "
        "uplift = p_treated - p_control",
        "features": names,
        "categoricals": "ordinal codes (sorted values) with native categorical_features, no one-hot",
        "metrics": "sklift 0.5 qini_auc_score(negative_effect=True) and uplift_auc_score, "
        "port of src/ml/fixtures/uplift-metrics.py",
    }
    print(
        json.dumps(
            {
                "seeds": seeds,
                "model": model,
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
