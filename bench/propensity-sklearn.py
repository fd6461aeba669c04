"""scikit-learn's side of bench/propensity.js. Run with /usr/bin/python3 (it has scikit-learn).

Usage:
  propensity-sklearn.py quality CSV SPLITS_JSON
    CSV is bank-full (";"-separated, header, target "y"). SPLITS_JSON holds
    {"runs": [{"variant", "exclude": [...], "seed", "train": [...], "validation": [...], "test": [...]}]}
    with 0-based data-row positions in file order, exactly the rows Nudge used. For each run,
    HistGradientBoostingClassifier (categoricals native, via OrdinalEncoder and a categorical mask)
    and MLPClassifier (one-hot + StandardScaler; (64, 32), adam, batch 256, early stopping on its own
    10% of the rows it is given) are fitted on train + validation rows and scored on the test rows.
    Prints {"runs": [{variant, seed, gbm: {rocAuc, seconds, iterations}, mlp: {...}}], versions}.
  propensity-sklearn.py timing X_FILE Y_FILE ROWS INPUTS RUNS
    X_FILE: ROWS x INPUTS float32 (row-major, native byte order), Y_FILE: ROWS float32 0/1 labels,
    Nudge's own encoded matrix. Times MLPClassifier (64, 32), batch 256, 10 epochs, no early stopping,
    RUNS times with the default BLAS threads and RUNS times with one thread. Prints the seconds.
If scikit-learn cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import csv
import json
import sys
import time
import warnings


def versions():
    import numpy as np
    import sklearn

    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        sample = f.readline()
        f.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = list(csv.reader(f, delimiter=delimiter))
    return rows[0], rows[1:]


def quality(csv_path, splits_path):
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import roc_auc_score
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    warnings.simplefilter("ignore", ConvergenceWarning)
    header, rows = read_csv(csv_path)
    target = header.index("y")
    labels = np.array([1 if r[target].strip().lower() == "yes" else 0 for r in rows], dtype=np.int64)
    with open(splits_path, encoding="utf-8") as f:
        splits = json.load(f)
    out = []
    for run in splits["runs"]:
        features = [c for c in header if c != "y" and c not in run["exclude"]]
        idx = [header.index(c) for c in features]
        # A column is numeric when every value parses as a number (bank-full has no gaps).
        numeric = [all(is_number(r[i]) for r in rows) for i in idx]
        num_cols = [j for j, n in enumerate(numeric) if n]
        cat_cols = [j for j, n in enumerate(numeric) if not n]
        raw = np.array([[r[i] for i in idx] for r in rows], dtype=object)
        fit_rows = np.array(sorted(run["train"] + run["validation"]), dtype=np.int64)
        test_rows = np.array(run["test"], dtype=np.int64)
        seed = int(run["seed"])
        y_fit, y_test = labels[fit_rows], labels[test_rows]

        # Gradient boosting: numbers as they are, categories as ordinal codes marked categorical.
        ordinal = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
        ordinal.fit(raw[fit_rows][:, cat_cols])

        def gbm_matrix(part):
            x = np.empty((len(part), len(features)), dtype=np.float64)
            x[:, : len(num_cols)] = raw[part][:, num_cols].astype(np.float64)
            x[:, len(num_cols) :] = ordinal.transform(raw[part][:, cat_cols])
            return x

        mask = np.array([False] * len(num_cols) + [True] * len(cat_cols))
        start = time.perf_counter()
        gbm = HistGradientBoostingClassifier(categorical_features=mask, random_state=seed)
        gbm.fit(gbm_matrix(fit_rows), y_fit)
        gbm_seconds = time.perf_counter() - start
        gbm_auc = roc_auc_score(y_test, gbm.predict_proba(gbm_matrix(test_rows))[:, 1])

        # MLP: one-hot categories, standardized numbers.
        transform = ColumnTransformer(
            [
                ("num", StandardScaler(), num_cols),
                ("cat", OneHotEncoder(handle_unknown="ignore"), cat_cols),
            ],
            sparse_threshold=0,
        )
        numeric_raw = raw.copy()
        for j in num_cols:
            numeric_raw[:, j] = numeric_raw[:, j].astype(np.float64)
        x_fit = transform.fit_transform(numeric_raw[fit_rows]).astype(np.float64)
        x_test = transform.transform(numeric_raw[test_rows]).astype(np.float64)
        start = time.perf_counter()
        mlp = MLPClassifier(
            hidden_layer_sizes=(64, 32),
            solver="adam",
            batch_size=256,
            early_stopping=True,
            random_state=seed,
            max_iter=200,
        )
        mlp.fit(x_fit, y_fit)
        mlp_seconds = time.perf_counter() - start
        mlp_auc = roc_auc_score(y_test, mlp.predict_proba(x_test)[:, 1])
        out.append(
            {
                "variant": run["variant"],
                "seed": seed,
                "rows": {"fit": int(len(fit_rows)), "test": int(len(test_rows))},
                "gbm": {
                    "rocAuc": float(gbm_auc),
                    "seconds": round(gbm_seconds, 2),
                    "iterations": int(gbm.n_iter_),
                },
                "mlp": {
                    "rocAuc": float(mlp_auc),
                    "seconds": round(mlp_seconds, 2),
                    "epochs": int(mlp.n_iter_),
                    "inputs": int(x_fit.shape[1]),
                },
            }
        )
    print(json.dumps({"runs": out, **versions()}))


def timing(x_file, y_file, rows, inputs, runs):
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except Exception:  # noqa: BLE001
        threadpool_info = threadpool_limits = None
    warnings.simplefilter("ignore", ConvergenceWarning)
    x = np.fromfile(x_file, dtype=np.float32).reshape(rows, inputs)
    y = np.fromfile(y_file, dtype=np.float32).astype(np.int64)

    def fit():
        model = MLPClassifier(
            hidden_layer_sizes=(64, 32),
            solver="adam",
            batch_size=256,
            max_iter=10,
            learning_rate_init=1e-3,
            alpha=1e-4,
            shuffle=True,
            random_state=1,
            tol=0,
            n_iter_no_change=1000,
            early_stopping=False,
        )
        start = time.perf_counter()
        model.fit(x, y)
        return time.perf_counter() - start, model

    seconds = []
    model = None
    for _ in range(runs):
        s, model = fit()
        seconds.append(s)
    one_thread = None
    if threadpool_limits is not None:
        one_thread = []
        with threadpool_limits(limits=1):
            for _ in range(runs):
                one_thread.append(fit()[0])
    print(
        json.dumps(
            {
                "seconds": seconds,
                "secondsOneThread": one_thread,
                "epochs": int(model.n_iter_),
                "lastEpochLoss": float(model.loss_curve_[-1]),
                "dtype": str(model.coefs_[0].dtype),
                "threadpools": [
                    {k: pool.get(k) for k in ("internal_api", "num_threads", "version")}
                    for pool in (threadpool_info() if threadpool_info else [])
                ],
                **versions(),
            }
        )
    )


def main():
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except Exception as error:  # noqa: BLE001 - any import failure is reported, not raised
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "python": sys.executable}))
        return
    mode = sys.argv[1]
    if mode == "quality":
        quality(sys.argv[2], sys.argv[3])
    elif mode == "timing":
        x_file, y_file, rows, inputs, runs = sys.argv[2:7]
        timing(x_file, y_file, int(rows), int(inputs), int(runs))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
