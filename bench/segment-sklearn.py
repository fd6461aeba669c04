"""scikit-learn's side of bench/segment.js. Run with /usr/bin/python3 (it has scikit-learn).

Usage:
  segment-sklearn.py fit X_FILE ROWS DIMS K N_INIT SEEDS
    X_FILE: ROWS x DIMS float64 (row-major, native byte order), the very matrix Nudge clusters. For each
    seed of SEEDS (comma-separated), times KMeans(n_clusters=K, n_init=N_INIT, random_state=seed).fit(X)
    with the default algorithm (lloyd) and the default OpenMP threads. Prints
    {"runs": [{seed, seconds, iterations, inertia}], "threadpools": [...], versions}.
If scikit-learn cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import json
import sys
import time
import warnings


def versions():
    import numpy as np
    import sklearn

    return {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}


def threadpools():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    return [{k: pool.get(k) for k in ("user_api", "internal_api", "num_threads")} for pool in threadpool_info()]


def fit(x_file, rows, dims, k, n_init, seeds):
    import numpy as np
    from sklearn.cluster import KMeans

    warnings.simplefilter("ignore")
    x = np.fromfile(x_file, dtype=np.float64).reshape(rows, dims)
    runs = []
    for seed in seeds:
        start = time.perf_counter()
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
        seconds = time.perf_counter() - start
        runs.append(
            {
                "seed": seed,
                "seconds": seconds,
                "iterations": int(model.n_iter_),
                "inertia": float(model.inertia_),
            }
        )
    print(json.dumps({"runs": runs, "threadpools": threadpools(), **versions()}))


def main():
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except Exception as error:  # noqa: BLE001 - any import failure is reported, not raised
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "python": sys.executable}))
        return
    mode = sys.argv[1]
    if mode == "fit":
        x_file, rows, dims, k, n_init, seeds = sys.argv[2:8]
        fit(x_file, int(rows), int(dims), int(k), int(n_init), [int(s) for s in seeds.split(",")])
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
