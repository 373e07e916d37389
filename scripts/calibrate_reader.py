"""Choose the reader's refusal threshold on data it was not trained on, and write it
into bot/data/reader.json with the curve it was read from.

    .venv/bin/python scripts/calibrate_reader.py PAIRS.jsonl FOLDS_DIR

- training questions, each scored by the fold model that was trained without its
  document (FOLDS_DIR/*/reader.json names the left-out doc): out-of-fold, so not
  flattered by having been trained on;
- the gold `dev` split, scored by the shipped model through the whole pipeline.
Never `test` or `fresh`. For each threshold: false refusals (answerable, best
candidate below it), wrong answers (unanswerable, best candidate above it) and
right answers (answerable, above it, and the best candidate is an evidence
sentence / has the key facts). The threshold with the most right decisions wins."""

import json
import sys
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.choose import possible
from bot.answer.reader import CARD, Reader
from bot.config import Settings
from bot.types import Sentence
from evals.metrics import facts_in
from evals.run import build, load_gold

GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]


def out_of_fold(pairs: Path, folds: Path) -> list[tuple[bool, float, bool]]:
    """(answerable, best probability, best is an evidence sentence) per training question."""
    records = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for fold in sorted(p for p in folds.iterdir() if (p / "reader.json").exists()):
        left_out = json.loads((fold / "reader.json").read_text())["trained_on"]["left_out"]
        reader = Reader(model=fold / "reader.int8.onnx", card=fold / "reader.json")
        for r in (
            r for r in records if r["doc"] == left_out or (left_out.endswith("/") and r["doc"].startswith(left_out))
        ):
            cands = [Candidate(Sentence(c["text"], r["doc"], 0, 0, 0), c["prev"], c["cos"]) for c in r["cands"]]
            probs = reader.probabilities(r["question"], cands)
            ok = [i for i, c in enumerate(cands) if possible(r["question"], c)]
            best = max(ok, key=lambda i: probs[i]) if ok else None
            out.append(
                (r["answerable"], float(probs[best]) if ok else 0.0, bool(ok) and r["cands"][best]["label"] == 1)
            )
        print(f"fold {fold.name}: {len(out)} questions so far", flush=True)
    return out


def on_dev() -> list[tuple[bool, float, bool]]:
    bot, _, _ = build(Settings(), baseline=False)
    bot.reader.threshold = 0.0  # answer everything: the curve decides
    out = []
    for row in load_gold("dev"):
        a = bot.ask(row["question"])
        out.append((row["answerable"], a.confidence or 0.0, row["answerable"] and all(facts_in(a.text, row["facts"]))))
    return out


def curve(scored: list[tuple[bool, float, bool]]) -> list[dict]:
    good = [s for s in scored if s[0]]
    bad = [s for s in scored if not s[0]]
    rows = []
    for t in GRID:
        right = sum(p >= t and ok for _, p, ok in good)
        refused_right = sum(p < t for _, p, _ in bad)
        rows.append({"threshold": t, "false refusals": round(sum(p < t for _, p, _ in good) / len(good), 3),
                     "wrong answers": round(1 - refused_right / len(bad), 3), "correct": round(right / len(good), 3),
                     "right decisions": right + refused_right})  # fmt: skip
    return rows


def main(pairs: Path, folds: Path) -> None:
    scored = {"training (out of fold)": out_of_fold(pairs, folds), "dev": on_dev()}
    both = curve(scored["training (out of fold)"] + scored["dev"])
    best = max(both, key=lambda r: (r["right decisions"], -abs(r["threshold"] - 0.5)))
    print("| threshold | " + " | ".join(f"{n}: false refusals / wrong answers / correct" for n in scored) + " |")
    per = {n: curve(s) for n, s in scored.items()}
    for i, t in enumerate(GRID):
        cells = [f"{per[n][i]['false refusals']} / {per[n][i]['wrong answers']} / {per[n][i]['correct']}" for n in per]
        print(f"| {t}{' ←' if t == best['threshold'] else ''} | " + " | ".join(cells) + " |")
    card = json.loads(CARD.read_text(encoding="utf-8"))
    card["threshold"] = best["threshold"]
    card["calibration"] = {"data": {n: len(s) for n, s in scored.items()}, "rule": "most right decisions",
                           "curve": {n: per[n] for n in per}}  # fmt: skip
    CARD.write_text(json.dumps(card, indent=1), encoding="utf-8")
    print(f"threshold {best['threshold']} -> {CARD}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
