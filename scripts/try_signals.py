"""An experiment, not part of the bot: two more signals for the answer scorer, measured 2026-11-27
(README: "two more signals"); neither is shipped.

- next: when the first pick is evidence, should the sentence after it join the answer ("The board gave
  two reasons." -> "First, ...")? A logistic model over general signals of the pair, and the rule
  "the pick announces a count and the next sentence points back", against the labels;
- type: does the refusal model gain from what the best sentence holds (a number, a time, a new name,
  a quote) under the question's type, as 1, 4 or 32 more inputs?
- folds: the refusal curve of the training questions when only the question is left out (five folds
  by question, every document seen), beside train_scorer.py's curve leaving its document out: is the
  threshold too strict for documents the scorer was trained on, as the seed articles are?

    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pairs-pending.jsonl --train evals/train-pending
    .venv/bin/python scripts/try_signals.py .reader/pairs.jsonl .reader/pairs-pending.jsonl

scripts/try_trees.py's protocol: every document left out in turn, the models trained on the first
file's questions only (never an eval split), figures for both files."""

import json
import re
import sys
import zlib
from pathlib import Path

import numpy as np
import train_scorer as T
import try_trees as TT

from bot.answer import scorer as S
from bot.answer.features import _WORD, NAMES, PRONOUN_OPEN, QTYPES, SPROPS, qtype

COL = {n: i for i, n in enumerate(NAMES)}
TYPE_COLS = [COL[f"{q}*{p}"] for q in QTYPES for p in SPROPS]
COUNT = re.compile(r"\b(two|three|four|five|six|several|both|following)\b", re.I)
ANNOUNCES = re.compile(
    r"\b(two|three|four|five|six|seven|several|a number of|a few|a couple of)\s+(?:[a-z-]+\s+){0,2}?[a-z]+s\b|:\s*$",
    re.I,
)
POINTS = PRONOUN_OPEN | {"first", "one", "both"}
WANTS = {"who": "new_name", "when": "time", "where": "new_name", "amount": "number"}
ALSO = json.loads(S.CARD.read_text(encoding="utf-8"))["matching"]["also_margin"]  # as shipped: 0.75


def pairs(rows: list[dict], oof: dict) -> list[dict]:
    """Each answerable question whose first pick is evidence followed by an adjacent candidate that the
    also-margin does not already quote: the pick j, the next k, and whether k is evidence too."""
    out = []
    for r in rows:
        v = oof[r["id"]]
        if not r["answerable"] or r.get("missed") or not v["hit"]:
            continue
        c, keep, s, b = r["cands"], v["keep"], v["s"], v["best"]
        j = int(keep[b])
        k = j + 1
        quoted = {int(keep[i]) for i in np.argsort(-s)[: T.MOST] if s[i] >= s[b] - ALSO}
        if k < len(c) and c[k]["prev"] == c[j]["text"] and k not in quoted:
            out.append({"r": r, "j": j, "k": k, "y": float(r["y"][k] > 0)})
    return out


def pair_features(p: dict) -> list[float]:
    x, c, j, k = p["r"]["X"], p["r"]["cands"], p["j"], p["k"]
    first, nxt = c[j]["text"], c[k]["text"]
    return [x[k, COL["pronoun_open"]], float(first.rstrip().endswith(":")), float(bool(COUNT.search(first))),
            x[k, COL["cos"]] - x[j, COL["cos"]], x[k, COL["qa"]] - x[j, COL["qa"]], x[k, COL["cover"]],
            x[j, COL["adds"]], x[k, COL["adds"]], x[k, TYPE_COLS].sum() - x[j, TYPE_COLS].sum(),
            np.log1p(len(_WORD.findall(first))), np.log1p(len(_WORD.findall(nxt)))]  # fmt: skip


def points_back(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)[:2]]
    return bool(words) and (words[0] in POINTS or words == ["the", "first"])


def next_sentence(rows: list[dict]) -> None:
    ex = pairs(rows, TT.out_of_document(rows, "linear", "logistic"))
    x, y = np.array([pair_features(p) for p in ex]), np.array([p["y"] for p in ex])
    p = np.zeros(len(ex))
    for d in sorted({e["r"]["doc"] for e in ex}):
        rest = [i for i, e in enumerate(ex) if e["r"]["doc"] != d and e["r"]["origin"] == "train"]
        test = [i for i, e in enumerate(ex) if e["r"]["doc"] == d]
        p[test] = S.logistic(T.fit_logistic(x[rest], y[rest]), x[test])
    rule = np.array([bool(ANNOUNCES.search(e["r"]["cands"][e["j"]]["text"]))
                     and points_back(e["r"]["cands"][e["k"]]["text"]) for e in ex])  # fmt: skip
    for origin in ("train", "held back"):
        mine = np.array([e["r"]["origin"] == origin for e in ex])
        line = [f"model >= {t}: {int(y[mine & (p >= t)].sum())} right of {int((mine & (p >= t)).sum())} added"
                for t in (0.2, 0.3, 0.5)]  # fmt: skip
        line.append(f"rule: {int(y[mine & rule].sum())} right of {int((mine & rule).sum())} added")
        print(f"next  {origin:9s} {int(mine.sum())} picks with a next sentence, {int(y[mine].sum())} of them evidence; "
              + "; ".join(line))  # fmt: skip


def refusal_with_type(inputs: str):
    """refusal_row with the best sentence's answer-type signals appended: `satisfied` (1), `props` (4), `crosses` (32)."""
    plain = S.refusal_row

    def row(question, x, s, best, m=None, qa=True):
        kind = qtype(question)
        props = [x[best, COL[f"{kind}*{p}"]] for p in SPROPS]
        extra = {"satisfied": [props[SPROPS.index(WANTS[kind])] if kind in WANTS else 1.0], "props": props,
                 "crosses": list(x[best, TYPE_COLS]), "none": []}[inputs]  # fmt: skip
        return np.concatenate([plain(question, x, s, best, m, qa), extra])

    return row


def answer_type(rows: list[dict]) -> None:
    train = [r for r in rows if r["origin"] == "train"]
    for inputs in ("none", "satisfied", "props", "crosses"):
        TT.refusal_row = refusal_with_type(inputs)
        oof = TT.out_of_document(rows, "linear", "logistic")
        t = T.operating_point([T.decisions(train, oof, t) for t in TT.GRID])["threshold"]
        for origin in ("train", "held back"):
            f = TT.figures([r for r in rows if r["origin"] == origin], oof, t)
            print(
                f"type  {inputs:9s} {origin:9s} threshold {t}  "
                + "  ".join(f"{k} {v}" for k, v in f.items() if k != "threshold")
            )
    TT.refusal_row = S.refusal_row


def folds(rows: list[dict], n: int = 5) -> None:
    train = [r for r in rows if r["origin"] == "train"]
    oof = TT.out_of_document(train, "linear", "logistic", group=lambda r: zlib.crc32(r["id"].encode()) % n)
    for t in (0.4, 0.5, 0.6, 0.65):
        f = T.decisions(train, oof, t)
        print(f"folds threshold {t}  " + "  ".join(f"{k} {v}" for k, v in f.items() if k != "threshold"))


if __name__ == "__main__":  # run as a script, its folder is on the path: train_scorer imports
    both = TT.both(Path(sys.argv[1]), Path(sys.argv[2]))
    next_sentence(both)
    answer_type(both)
    folds(both)
