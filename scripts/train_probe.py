"""Train the accurate setting's probe (bot/answer/probe.py): the packaged Qwen 1.5B (`make llm`), cut to
its first 20 layers (Settings().probe_model; layer 20 beat all 28, README, Results), reads prompts/probe.md
over a question and one of the scorer's best sentences; a linear probe on its last hidden state (1536
numbers, after the model's final norm) learns whether the sentence is evidence. Trained on the training
questions of evals/train/ and, with --fit=all (as the shipped card), evals/train-pending/ too (--also adds
more, e.g. evals/train-kinds/'s: measured, not shipped, README Results); never on an eval split. Every
figure and every weight below it comes from models trained without the question's document
(scripts/try_trees.py's protocol); without --fit=all the evals/train-pending/ figures are also of
questions never trained on.

    make llm
    .venv/bin/pip install scikit-learn        # for training only; not a dependency
    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pairs-pending.jsonl --train evals/train-pending
    .venv/bin/python scripts/train_probe.py read .reader/pairs.jsonl .reader/pairs-pending.jsonl [--read=N] [--also=PAIRS]
    .venv/bin/python scripts/train_probe.py card .reader/pairs.jsonl .reader/pairs-pending.jsonl [CARD] [--read=N] [--fit=all] [--also=PAIRS]

`read` has the LLM read the scorer's best READ (3) sentences of every question that is not an "elsewhere"
one (~1.1 s a sentence on 2 cores at 20 layers, ~60 minutes in all), first places first, and keeps each
state in .reader/probe-states/<model>/; `card` fits, prints the figures and writes the card."""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import try_trees as TT

from bot.answer.probe import layer_count, logits, refusal_inputs
from bot.config import PROJECT_ROOT, Settings

MODEL = Settings().probe_model  # where `make llm` puts it, unless BOT_PROBE_MODEL says otherwise
STATES = Path(".reader/probe-states") / MODEL.stem  # each model's states apart
READ = 3  # sentences read a question: out of document (--fit=all), 823 right decisions of 1,123 for 3, 822 for 4, 825 for 5 (README, Results)
C_GRID = [0.0003, 0.001, 0.003, 0.01]
WEIGHTS = [0.0, 0.5, 1.0, 2.0, 4.0, 8.0]
DATA = {"train": "evals/train/*.jsonl", "held back": "evals/train-pending/*.jsonl"}  # each origin's questions


def key(question: str, text: str) -> str:
    return hashlib.sha1(f"{question}\x00{text}".encode()).hexdigest()


def top(v: dict, n: int) -> np.ndarray:
    """Positions (in the scorer's kept candidates) of its best n."""
    return np.argsort(-np.asarray(v["s"], dtype=float), kind="stable")[:n]


def shortlist(r: dict, v: dict, n: int) -> list[str]:
    return [r["cands"][v["keep"][i]]["text"] for i in top(v, n)]


def read(rows: list[dict], oof: dict, n: int) -> None:
    from bot.answer.probe import state

    STATES.mkdir(parents=True, exist_ok=True)
    asked = [r for r in rows if r["kind"] != "elsewhere"]
    order = [asked[i] for i in np.random.default_rng(0).permutation(len(asked))]
    done = 0
    for place in range(n):
        for r in order:
            texts = shortlist(r, oof[r["id"]], n)
            path = STATES / f"{key(r['question'], texts[place])}.npy" if place < len(texts) else None
            if path is None or path.exists():
                continue
            np.save(path, state(MODEL, r["question"], texts[place]))
            done += 1
            if done % 100 == 0:
                print(f"  {done} read (place {place + 1})", flush=True)


def states(rows: list[dict], oof: dict, n: int) -> dict[str, np.ndarray]:
    """question id -> the states of its shortlist in the scorer's order, for the questions read in full."""
    out = {}
    for r in rows:
        if r["kind"] != "elsewhere":
            paths = [STATES / f"{key(r['question'], t)}.npy" for t in shortlist(r, oof[r["id"]], n)]
            if paths and all(p.exists() for p in paths):
                out[r["id"]] = np.vstack([np.load(p) for p in paths])
    return out


def labels(v: dict, n: int) -> np.ndarray:
    return (np.asarray(v["y"])[top(v, n)] > 0).astype(int)


def fit_probe(rows: list[dict], oof: dict, st: dict, n: int, c: float) -> dict:
    from sklearn.linear_model import LogisticRegression  # for training only

    x = np.vstack([st[r["id"]] for r in rows])
    y = np.concatenate([labels(oof[r["id"]], n) for r in rows])
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
    m = LogisticRegression(C=c, max_iter=3000).fit((x - mu) / sd, y)
    return {"coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]), "mean": mu.tolist(), "scale": sd.tolist()}


def fit_refusal(rows: list[dict], oof: dict, z: dict) -> dict:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1.0).fit(
        [refusal_inputs(oof[r["id"]]["p"], z[r["id"]]) for r in rows], [int(r["answerable"]) for r in rows]
    )
    return {"coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0])}


def probe_logits(rows: list[dict], oof: dict, st: dict, n: int, c: float, fit: set) -> dict[str, np.ndarray]:
    """Every document left out in turn: the probe's logits over each question's shortlist, from a probe
    trained on the questions of the other documents whose origin is in `fit`."""
    z = {}
    for d in sorted({r["doc"] for r in rows}):
        probe = fit_probe([r for r in rows if r["doc"] != d and r["origin"] in fit], oof, st, n, c)
        z.update({r["id"]: logits(probe, st[r["id"]]) for r in rows if r["doc"] == d})
    return z


def out_of_document(rows: list[dict], oof: dict, z: dict, n: int, w: float, fit: set) -> dict[str, dict]:
    """Every document left out: the refusal model on the probes' out-of-document logits `z`; each
    question's view gets the reranked pick's "hit" and the new P(answer) "p"."""
    view = {}
    for d in sorted({r["doc"] for r in rows}):
        refusal = fit_refusal([r for r in rows if r["doc"] != d and r["origin"] in fit], oof, z)
        for r in (r for r in rows if r["doc"] == d):
            v = oof[r["id"]]
            t = top(v, n)
            pick = t[int(np.argmax(np.asarray(v["s"])[t] + w * z[r["id"]]))]
            x = np.dot(refusal["coef"], refusal_inputs(v["p"], z[r["id"]])) + refusal["intercept"]
            view[r["id"]] = {
                **v,
                "p": float(1 / (1 + np.exp(-x))),
                "hit": bool(v["y"][pick] > 0) and not r.get("missed"),
            }
    return view


def threshold(rows: list[dict], view: dict, fit: set) -> float:
    """train_scorer.operating_point on the questions trained on."""
    tr = [r for r in rows if r["origin"] in fit]
    return TT.T.operating_point([TT.T.decisions(tr, view, t) for t in TT.GRID])["threshold"]


def figures(rows: list[dict], view: dict, t: float) -> dict:
    return {origin: {k: v for k, v in TT.figures([r for r in rows if r["origin"] == origin], view, t).items()
                     if k not in ("threshold", "refused off-topic")} for origin in ("train", "held back")}  # fmt: skip


def card(rows: list[dict], oof: dict, n: int, out: Path, fit: set, also: tuple[Path, ...] = ()) -> None:
    st = states(rows, oof, n)
    asked = [r for r in rows if r["id"] in st]
    print(f"{len(asked)} questions read in full ({sum(r['origin'] == 'train' for r in asked)} training), best {n} each")
    base = {i: oof[i] for i in st}
    t0 = threshold(asked, base, fit)
    print(f"  scorer alone (threshold {t0}): {figures(asked, base, t0)}")
    runs = {}
    for c in C_GRID:
        z = probe_logits(asked, oof, st, n, c, fit)
        for w in WEIGHTS:
            view = out_of_document(asked, oof, z, n, w, fit)
            t = threshold(asked, view, fit)
            f = figures(asked, view, t)
            runs[(c, w)] = (t, f)
            print(f"  probe C={c} weight {w} (threshold {t}): {f}", flush=True)
    (c, w), (t, f) = max(runs.items(), key=lambda e: (sum(e[1][1][o]["right decisions"] for o in fit), -e[0][1]))
    train = [r for r in asked if r["origin"] in fit]
    z = probe_logits(train, oof, st, n, c, fit)  # out-of-document logits for the refusal model, as above
    result = {
        "what": "answer_model=probe (bot/answer/probe.py), trained by scripts/train_probe.py",
        "model": MODEL.name, "layers": layer_count(MODEL), "prompt": "prompts/probe.md",
        "read": n, "weight": w, "threshold": t,
        "trained_on": {"questions": len(train), "C": c,
                       "data": " and ".join(v for k, v in DATA.items() if k in fit) + " via scripts/reader_pairs.py"
                               + "".join(f", with {p.name}" for p in also)},
        "figures": {"out of document, scorer alone": {"threshold": t0, **figures(asked, base, t0)},
                    "out of document, with the probe": {"threshold": t, **f}},
        "refusal": fit_refusal(train, oof, z),
        "probe": fit_probe(train, oof, st, n, c),
    }  # fmt: skip
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"chose C={c}, weight {w}, threshold {t}; wrote {out}")


def main(cmd: str, train: Path, held_back: Path, *rest: str) -> None:
    """rest: the card's path (default bot/data/probe.json), --read=N (default READ), --fit=all (fit on the
    held-back questions too; their figures are then still out of document, not unseen) and --also=PAIRS
    (more training questions, as many as given, e.g. evals/train-kinds/'s; counted with `train`)."""
    n = next((int(a.split("=", 1)[1]) for a in rest if a.startswith("--read=")), READ)
    also = tuple(Path(a.split("=", 1)[1]) for a in rest if a.startswith("--also="))
    fit = {"train", "held back"} if "--fit=all" in rest else {"train"}
    out = next((Path(a) for a in rest if not a.startswith("--")), PROJECT_ROOT / "bot" / "data" / "probe.json")
    rows = TT.both(train, held_back, also)
    oof = TT.out_of_document(rows, "linear", "logistic")  # the shipped scorer, out of document
    if cmd == "read":
        read(rows, oof, n)
    else:
        card(rows, oof, n, out, fit, also)


if __name__ == "__main__":  # run as a script, its folder is on the path: try_trees imports
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), *sys.argv[4:])
