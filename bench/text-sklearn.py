"""scikit-learn's side of the classification section of bench/text.js. Run with /usr/bin/python3
(it has scikit-learn 1.2.1 and jieba 0.42.1).

Usage:
  text-sklearn.py SPLITS_JSON
    SPLITS_JSON holds {"seed", "folds", "corpora": [{"name", "tokenizer": "jieba" | "regex", "texts": [...],
    "labels": [...], "train": [...], "test": [...]}]}: the very texts, labels and 0-based train/test row
    positions Nudge used. For each corpus, a Pipeline of TfidfVectorizer (defaults: lowercase, unigrams,
    smooth idf, no sublinear tf, L2 norm, no min_df; with tokenizer=jieba.lcut in the default mode
    (accurate, HMM on) for "jieba", sklearn's default token_pattern for "regex") and MultinomialNB is
    tuned by GridSearchCV over alpha in {0.01, 0.1, 1}, 5-fold StratifiedKFold (shuffled, random_state =
    seed) on the train rows only, scored by macro-F1 (the vectorizer is refitted inside every fold), refit
    on all train rows and scored on the test rows.
    Prints {"corpora": {name: {accuracy, macroF1, alpha, cv, fitSeconds, predictSeconds, ...}}, versions}.
If scikit-learn or jieba cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import json
import logging
import sys
import time

ALPHAS = [0.01, 0.1, 1.0]
JIEBA = None


def jieba_tokens(text):
    """jieba.lcut in the default mode; a module function, since GridSearchCV clones (deep-copies) the
    vectorizer and jieba's bound method drags along a lock that cannot be copied."""
    return JIEBA.lcut(text)


def run_corpus(corpus, seed, folds):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GridSearchCV, StratifiedKFold
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import Pipeline

    texts, labels = corpus["texts"], corpus["labels"]
    train, test = corpus["train"], corpus["test"]
    x_train = [texts[i] for i in train]
    y_train = [labels[i] for i in train]
    x_test = [texts[i] for i in test]
    y_test = [labels[i] for i in test]
    if corpus["tokenizer"] == "jieba":
        vectorizer = TfidfVectorizer(tokenizer=jieba_tokens, token_pattern=None)
        tokenizer = "jieba.lcut (default mode: accurate, HMM on), after lowercasing"
    else:
        vectorizer = TfidfVectorizer()
        tokenizer = "sklearn default token_pattern (?u)\\b\\w\\w+\\b, lowercase"
    pipeline = Pipeline([("tfidf", vectorizer), ("nb", MultinomialNB())])
    search = GridSearchCV(
        pipeline,
        {"nb__alpha": ALPHAS},
        cv=StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed),
        scoring="f1_macro",
        n_jobs=1,
        refit=True,
    )
    start = time.perf_counter()
    search.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    predicted = search.predict(x_test)
    predict_seconds = time.perf_counter() - start
    cv = [
        {"alpha": float(params["nb__alpha"]), "cvMacroF1": round(float(score), 4)}
        for params, score in zip(search.cv_results_["params"], search.cv_results_["mean_test_score"])
    ]
    return {
        "model": "TfidfVectorizer + MultinomialNB",
        "tokenizer": tokenizer,
        "rows": {"train": len(train), "test": len(test)},
        "alpha": float(search.best_params_["nb__alpha"]),
        "cv": cv,
        "vocabulary": len(search.best_estimator_.named_steps["tfidf"].vocabulary_),
        "accuracy": round(float(accuracy_score(y_test, predicted)), 4),
        "macroF1": round(float(f1_score(y_test, predicted, average="macro")), 4),
        "fitSeconds": round(fit_seconds, 2),
        "predictSeconds": round(predict_seconds, 3),
    }


def main(splits_file):
    try:
        import jieba
        import sklearn
    except Exception as error:  # noqa: BLE001 - any import failure is reported, not raised
        print(json.dumps({"error": f"{type(error).__name__}: {error}", "python": sys.executable}))
        return
    global JIEBA
    JIEBA = jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # dictionary load, not timed
    with open(splits_file, encoding="utf-8") as f:
        splits = json.load(f)
    seed, folds = int(splits["seed"]), int(splits["folds"])
    result = {c["name"]: run_corpus(c, seed, folds) for c in splits["corpora"]}
    search = {
        "grid": {"alpha": ALPHAS},
        "cv": f"GridSearchCV, StratifiedKFold({folds}, shuffle=True, random_state={seed}) on the train rows",
        "scoring": "f1_macro",
        "vectorizer": "TfidfVectorizer defaults (smooth idf, sublinear_tf=False, norm l2, min_df=1), "
        "refitted inside each fold",
    }
    print(
        json.dumps(
            {
                "corpora": result,
                "search": search,
                "sklearn": sklearn.__version__,
                "jieba": jieba.__version__,
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
