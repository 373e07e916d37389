"""Train the answer scorer on the training questions and write bot/data/scorer.json.

    .venv/bin/python scripts/train_scorer.py PAIRS.jsonl [OUT.json] [--no-qa] [--read-logits LOGITS.jsonl]
        [--also MORE.jsonl ...] [--embedder=PREFIX=MODEL.onnx ...]

--no-qa: without the question-answering model's cosines (bot/qa.py), the card for
BOT_QA_VECTORS=false (bot/data/scorer-fast.json).
--read-logits: the word-by-word stage also reads the cross-encoder's logit
(bot.answer.scorer.READ_NAMES, and REFUSAL_READ in the refusal model); LOGITS.jsonl (evals/reader-logits.jsonl, written
by scripts/calibrate_reader.py) holds each training question's logits from a
cross-encoder trained without its document, so the ranker learns how far to
trust them on documents it has never seen. Without it the card reads none
(bot/data/scorer-probe.json, the scorer the probe's card was fit over).

PAIRS.jsonl comes from scripts/reader_pairs.py: every training question
(evals/train/, never an eval split) with the candidates the real pipeline
retrieved for it, labelled; --also adds another folder's (reader_pairs.py
--train DIR, e.g. evals/train-kinds/: measured, not shipped, README Results).
The models are small and numpy-only, fit by Newton's method in seconds
(bot.answer.scorer says what they are):

- a ranker: a linear score whose softmax over a question's candidates puts its
  mass on the evidence sentences;
- a refusal model: a logistic regression that reads the best candidate and gives
  P(the documents answer this question);
once over the general features (mode `features`), once more over that ranker's
shortlist with word-by-word matching added (mode `matching`, the default).

Everything is measured leaving one document out: the models that score a
document's questions never saw that document, which is what a user's own
documents will be; a question whose evidence retrieval missed counts as not
answered. The refusal threshold and the `also` margin (how close to the best
score a second sentence must be to join the answer) are chosen on those
out-of-document scores: the threshold refuses as many near misses as it can while
refusing at most 8 % of answerable questions. The card records the per-document
figures and curves."""

import json
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.choose import possible
from bot.answer.features import MATCH_NAMES, content_pieces, features, matching, names, prev_cosines
from bot.answer.scorer import (
    READ_NAMES,
    REFUSAL_MATCH,
    REFUSAL_READ,
    logistic,
    ranker_scores,
    read_columns,
    refusal_names,
    refusal_row,
    shortlist,
)
from bot.minilm import MiniLM
from bot.types import Sentence

L2_RANK = 0.1  # chosen leaving one document out (0.001-1.0 tried: 0.1 best on the mean first pick)
L2_REFUSE = 1.0
SHORTLIST = 6  # the fast ranker's best 6 are read word by word: as good as 16 or 24 out of document (4: the same)
MOST = 3
MAX_FALSE_REFUSALS = 0.08  # the operating point: refuse as many near misses as this allows (issue 12's bound)
QA = True  # read the question-answering model's cosines (main's --no-qa sets it False)
READ: dict[str, dict[str, float]] = {}  # question id -> {text_key(candidate): out-of-fold logit}; empty: no reading
READ_FROM = ""  # where READ came from, for the card
GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
MARGINS = [0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0]


def load(pairs: Path, embedders: dict[str, Path] | None = None) -> list[dict]:
    """`embedders`: {document prefix: model}, to read each question with an embedding model trained
    without its documents (scripts/train_embedder.py --leave-out); the cosines are then that model's."""
    rows = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        r["model"] = next((m for p, m in (embedders or {}).items() if r["doc"].startswith(p)), None)
    vecs, pooled = {}, {}
    for path in dict.fromkeys(r["model"] for r in rows):
        some = [r for r in rows if r["model"] == path]
        texts = sorted(
            {r["question"] for r in some} | {c[k] for r in some for c in r["cands"] for k in ("text", "prev")} - {""}
        )
        model = MiniLM(path=path)
        vecs.update({(path, t): v for t, v in zip(texts, model.token_vectors(texts))})
        if path is not None:
            pooled.update({(path, t): v for t, v in zip(texts, model.embed(texts))})
    out = []
    for r in rows:
        c, m = r["cands"], r["model"]
        texts, prevs, cos = [x["text"] for x in c], [x["prev"] for x in c], [x["cos"] for x in c]
        if m is not None:
            cos = [float(pooled[(m, t)] @ pooled[(m, r["question"])]) for t in texts]
        qa = [x["qa"] for x in c] if QA else None
        r["X"] = features(r["question"], texts, prevs, cos, prev_cosines(prevs, texts, cos), qa)
        r["q_vecs"] = content_pieces(*vecs[(m, r["question"])])  # word-by-word inputs, matched per shortlist in view()
        r["s_vecs"] = [vecs[(m, t)][1] for t in texts]
        r["p_vecs"] = [vecs[(m, p)][1] if p else None for p in prevs]
        r["y"] = np.array([x["label"] for x in c], dtype=np.float64)
        if READ:
            r["read"] = read_logits(r, texts)
        r["ok"] = np.array([possible(r["question"], Candidate(Sentence(t, "", 0, 0, 0), "", 0.0)) for t in texts])
        if r["ok"].any():
            out.append(r)
    return out


def read_logits(r: dict, texts: list[str]) -> np.ndarray:
    from calibrate_reader import text_key

    try:
        return np.array([READ[r["id"]][text_key(t)] for t in texts])
    except KeyError:
        raise SystemExit(f"--read-logits has no logit for a candidate of {r['id']}; remake it (make reader)") from None


def fit_ranker(data: list[tuple[np.ndarray, np.ndarray]], l2: float = L2_RANK, steps: int = 25) -> dict:
    """data: per question (features of its possible candidates, labels). Softmax toward the evidence,
    by damped Newton steps; questions without evidence (near misses) teach the ranker nothing."""
    x = np.vstack([z for z, _ in data]).astype(np.float64)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    data = [((z - mu) / sd, y / y.sum()) for z, y in data if y.sum() > 0]

    def loss(w: np.ndarray) -> float:
        total = 0.0
        for z, t in data:
            s = z @ w
            total -= t @ (s - s.max() - np.log(np.exp(s - s.max()).sum()))
        return total / len(data) + l2 * w @ w / 2

    w = np.zeros(x.shape[1])
    for _ in range(steps):
        grad, hess = l2 * w, l2 * np.eye(len(w))
        for z, t in data:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad += z.T @ (p - t) / len(data)
            zp = z.T @ p
            hess += ((z * p[:, None]).T @ z - np.outer(zp, zp)) / len(data)
        step, before = np.linalg.solve(hess, grad), loss(w)
        while loss(w - step) > before and np.abs(step).max() > 1e-9:  # never uphill
            step /= 2
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {"mean": mu.tolist(), "scale": sd.tolist(), "weights": w.tolist()}


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2_REFUSE, steps: int = 30) -> dict:
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = l2 * np.r_[np.ones(len(w) - 1), 0.0]
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        step = np.linalg.solve((z * (p * (1 - p))[:, None]).T @ z + np.diag(reg) + 1e-9 * np.eye(len(w)),
                               z.T @ (p - y) + reg * w)  # fmt: skip
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"mean": mu.tolist(), "scale": sd.tolist(), "weights": w[:-1].tolist(), "bias": float(w[-1])}


def view(r: dict, mode: str, fast: dict) -> dict:
    """What a mode's models see of a question: its candidates' features `x` and labels `y` (the
    possible ones; for `matching` the `fast` ranker's shortlist `keep`, with the word-by-word matching `m`)."""
    s = np.where(r["ok"], ranker_scores(fast, r["X"]), -np.inf)
    if mode == "features":
        return {"x": r["X"][r["ok"]], "y": r["y"][r["ok"]], "m": None}
    keep = np.array(shortlist(s, r["ok"], SHORTLIST))
    m = matching(r["q_vecs"], [r["s_vecs"][i] for i in keep], [r["p_vecs"][i] for i in keep])  # as Scorer does
    if "read" in r:
        m = np.hstack([m, read_columns(r["read"][keep])])
    return {"x": np.hstack([r["X"][keep], m]), "y": r["y"][keep], "m": m, "keep": keep}


def score(r: dict, v: dict, ranker: dict) -> None:
    s = ranker_scores(ranker, v["x"])
    v["s"], v["best"] = s, int(np.argmax(s))
    v["R"] = refusal_row(r["question"], v["x"], s, v["best"], v["m"], QA)
    v["hit"] = bool(v["y"][v["best"]] > 0)


def train(rows: list[dict], mode: str, fast_all: dict | None = None) -> dict:
    """Out-of-document figures for `mode`, then the shipped models fit on every question."""
    docs = sorted({r["doc"] for r in rows})
    oof: dict[str, dict] = {}
    for d in docs:
        rest = [r for r in rows if r["doc"] != d]
        fast = fit_ranker([(r["X"][r["ok"]], r["y"][r["ok"]]) for r in rest])
        views = {id(r): view(r, mode, fast if r["doc"] == d else fast_all or fast) for r in rows}
        ranker = fit_ranker([(views[id(r)]["x"], views[id(r)]["y"]) for r in rest]) if mode != "features" else fast
        for r in rows:
            score(r, views[id(r)], ranker)
        refuse = fit_logistic(
            np.vstack([views[id(r)]["R"] for r in rest]), np.array([float(r["answerable"]) for r in rest])
        )
        for r in rows:
            if r["doc"] == d:
                v = views[id(r)]
                v["p"] = float(logistic(refuse, v["R"][None, :])[0])
                oof[r["id"]] = v
    per_doc = {}
    for d in docs:
        ans = [r for r in rows if r["doc"] == d and r["answerable"]]
        if not ans:
            continue
        cos_first = [
            r["y"][int(np.argmax(np.where(r["ok"], r["X"][:, 0], -9)))] > 0 and not r.get("missed") for r in ans
        ]
        per_doc[d] = {"questions": len(ans), "first pick": round(float(np.mean([found(r, oof) for r in ans])), 3),
                      "cosine first pick": round(float(np.mean(cos_first)), 3)}  # fmt: skip
        print(
            f"  {mode:9s} {d:40s} first pick {per_doc[d]['first pick']:.2f}  (cosine {per_doc[d]['cosine first pick']:.2f})"
        )
    curve = [decisions(rows, oof, t) for t in GRID]
    chosen = operating_point(curve)
    f1 = {m: round(picked_f1(rows, oof, m), 4) for m in MARGINS}
    margin = max(MARGINS, key=lambda m: (f1[m], -m))
    print(f"  {mode}: threshold {chosen['threshold']} ({chosen}), also-margin {margin}")
    fast = fast_all or fit_ranker([(r["X"][r["ok"]], r["y"][r["ok"]]) for r in rows])
    views = [view(r, mode, fast) for r in rows]
    ranker = fit_ranker([(v["x"], v["y"]) for v in views]) if mode != "features" else fast
    for r, v in zip(rows, views):
        score(r, v, ranker)
    refuse = fit_logistic(np.vstack([v["R"] for v in views]), np.array([float(r["answerable"]) for r in rows]))
    return {
        "ranker": ranker, "refusal": refuse, "threshold": chosen["threshold"], "also_margin": margin,
        "calibration": {"data": "every training question, scored by models trained without its document",
                        "rule": f"threshold: the most near misses refused with false refusals <= {MAX_FALSE_REFUSALS}; "
                                "also_margin: best F1 of the quoted sentences against the evidence",
                        "curve": curve, "also F1 by margin": f1, "per document": per_doc},
    }  # fmt: skip


def found(r: dict, oof: dict) -> bool:
    """The first pick is evidence that retrieval found (evidence it missed is only there to learn from)."""
    return oof[r["id"]]["hit"] and not r.get("missed")


def decisions(rows: list[dict], oof: dict, t: float) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    ans = [oof[r["id"]] for r in answerable]
    near = [oof[r["id"]] for r in rows if not r["answerable"] and r["kind"] != "elsewhere"]
    far = [oof[r["id"]] for r in rows if r["kind"] == "elsewhere"]
    right = sum(oof[r["id"]]["p"] >= t and found(r, oof) for r in answerable)
    return {"threshold": t, "right answers": round(right / len(ans), 3),
            "false refusals": round(sum(v["p"] < t for v in ans) / len(ans), 3),
            "refused near misses": round(sum(v["p"] < t for v in near) / len(near), 3),
            "refused off-topic": round(sum(v["p"] < t for v in far) / max(len(far), 1), 3),
            "right decisions": int(right + sum(v["p"] < t for v in near + far))}  # fmt: skip


def operating_point(curve: list[dict]) -> dict:
    """Of `decisions` at each threshold (in grid order), the first that refuses the most near misses with
    false refusals <= MAX_FALSE_REFUSALS."""
    return max((c for c in curve if c["false refusals"] <= MAX_FALSE_REFUSALS), key=lambda c: c["refused near misses"])


def picked_f1(rows: list[dict], oof: dict, margin: float) -> float:
    f1 = []
    for r in rows:
        if r["answerable"]:
            v = oof[r["id"]]
            picked = [i for i in np.argsort(-v["s"], kind="stable")[:MOST] if v["s"][i] >= v["s"][v["best"]] - margin]
            f1.append(2 * sum(v["y"][i] > 0 for i in picked) / (len(picked) + r["y"].sum()))
    return float(np.mean(f1))


def main(pairs: Path, out: Path, embedders: dict[str, Path] | None = None, also: list[Path] = ()) -> None:
    """`also`: more training pairs (another folder's, reader_pairs.py --train), trained on alike."""
    rows = [r for p in (pairs, *also) for r in load(p, embedders)]
    features_ = train(rows, "features")
    matching_ = train(rows, "matching", fast_all=features_["ranker"])
    card = {
        "what": "answer scorer (bot.answer.scorer), trained by scripts/train_scorer.py",
        "trained_on": {"questions": len(rows), "data": "evals/train/*.jsonl via scripts/reader_pairs.py"
                                                       + "".join(f", with {p.name}" for p in also),
                       "documents": sorted({r["doc"] for r in rows}), "l2": [L2_RANK, L2_REFUSE]},
        "feature_names": names(QA), "match_names": MATCH_NAMES, "qa": QA,
        "read_names": READ_NAMES if READ else [], **({"read_logits": READ_FROM} if READ else {}),
        "refusal_names": refusal_names(QA), "refusal_match_names": REFUSAL_MATCH + (REFUSAL_READ if READ else []),
        "shortlist": SHORTLIST, "most": MOST, "features": features_, "matching": matching_,
    }  # fmt: skip
    out.write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("pairs", type=Path)
    ap.add_argument("out", type=Path, nargs="?", default=Path("bot/data/scorer.json"))
    ap.add_argument("--no-qa", action="store_true", help="without the question-answering model (scorer-fast.json)")
    ap.add_argument("--also", type=Path, action="append", default=[], metavar="PAIRS",
                    help="more training pairs, e.g. evals/train-kinds/'s (reader_pairs.py --train evals/train-kinds)")  # fmt: skip
    ap.add_argument("--read-logits", type=Path, metavar="LOGITS",
                    help="the cross-encoder's out-of-fold logits (evals/reader-logits.jsonl): the card reads it too")  # fmt: skip
    ap.add_argument("--embedder", action="append", default=[], metavar="PREFIX=MODEL",
                    help="read the questions of documents under PREFIX with this export of the embedding model")  # fmt: skip
    a = ap.parse_args()
    QA = not a.no_qa
    if a.read_logits:
        READ.update((x["id"], x["logits"]) for x in map(json.loads, a.read_logits.read_text().splitlines()))
        READ_FROM = (
            f"{a.read_logits}: cross-encoders made as bot/data/reader.int8.onnx, without each question's document"
        )
    main(a.pairs, a.out, {p: Path(m) for p, m in (e.split("=", 1) for e in a.embedder)}, a.also)
