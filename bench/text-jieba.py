"""Python jieba's side of bench/text.js. Run with /usr/bin/python3 (it has jieba 0.42.1).

Usage:
  text-jieba.py TEXTS_FILE PASSES
    TEXTS_FILE: JSON {corpus name: [text, ...]}, the very texts Nudge segments. After jieba.initialize()
    (not timed), times PASSES passes of jieba.lcut over each corpus, in the default mode (accurate, HMM on)
    and with HMM off (Nudge's mode). Prints {"corpora": {name: {"default": {seconds, runs, tokens},
    "noHmm": {...}}}, versions}.
If jieba cannot be imported it prints {"error": ...} and exits 0, so the bench can report it.
"""

import json
import logging
import sys
import time


def timed(texts, passes, hmm, lcut):
    runs = []
    tokens = 0
    for _ in range(passes):
        start = time.perf_counter()
        tokens = sum(len(lcut(text, HMM=hmm)) for text in texts)
        runs.append(time.perf_counter() - start)
    return {"seconds": sorted(runs)[len(runs) // 2], "runs": runs, "tokens": tokens}


def main(texts_file, passes):
    try:
        import jieba
    except ImportError as error:
        print(json.dumps({"error": str(error)}))
        return
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    with open(texts_file, encoding="utf-8") as f:
        corpora = json.load(f)
    result = {
        name: {"default": timed(texts, passes, True, jieba.lcut), "noHmm": timed(texts, passes, False, jieba.lcut)}
        for name, texts in corpora.items()
    }
    print(json.dumps({"corpora": result, "jieba": jieba.__version__, "python": sys.version.split()[0]}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
