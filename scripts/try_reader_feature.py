"""Experiment (README Results, "A cross-encoder that has read SQuAD"): the
cross-encoder's logit as two more columns of the scorer's word-by-word stage
(the logit and its gap to the shortlist's best), and optionally in the
refusal model (the first pick's logit and the best one), against the scorer
without it (what scorer-probe.json is; the default card now reads it in both, as
train_scorer.py --read-logits trains it). Training data only, train_scorer.py's protocol: every document
left out; then the models fit on all of PAIRS applied to HELD pairs files
whose documents they never saw.

    .venv/bin/python scripts/try_reader_feature.py PAIRS.jsonl [HELD.jsonl ...] \\
        --reader seeds/=A.int8.onnx --reader docs/=B.int8.onnx --held-reader C.int8.onnx

--reader: the cross-encoder that scores PAIRS' questions under a document prefix
(one trained without those documents: train_reader.py --leave-out; `*` for every
document, e.g. one trained on SQuAD alone); --held-reader: the one for HELD."""

import argparse
import contextlib
import io
import json
from pathlib import Path

import numpy as np
import train_scorer as T

from bot.answer.reader import CARD, Reader, second_segment
from bot.answer.scorer import read_columns

LOGITS: dict[str, np.ndarray] = {}
WITH = {"rank": False, "refuse": False}
_view, _row = T.view, T.refusal_row


def read(pairs: Path, models: dict[str, Path]) -> None:
    readers = {p: Reader(model=m, card=CARD) for p, m in models.items()}
    for line in pairs.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        reader = next(x for p, x in readers.items() if p == "*" or r["doc"].startswith(p))
        LOGITS[r["id"]] = reader.logits([(r["question"], second_segment(c["text"], c["prev"])) for c in r["cands"]])


def view(r: dict, mode: str, fast: dict) -> dict:
    v = _view(r, mode, fast)
    if WITH["rank"] and mode == "matching":
        cols = read_columns(LOGITS[r["id"]][v["keep"]])
        v["x"], v["m"] = np.hstack([v["x"], cols]), np.hstack([v["m"], cols])
    return v


def refusal_row(question, x, s, best, m=None, qa=True):
    """train_scorer's, given only the matching columns (so it adds no read inputs itself), then the two
    read inputs when WITH["refuse"]."""
    row = _row(question, x, s, best, None if m is None else m[:, : len(T.MATCH_NAMES)], qa)
    if WITH["refuse"] and m is not None:
        at = len(T.MATCH_NAMES)
        row = np.r_[row, m[best, at], m[:, at].max()]
    return row


T.view, T.refusal_row = view, refusal_row


def run(rows: list[dict], held: dict[str, list[dict]]) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        f = T.train(rows, "features")
        m = T.train(rows, "matching", fast_all=f["ranker"])
    cal = m["calibration"]
    first = np.mean([d["first pick"] for d in cal["per document"].values()])
    op = T.operating_point(cal["curve"])
    label = "+".join(k for k, v in WITH.items() if v) or "without"
    print(f"{label:12s} out of document: first pick {first:.3f}, threshold {op['threshold']}, right "
          f"{op['right answers']}, false refusals {op['false refusals']}, near misses refused "
          f"{op['refused near misses']}, right decisions {op['right decisions']}")  # fmt: skip
    for name, hrows in held.items():
        n = {"first": 0, "right": 0, "false refusals": 0, "near refused": 0, "answerable": 0, "near": 0}
        for r in hrows:
            v = view(r, "matching", f["ranker"])
            T.score(r, v, m["ranker"])
            p = float(T.logistic(m["refusal"], v["R"][None, :])[0])
            found = T.found(r, {r["id"]: v})
            if r["answerable"]:
                n["answerable"] += 1
                n["first"] += found
                n["right"] += p >= m["threshold"] and found
                n["false refusals"] += p < m["threshold"]
            elif r["kind"] != "elsewhere":
                n["near"] += 1
                n["near refused"] += p < m["threshold"]
        print(f"{'':12s} {name}: first pick {n['first']}/{n['answerable']}, right {n['right']}, false refusals "
              f"{n['false refusals']}, near misses refused {n['near refused']}/{n['near']}, right decisions "
              f"{n['right'] + n['near refused']}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs", type=Path)
    ap.add_argument("held", type=Path, nargs="*")
    ap.add_argument("--reader", action="append", required=True, metavar="PREFIX=MODEL")
    ap.add_argument("--held-reader", type=Path, required=True)
    a = ap.parse_args()
    read(a.pairs, {p: Path(m) for p, m in (x.split("=", 1) for x in a.reader)})
    for h in a.held:
        read(h, {"*": a.held_reader})
    rows = T.load(a.pairs)
    held = {h.name: T.load(h) for h in a.held}
    for rank, refuse in ((False, False), (True, False), (True, True)):
        WITH.update(rank=rank, refuse=refuse)
        run(rows, held)


if __name__ == "__main__":
    main()
