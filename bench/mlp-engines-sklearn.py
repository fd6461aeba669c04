"""scikit-learn's side of bench/mlp-engines.js: fits MLPClassifier on the data that bench wrote.

Usage: python3 mlp-engines-sklearn.py X_FILE Y_FILE ROWS FEATURES EPOCHS RUNS
X_FILE holds ROWS x FEATURES float32 values (row-major, native byte order), Y_FILE ROWS float32 0/1
labels. Prints one JSON object: the fit seconds of each run (every run is the same seeded fit), the
same with BLAS limited to one thread, the final losses, and the versions and BLAS thread pools used.
If scikit-learn cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import json
import sys
import time
import warnings


def main():
    x_file, y_file, rows, features, epochs, runs = sys.argv[1:7]
    rows, features, epochs, runs = int(rows), int(features), int(epochs), int(runs)
    try:
        import numpy as np
        import sklearn
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.neural_network import MLPClassifier
    except Exception as error:  # noqa: BLE001 - any import failure is reported, not raised
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "python": sys.executable}))
        return
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except Exception:  # noqa: BLE001
        threadpool_info = threadpool_limits = None

    x = np.fromfile(x_file, dtype=np.float32).reshape(rows, features)
    y = np.fromfile(y_file, dtype=np.float32).astype(np.int64)
    warnings.simplefilter("ignore", ConvergenceWarning)

    def fit():
        model = MLPClassifier(
            hidden_layer_sizes=(64, 32),
            solver="adam",
            batch_size=256,
            max_iter=epochs,
            learning_rate_init=1e-3,
            alpha=1e-4,
            shuffle=True,
            random_state=1,
            tol=0,
            n_iter_no_change=1000,
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

    p = np.clip(model.predict_proba(x)[:, 1].astype(np.float64), 1e-7, 1 - 1e-7)
    final_loss = float(-np.mean(np.where(y == 1, np.log(p), np.log(1 - p))))
    accuracy = float(np.mean((p > 0.5) == (y == 1)))
    print(
        json.dumps(
            {
                "seconds": seconds,
                "secondsOneThread": one_thread,
                "epochs": int(model.n_iter_),
                # Mean of the batch losses during the last epoch, plus sklearn's L2 term.
                "lastEpochLoss": float(model.loss_curve_[-1]),
                "finalLoss": final_loss,
                "trainAccuracy": accuracy,
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
                "python": sys.version.split()[0],
                "threadpools": [
                    {k: pool.get(k) for k in ("internal_api", "num_threads", "version")}
                    for pool in (threadpool_info() if threadpool_info else [])
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
