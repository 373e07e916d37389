"""What each part of the answer path is worth, on the gold splits:

    python -m evals.ablation [--reader DIR] [--only seeds/004_....txt]

variants: cosine only (the sentence closest to the question, refusing below a
cosine threshold chosen on dev), the reader without the previous sentence,
the reader without the checks of bot.answer.choose, the reader + checks on
every candidate (accurate, BOT_READER_CANDIDATES=0), and the same on the 16
sentences closest by cosine (fast, the default). All but `fast` read every
candidate.
--reader scores another trained reader (e.g. one trained with an article left
out) and --only keeps the questions whose sources are that one article."""

import argparse
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bot.answer import choose as choose_module
from bot.answer.reader import Reader
from bot.config import Settings
from evals.metrics import SPLITS, summarize_splits
from evals.run import build, evaluate, load_gold

COLUMNS = ("correct answers", "refusal accuracy", "false-refusal rate", "latency p50 ms", "latency p95 ms")


class Cosine:
    """Scores = the cosine itself; `threshold` set on dev by `calibrate`."""

    threshold = 0.0
    also = 1.0  # the one closest sentence

    def probabilities(self, question, cands):
        return np.array([c.cos for c in cands], dtype=np.float32)


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
    saved = choose_module.possible
    choose_module.possible = lambda question, c: True
    try:
        yield
    finally:
        choose_module.possible = saved


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reader", type=Path, help="folder with reader.int8.onnx and reader.json")
    ap.add_argument("--only", help="keep the questions about this one source")
    ap.add_argument("--variants", default="cosine,no-neighbour,no-checks,accurate,fast")
    args = ap.parse_args()
    settings = Settings()
    bot, _, judge = build(settings, baseline=False)
    kwargs = {"model": args.reader / "reader.int8.onnx", "card": args.reader / "reader.json"} if args.reader else {}
    rows = [r for r in load_gold() if not args.only or r["sources"] in ([args.only], [])]
    table = {}
    for variant in args.variants.split(","):
        bot.settings = settings.model_copy(update={"reader_candidates": 16 if variant == "fast" else 0})
        if variant == "cosine":
            bot.reader = Cosine()
            bot.reader.threshold = calibrate(bot, [r for r in rows if r["split"] == "dev"], judge)
        else:
            bot.reader = Reader(settings.embed_threads, context=variant != "no-neighbour", **kwargs)
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
