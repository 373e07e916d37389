"""An experiment, not part of the bot: would gradient-boosted trees beat the shipped linear ranker
and logistic refusal model (scripts/train_scorer.py) on the same signals? Measured 2026-11-26: trees
alone no; linear + half the trees' log-odds by a few questions here, and about as much for the other
trees and weights of --grid; but a card retrained so did worse on the eval (README: "gradient-boosted
trees"), and it is not shipped.

    .venv/bin/pip install scikit-learn        # for this experiment only; not a dependency
    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pairs-pending.jsonl --train evals/train-pending
    .venv/bin/python scripts/try_trees.py .reader/pairs.jsonl .reader/pairs-pending.jsonl [--grid]

Every document left out in turn; the models are trained on the first file's questions only (never an
eval split) and score the left-out document's questions of both files, so the second file's are never
trained on. The threshold is set on the first file's at false refusals <= 0.08, as train_scorer.py does."""

import sys
from pathlib import Path

import numpy as np
import train_scorer as T

from bot.answer.scorer import logistic, ranker_scores, refusal_row

GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]


TREES = {"max_depth": 3, "learning_rate": 0.05, "max_iter": 150, "l2_regularization": 1.0, "min_samples_leaf": 40}
# --grid: other trees (depth, rounds, learning rate, smallest leaf) and weights of their log-odds in the sum
SETTINGS = [(3, 150, 0.05, 40), (2, 200, 0.05, 40), (4, 100, 0.05, 40), (3, 300, 0.03, 80), (3, 150, 0.1, 20)]
WEIGHTS = [0.25, 0.5, 1.0]


def trees(params: dict = TREES):
    from sklearn.ensemble import HistGradientBoostingClassifier  # for this experiment only

    return HistGradientBoostingClassifier(**params)


def ranker(kind: str, data: list[tuple[np.ndarray, np.ndarray]], params: dict = TREES, weight: float = 0.5):
    """A scoring function over a question's candidates: linear (as shipped), trees (pointwise), or the
    linear score plus `weight` times the trees' log-odds (sum)."""
    lin = T.fit_ranker(data)
    if kind == "linear":
        return lambda x: ranker_scores(lin, x)
    x = np.vstack([z for z, _ in data])
    y = np.concatenate([(t > 0).astype(int) for _, t in data])
    model = trees(params).fit(x, y)
    if kind == "trees":
        return model.decision_function
    return lambda x: ranker_scores(lin, x) + weight * model.decision_function(x)


def out_of_document(rows: list[dict], rank_kind: str, refuse_kind: str, group=None, **sum_: object) -> dict[str, dict]:
    """`sum_`: params and weight for ranker(); the refusal trees are always TREES. `group`: what is left
    out in turn (default: the question's document)."""
    group = group or (lambda r: r["doc"])
    oof = {}
    for d in sorted({group(r) for r in rows}):
        rest = [r for r in rows if group(r) != d and r["origin"] == "train"]
        test = [r for r in rows if group(r) == d]
        fast = T.fit_ranker([(r["X"][r["ok"]], r["y"][r["ok"]]) for r in rest])
        views = {id(r): T.view(r, "matching", fast) for r in rest + test}
        score = ranker(rank_kind, [(views[id(r)]["x"], views[id(r)]["y"]) for r in rest], **sum_)
        for r in rest + test:
            v = views[id(r)]
            v["s"] = score(v["x"])
            v["best"] = int(np.argmax(v["s"]))
            v["R"] = refusal_row(r["question"], v["x"], v["s"], v["best"], v["m"], T.QA)
            v["hit"] = bool(v["y"][v["best"]] > 0) and not r.get("missed")  # as T.found
        x = np.vstack([views[id(r)]["R"] for r in rest])
        y = np.array([float(r["answerable"]) for r in rest])
        if refuse_kind == "logistic":
            model = T.fit_logistic(x, y)
            p = logistic(model, np.vstack([views[id(r)]["R"] for r in test]))
        else:
            p = trees().fit(x, y.astype(int)).predict_proba(np.vstack([views[id(r)]["R"] for r in test]))[:, 1]
        for r, pr in zip(test, p):
            views[id(r)]["p"] = float(pr)
            oof[r["id"]] = views[id(r)]
    return oof


def figures(rows: list[dict], oof: dict, t: float) -> dict:
    """train_scorer's figures at threshold t, with the share of answerable questions whose first pick is evidence."""
    first = np.mean([oof[r["id"]]["hit"] for r in rows if r["answerable"]])
    return {"first pick": round(float(first), 3), **T.decisions(rows, oof, t)}


def both(train: Path, held_back: Path, also: tuple[Path, ...] = ()) -> list[dict]:
    """The questions of both pair files, each marked with its origin: "train" or "held back"; those of
    `also` (more training folders' pairs) count as "train"."""
    rows = []
    for path, origin in ((train, "train"), *((p, "train") for p in also), (held_back, "held back")):
        for r in T.load(path):
            r["origin"] = origin
            rows.append(r)
    return rows


def main(train: Path, held_back: Path, grid: bool = False) -> None:
    rows = both(train, held_back)
    print(
        f"{sum(r['origin'] == 'train' for r in rows)} training and {sum(r['origin'] != 'train' for r in rows)} held-back questions"
    )
    runs = [((k, "logistic"), {}) for k in ("linear", "trees", "sum")] + [
        (("linear", "trees"), {}),
        (("trees", "trees"), {}),
    ]
    if grid:
        runs = [(("linear", "logistic"), {})] + [
            (("sum", "logistic"), {"params": {**TREES, "max_depth": d, "max_iter": n, "learning_rate": lr,
                                              "min_samples_leaf": leaf}, "weight": w})
            for d, n, lr, leaf in SETTINGS for w in WEIGHTS
        ]  # fmt: skip
    for kinds, sum_ in runs:
        oof = out_of_document(rows, *kinds, **sum_)
        train_rows = [r for r in rows if r["origin"] == "train"]
        t = T.operating_point([T.decisions(train_rows, oof, t) for t in GRID])["threshold"]
        what = {k: v for k, v in sum_.get("params", {}).items() if TREES.get(k) != v or k == "max_depth"}
        print(f"== ranker {kinds[0]} {what or ''} {sum_.get('weight', '')}, refusal {kinds[1]}: threshold {t}")
        for origin in ("train", "held back"):
            f = figures([r for r in rows if r["origin"] == origin], oof, t)
            print(
                f"   {origin:9s} " + "  ".join(f"{k} {v}" for k, v in f.items() if k != "threshold"),
                flush=True,
            )


if __name__ == "__main__":  # run as a script, its folder is on the path: train_scorer imports
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--grid" in sys.argv[3:])
