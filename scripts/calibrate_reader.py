"""Calibrate the reader on data it was not trained on and write the result into
bot/data/reader.json with the curves it was read from.

    .venv/bin/python scripts/calibrate_reader.py PAIRS.jsonl FOLDS_DIR [LOGITS.jsonl]

Three settings, each chosen where it can be measured honestly:
- the cosine weight (how much the question-sentence cosine adds to the reader's
  logit) on training questions scored by fold models trained *without their
  document* (FOLDS_DIR/*/reader.json names the left-out doc or folder/): the
  only data that says how the reader does on a document it has never seen;
- the `also` bar (at which a second or third sentence joins the answer) on the
  same questions: where the sentences an answer quotes match the evidence
  sentences best (F1);
- the refusal threshold on those out-of-fold questions plus the gold `dev`
  split, scored by the shipped model through the whole pipeline.
Never `test` or `fresh`. For each threshold: false refusals (answerable, best
candidate below it), wrong answers (unanswerable, best candidate above it) and
right answers (answerable, above it, and the best candidate is an evidence
sentence / has the key facts). The setting with the most right decisions wins.

LOGITS.jsonl (evals/reader-logits.jsonl): those out-of-fold logits, per training
question and candidate, for scripts/train_scorer.py --read-logits: the default
scorer reads the reader's logit too, and learns how much to trust it from
logits of documents the reader never saw, as a user's documents will be."""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.choose import possible
from bot.answer.reader import CARD, Reader, blend, second_segment
from bot.config import Settings
from bot.types import Sentence
from evals.metrics import facts_in
from evals.run import build, load_gold

GRID = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.05)]
WEIGHTS = [0.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 50.0, 100.0]


def out_of_fold(pairs: Path, folds: Path) -> list[dict]:
    """Per training question, scored by the fold model that never saw its document."""
    records = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = []
    for fold in sorted(p for p in folds.iterdir() if (p / "reader.json").exists()):
        left_out = json.loads((fold / "reader.json").read_text())["trained_on"]["left_out"]
        reader = Reader(model=fold / "reader.int8.onnx", card=fold / "reader.json")
        for r in (
            r for r in records if r["doc"] == left_out or (left_out.endswith("/") and r["doc"].startswith(left_out))
        ):
            cands = [Candidate(Sentence(c["text"], r["doc"], 0, 0, 0), c["prev"], c["cos"]) for c in r["cands"]]
            ok = [possible(r["question"], c) for c in cands]
            pairs_ = [(r["question"], second_segment(c.sentence.text, c.prev)) for c in cands]
            out.append({"id": r["id"], "doc": r["doc"], "answerable": r["answerable"], "logits": reader.logits(pairs_),
                        "ok": np.array(ok), "texts": [c["text"] for c in r["cands"]],
                        "cos": np.array([c.cos for c in cands]), "label": np.array([c["label"] for c in r["cands"]])})  # fmt: skip
        print(f"fold {fold.name} ({left_out}): {len(out)} questions so far", flush=True)
    return out


def also_bar(oof: list[dict], weight: float, most: int = 3) -> tuple[float, list[dict]]:
    """The bar at which candidates after the best one join the answer: the one whose answers
    (best + joined, at most `most`) match the labelled evidence sentences best (F1), on the
    out-of-fold answerable questions."""
    rows = []
    for t in GRID:
        hits = picked = wanted = 0
        for q in (q for q in oof if q["answerable"]):
            probs = np.where(q["ok"], blend(q["logits"], q["cos"], weight), -1.0)
            order = np.argsort(-probs)
            chosen = [order[0]] + [i for i in order[1:most] if probs[i] >= t]
            hits += int(sum(q["label"][i] == 1 for i in chosen))
            picked, wanted = picked + len(chosen), wanted + int(q["label"].sum())
        p, r = hits / picked, hits / wanted
        rows.append(
            {"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3)}
        )
    return max(rows, key=lambda r: (r["f1"], r["threshold"]))["threshold"], rows


def first_pick(oof: list[dict], weight: float | None) -> dict[str, float]:
    """Per document: how often the top candidate is an evidence sentence (None: the cosine alone)."""
    hits: dict[str, list[bool]] = {}
    for q in (q for q in oof if q["answerable"]):
        score = q["cos"] if weight is None else blend(q["logits"], q["cos"], weight)
        hits.setdefault(q["doc"], []).append(bool(q["label"][int(np.argmax(score))] == 1))
    return {d: round(sum(h) / len(h), 3) for d, h in hits.items()}


def decisions(oof: list[dict], weight: float) -> list[tuple[bool, float, bool]]:
    """(answerable, best probability, best is an evidence sentence) per question."""
    out = []
    for q in oof:
        probs = np.where(q["ok"], blend(q["logits"], q["cos"], weight), -1.0)
        best = int(np.argmax(probs)) if len(probs) else 0
        sure = float(probs[best]) if len(probs) and probs[best] >= 0 else 0.0
        out.append((bool(q["answerable"]), sure, bool(len(probs)) and bool(q["label"][best] == 1)))
    return out


def on_dev(weight: float, also: float) -> list[tuple[bool, float, bool]]:
    bot, _, _ = build(Settings(answer_model="reader"), baseline=False)
    bot.reader.threshold = 0.0  # answer everything: the curve decides
    bot.reader.cosine_weight, bot.reader.also = weight, also
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


def write_logits(oof: list[dict], out: Path) -> None:
    """One line per question: {id, logits: {text_key(candidate): logit}} (keyed by the text, not the
    position, so that a re-made pairs file with the candidates in another order still matches)."""
    lines = [json.dumps({"id": q["id"], "logits": {text_key(t): round(float(x), 4) for t, x in zip(q["texts"], q["logits"])}})
             for q in sorted(oof, key=lambda q: q["id"])]  # fmt: skip
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(lines)} questions)")


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def main(pairs: Path, folds: Path, logits: Path | None = None) -> None:
    oof = out_of_fold(pairs, folds)
    if logits:
        write_logits(oof, logits)
    by_weight = {w: max(r["right decisions"] for r in curve(decisions(oof, w))) for w in WEIGHTS}
    print("cosine weight -> right decisions out of fold:", by_weight)
    weight = max(WEIGHTS, key=lambda w: (by_weight[w], -w))
    picks = {"reader": first_pick(oof, 0.0), "cosine": first_pick(oof, None), "both": first_pick(oof, weight)}
    print("top candidate is evidence, out of fold:", picks)
    also, also_rows = also_bar(oof, weight)
    scored = {"training (out of fold)": decisions(oof, weight), "dev": on_dev(weight, also)}
    both = curve(scored["training (out of fold)"] + scored["dev"])
    best = max(both, key=lambda r: (r["right decisions"], -abs(r["threshold"] - 0.5)))
    print("| threshold | " + " | ".join(f"{n}: false refusals / wrong answers / correct" for n in scored) + " |")
    per = {n: curve(s) for n, s in scored.items()}
    for i, t in enumerate(GRID):
        cells = [f"{per[n][i]['false refusals']} / {per[n][i]['wrong answers']} / {per[n][i]['correct']}" for n in per]
        print(f"| {t}{' ←' if t == best['threshold'] else ''} | " + " | ".join(cells) + " |")
    card = json.loads(CARD.read_text(encoding="utf-8"))
    card["threshold"] = best["threshold"]
    card["cosine_weight"] = weight
    card["also"] = also
    card["calibration"] = {"data": {n: len(s) for n, s in scored.items()}, "rule": "most right decisions",
                           "right decisions by cosine weight (out of fold)": by_weight,
                           "top candidate is evidence (out of fold)": picks,
                           "also: precision / recall / F1 of the quoted sentences (out of fold)": also_rows,
                           "curve": {n: per[n] for n in per}}  # fmt: skip
    CARD.write_text(json.dumps(card, indent=1), encoding="utf-8")
    print("also bar:", also_rows)
    print(f"cosine weight {weight}, threshold {best['threshold']}, also {card['also']} -> {CARD}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)
