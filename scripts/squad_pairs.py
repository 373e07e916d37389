"""Reading-comprehension training pairs from public SQuAD-format files, in
reader_pairs.py's format, for the cross-encoder (scripts/train_reader.py).

The files: SQuAD 1.1's dev set and the four SQuADShifts sets (new Wikipedia,
New York Times, Reddit, Amazon reviews; ~48k questions with answer spans), and
SQuAD 2.0's dev set as Disfl-QA rewrote it (`--disfl`: 8,000 questions, 2,107 of
them written by people to look answerable from their paragraph when it does not
answer them; measured and not shipped, README Results, so `make reader` does not
pass it), which ship inside the source package of BIG-bench, so they install
offline (pip 23.2 downloads it; pip 26.3 refuses its metadata's direct-URL dependency):

    python3 -m pip download --no-deps bigbench==1.0.0 -d /tmp/bb && tar xzf /tmp/bb/bigbench-1.0.0.tar.gz -C /tmp/bb
    T=/tmp/bb/bigbench-1.0.0/bigbench/benchmark_tasks
    .venv/bin/python scripts/squad_pairs.py OUT.jsonl $T/squad_shifts [--disfl $T/disfl_qa/task.json]

(SQuAD 1.1 and 2.0: CC BY-SA 4.0; SQuADShifts and Disfl-QA: CC BY 4.0; the data is
not kept in this repository.) Per question, every sentence of its paragraph
(bot.sentences, as at ingest) is a candidate with the sentence before it,
labelled 1 when it holds an answer span. A share of the SQuAD 1.1-format questions
(--near) become near misses: the answer's sentence, and any other sentence
containing an answer's text, are taken out, so what is left is on the
paragraph's topic but does not answer. SQuAD 2.0's unanswerable questions are
near misses as they are. "cos" is the share of the question's words in the
sentence: train_reader.py takes its hardest negatives by it. No eval split is read."""

import argparse
import json
import random
import re
from pathlib import Path

from bot.sentences import spans

FILES = ["squaddev_v1.1", "new_wiki_v1.0", "nyt_v1.0", "reddit_v1.0", "amazon_reviews_v1.0"]
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the of to in on at by for with from as is are was were be what which who when where why how "
                  "did do does and or".split())  # fmt: skip


def overlap(question: str, sentence: str) -> float:
    q = set(_WORD.findall(question.lower())) - _STOP
    return len(q & set(_WORD.findall(sentence.lower()))) / (len(q) or 1)


def questions(path: Path) -> list[tuple[str, str, list[tuple[int, int]], dict]]:
    """(title, paragraph, its sentence spans, the question) for every answered question of a file."""
    out = []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for para in article["paragraphs"]:
            sents = list(spans(para["context"]))
            if len(sents) >= 3:
                out += [(article.get("title", ""), para["context"], sents, q) for q in para["qas"] if q["answers"]]
    return out


def row(source: str, title: str, text: str, sents: list[tuple[int, int]], qa: dict, near: bool) -> dict | None:
    answers = [(a["answer_start"], a["answer_start"] + len(a["text"])) for a in qa["answers"]]
    strings = {a["text"].lower() for a in qa["answers"] if a["text"].strip()}
    cands, prev = [], ""
    for a, b in sents:
        sentence = text[a:b]
        holds = any(s < b and a < e for s, e in answers)
        if near and (holds or any(x in sentence.lower() for x in strings)):
            prev = ""  # the sentence taken out breaks the neighbourhood
            continue
        cands.append({"prev": prev, "text": sentence, "cos": round(overlap(qa["question"], sentence), 4),
                      "label": int(holds)})  # fmt: skip
        prev = sentence
    if not cands or (not near and not any(c["label"] for c in cands)):
        return None
    return {"id": f"squad-{source}-{qa['id']}", "doc": f"squad/{source}/{title}", "question": qa["question"],
            "answerable": not near, "kind": "squad", "missed": False, "cands": cands}  # fmt: skip


_SPACE_BEFORE = re.compile(r" ([,.;:%)\]?!])")
_SPACE_AFTER = re.compile(r"([(\[$£€]) ")


def untokenize(text: str) -> str:
    """SQuAD's tokenised text as written: "Earth ' s atmosphere ( see Occurrence ) ." ->
    "Earth's atmosphere (see Occurrence)."; straight double quotes open and close in turn."""
    text = re.sub(r" ' (s|t|re|ve|ll|d|m)\b", r"'\1", text.strip()).replace(" - ", "-")
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))
    text = re.sub(r"(?<=\d), (?=\d{3}\b)", ",", text)
    parts = text.split(' " ')
    out = parts[0]
    for i, part in enumerate(parts[1:]):
        out += (' "' if i % 2 == 0 else '" ') + part
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def disfl_rows(path: Path, rng: random.Random, unanswerable: int, answerable: int) -> list[dict]:
    """Questions of SQuAD 2.0's dev set as Disfl-QA rewrote them (bigbench's disfl_qa: each question
    given a spoken correction, "What does Iraq I mean the Islamic State lack ...?"). SQuAD 2.0's
    unanswerable questions were written by people to look answerable from the paragraph (target
    "unknown"): every sentence of the paragraph is a near miss. An answerable one is kept when its
    answer's text is in exactly one sentence."""
    rows = {True: [], False: []}
    for n, ex in enumerate(json.loads(path.read_text(encoding="utf-8"))["examples"]):
        question, _, context = ex["input"].partition("\ncontext:")
        question, text = untokenize(question), untokenize(context)
        sents = [text[a:b] for a, b in spans(text)]
        if len(sents) < 3:
            continue
        ok = ex["target"] != "unknown"
        labels = [int(ok and squeeze(ex["target"]) in squeeze(s)) for s in sents]
        if ok and sum(labels) != 1:
            continue
        cands = [{"prev": prev, "text": s, "cos": round(overlap(question, s), 4), "label": y}
                 for prev, s, y in zip(["", *sents], sents, labels)]  # fmt: skip
        rows[ok].append({"id": f"disfl-{n}", "doc": f"squad/disfl_qa/{squeeze(text)[:24]}", "question": question,
                         "answerable": ok, "kind": "squad-v2", "missed": False, "cands": cands})  # fmt: skip
    for ok in rows:
        rng.shuffle(rows[ok])
    return rows[False][:unanswerable] + rows[True][:answerable]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("folder", type=Path, help="bigbench's benchmark_tasks/squad_shifts")
    ap.add_argument("--per-file", type=int, default=700, help="questions drawn from each of the five files")
    ap.add_argument("--near", type=float, default=0.3, help="the share made into near misses")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--disfl", type=Path, help="bigbench's benchmark_tasks/disfl_qa/task.json (SQuAD 2.0's dev set)")
    ap.add_argument("--disfl-unanswerable", type=int, default=1200)
    ap.add_argument("--disfl-answerable", type=int, default=400)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    rows = []
    for name in FILES:
        qs = questions(a.folder / f"{name}.json")
        rng.shuffle(qs)
        for title, text, sents, qa in qs[: a.per_file]:
            r = row(name, title, text, sents, qa, rng.random() < a.near)
            if r:
                rows.append(r)
    if a.disfl:
        rows += disfl_rows(a.disfl, rng, a.disfl_unanswerable, a.disfl_answerable)
    a.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} questions ({sum(not r['answerable'] for r in rows)} near misses), "
          f"{sum(len(r['cands']) for r in rows)} candidates -> {a.out}")  # fmt: skip


if __name__ == "__main__":
    main()
