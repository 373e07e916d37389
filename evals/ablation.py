"""What each part of the answer path is worth, on the gold splits of the seed articles:

    python -m evals.ablation [--variants cosine,features,no-neighbour,no-checks,matching,reader,fast,fast-features]

variants: cosine only (the sentence closest to the question, refusing below a
cosine threshold chosen on dev); the scorer on its general features alone
(BOT_ANSWER_MODEL=features); the default scorer with what it knows of the
sentence before each candidate neutralised (no-neighbour); the default without
the checks of bot.answer.choose (no-checks); the default (matching); the
cross-encoder (reader, its 16 closest by cosine); and both scorer modes
without the question-answering model (BOT_QA_VECTORS=false: fast,
fast-features)."""

import argparse
import importlib
import time
from contextlib import contextmanager

import numpy as np

from bot.answer.reader import Reader
from bot.answer.scorer import Scorer
from bot.config import Settings
from evals.metrics import SPLITS, summarize_splits
from evals.run import SEEDS, build, corpus_of, evaluate, load_gold

COLUMNS = ("correct answers", "refusal accuracy", "false-refusal rate", "latency p50 ms", "latency p95 ms")


class Cosine:
    """Scores = the cosine itself; `threshold` set on dev by `calibrate`."""

    threshold = 0.0
    also = 1.0  # the one closest sentence
    qa = False  # reads MiniLM's cosine only

    def probabilities(self, question, cands, ok):
        return np.where(ok, np.array([c.cos for c in cands], dtype=np.float32), 0.0)


def calibrate(bot, rows: list[dict], judge) -> float:
    """The cosine threshold with the most right decisions on dev (answered right, or refused rightly)."""
    bot.reader.threshold = 0.0
    res = evaluate(bot, rows, judge)
    best, hits = 0.0, -1
    for t in np.arange(0.2, 0.8, 0.01):
        n = sum((r["confidence"] >= t and r.get("correct", False)) if r["answerable"] else r["confidence"] < t
                for r in res)  # fmt: skip
        if n > hits:
            best, hits = float(t), n
    return best


@contextmanager
def no_checks():
    choose_module = importlib.import_module("bot.answer.choose")  # `bot.answer.choose` is also the function
    answer_module = importlib.import_module("bot.answer")
    saved = choose_module.possible
    choose_module.possible = answer_module.possible = lambda question, c: True
    try:
        yield
    finally:
        choose_module.possible = answer_module.possible = saved


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default="cosine,features,no-neighbour,no-checks,matching,reader,fast,fast-features")
    args = ap.parse_args()
    settings = Settings()
    bot, _, judge = build(settings, baseline=False)
    rows = [r for r in load_gold() if corpus_of(r) == SEEDS]  # the one bot below reads the seeds
    table = {}
    for variant in args.variants.split(","):
        if variant == "cosine":
            bot.reader = Cosine()
            bot.reader.threshold = calibrate(bot, [r for r in rows if r["split"] == "dev"], judge)
        elif variant == "reader":
            bot.reader = Reader(settings.embed_threads)
        else:
            mode = "features" if variant.endswith("features") else "matching"
            qa = not variant.startswith("fast")
            bot.index.settings = settings.model_copy(update={"qa_vectors": qa})
            bot.reader = Scorer(mode, bot.index.embeddings, neighbour=variant != "no-neighbour", qa=qa)
        t = time.perf_counter()
        if variant == "no-checks":
            with no_checks():
                res = evaluate(bot, rows, judge)
        else:
            res = evaluate(bot, rows, judge)
        table[variant] = summarize_splits(res)
        print(f"{variant}: {time.perf_counter() - t:.0f} s", flush=True)
    print("| variant | split | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for variant, summary in table.items():
        for split in SPLITS:
            if summary[split]["questions"]:
                cells = [summary[split][c] for c in COLUMNS]
                print(f"| {variant} | {split} ({summary[split]['questions']}) | " + " | ".join(map(str, cells)) + " |")


if __name__ == "__main__":
    main()
