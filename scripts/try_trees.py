"""An experiment, not part of the bot: would gradient-boosted trees beat the shipped linear ranker
and logistic refusal model (scripts/train_scorer.py) on the same signals? Measured 2026-11-26: trees
alone no; linear + half the trees' log-odds by a few questions (README: "gradient-boosted trees").

    .venv/bin/pip install scikit-learn        # for this experiment only; not a dependency
    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pairs-pending.jsonl --train evals/train-pending
    .venv/bin/python scripts/try_trees.py .reader/pairs.jsonl .reader/pairs-pending.jsonl

Every document left out in turn; the models are trained on the first file's questions only (never an
eval split) and score the left-out document's questions of both files, so the second file's are never
trained on. The threshold is set on the first file's at false refusals <= 0.08, as train_scorer.py does."""

import sys
from pathlib import Path

import numpy as np
import train_scorer as T

from bot.answer.scorer import logistic, ranker_scores, refusal_row

GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]


def trees():
    from sklearn.ensemble import HistGradientBoostingClassifier  # for this experiment only

    return HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=150, l2_regularization=1.0,
                                          min_samples_leaf=40)  # fmt: skip


def ranker(kind: str, data: list[tuple[np.ndarray, np.ndarray]]):
    """A scoring function over a question's candidates: linear (as shipped), trees (pointwise), or the
    linear score plus half the trees' log-odds."""
    lin = T.fit_ranker(data)
    if kind == "linear":
        return lambda x: ranker_scores(lin, x)
    x = np.vstack([z for z, _ in data])
    y = np.concatenate([(t > 0).astype(int) for _, t in data])
    model = trees().fit(x, y)
    if kind == "trees":
        return model.decision_function
    return lambda x: ranker_scores(lin, x) + 0.5 * model.decision_function(x)


def out_of_document(rows: list[dict], rank_kind: str, refuse_kind: str) -> dict[str, dict]:
    oof = {}
    for d in sorted({r["doc"] for r in rows}):
        rest = [r for r in rows if r["doc"] != d and r["origin"] == "train"]
        test = [r for r in rows if r["doc"] == d]
        fast = T.fit_ranker([(r["X"][r["ok"]], r["y"][r["ok"]]) for r in rest])
        views = {id(r): T.view(r, "matching", fast) for r in rest + test}
        score = ranker(rank_kind, [(views[id(r)]["x"], views[id(r)]["y"]) for r in rest])
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


def main(train: Path, held_back: Path) -> None:
    rows = []
    for path, origin in ((train, "train"), (held_back, "held back")):
        for r in T.load(path):
            r["origin"] = origin
            rows.append(r)
    print(
        f"{sum(r['origin'] == 'train' for r in rows)} training and {sum(r['origin'] != 'train' for r in rows)} held-back questions"
    )
    for kinds in (
        ("linear", "logistic"),
        ("linear", "trees"),
        ("trees", "logistic"),
        ("sum", "logistic"),
        ("trees", "trees"),
    ):
        oof = out_of_document(rows, *kinds)
        train_rows = [r for r in rows if r["origin"] == "train"]
        ok = [t for t in GRID if figures(train_rows, oof, t)["false refusals"] <= T.MAX_FALSE_REFUSALS]
        t = max(ok, key=lambda t: figures(train_rows, oof, t)["refused near misses"])
        print(f"== ranker {kinds[0]}, refusal {kinds[1]}: threshold {t}")
        for origin in ("train", "held back"):
            f = figures([r for r in rows if r["origin"] == origin], oof, t)
            print(
                f"   {origin:9s} " + "  ".join(f"{k} {v}" for k, v in f.items() if k != "threshold"),
                flush=True,
            )


if __name__ == "__main__":  # run as a script, its folder is on the path: train_scorer imports
    main(Path(sys.argv[1]), Path(sys.argv[2]))
