"""Training pairs for the answer scorer (and the reader), made with the bot's own retrieval and candidates.

For every training question (evals/train/*.jsonl, never an eval split) the real
pipeline retrieves the top chunks of its corpus; each candidate sentence becomes a
(question, prev, sentence, label) row: label 1 when it overlaps an evidence or
`also` span of the question, else 0 (the other sentences of the same chunks are
the hard negatives; a near-miss question has no positive at all). An evidence
sentence that retrieval missed is added, so the reader still learns from it.
Every docs/ question and one seed question in four are also asked of the other
corpus ("kind": "elsewhere"): questions far off its topic, which it cannot answer.

    .venv/bin/python scripts/reader_pairs.py OUT.jsonl [--train DIR] [--embedder MODEL.onnx] [--no-qa]

--train: another folder of training questions (and its docs/), e.g. evals/train-pending;
--embedder: retrieve and score with another export of the embedding model (scripts/train_embedder.py);
--no-qa: as with BOT_QA_VECTORS=false (retrieval and candidates without the question-answering model),
the pairs for scorer-fast.json.
A question whose evidence retrieval missed is marked "missed": the scorer learns from the evidence, but
train_scorer.py does not count it as answered.
"""

import json
import tempfile
from pathlib import Path

from bot.answer.candidates import Candidate, candidates
from bot.config import PROJECT_ROOT, Settings
from bot.embeddings import MiniLMEmbeddings
from bot.index import Index
from bot.ingest import ingest
from bot.retrieve import HybridRetriever
from bot.sentences import asks, spans
from bot.types import Sentence

TRAIN = PROJECT_ROOT / "evals" / "train"
ELSEWHERE_EVERY = 4  # one seed question in four is also asked of the other corpus


def load_rows(train: Path = TRAIN) -> list[dict]:
    rows = []
    for path in sorted(train.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows


def doc_path(doc: str, train: Path = TRAIN) -> Path:
    """seeds/... lives in the project; docs/... under evals/train/ (or the --train folder)."""
    return PROJECT_ROOT / doc if doc.startswith("seeds/") else train / doc


def locations(text: str, strings: list[str]) -> list[tuple[int, int]]:
    out = []
    for s in strings:
        at = text.find(s)
        if at >= 0:
            out.append((at, at + len(s)))
    return out


def is_answer(s: Sentence, gold: list[tuple[int, int]]) -> bool:
    if asks(s.text):
        return False
    for a, b in gold:
        overlap = min(b, s.end) - max(a, s.start)
        if overlap > 0 and (overlap >= 0.5 * (s.end - s.start) or overlap >= 0.5 * (b - a)):
            return True
    return False


def write(f, row: dict, answerable: bool, cands: list[Candidate], labels: list[int], missed: bool = False) -> None:
    record = {"id": row["id"], "doc": row["doc"], "question": row["question"], "answerable": answerable,
              "kind": row.get("kind", "answerable" if answerable else "near-miss"), "missed": missed,
              "cands": [{"prev": c.prev, "text": c.sentence.text, "cos": round(c.cos, 4), "qa": round(c.qa, 4), "label": y}
                        for c, y in zip(cands, labels)]}  # fmt: skip
    f.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(out: Path, train: Path = TRAIN, embedder: Path | None = None, qa: bool = True) -> None:
    rows = load_rows(train)
    embeddings = MiniLMEmbeddings(path=embedder)
    tmp = Path(tempfile.mkdtemp(prefix="reader-pairs-"))
    bots = {}
    for name, folder in (("seeds", PROJECT_ROOT / "seeds"), ("docs", train / "docs")):
        if not folder.is_dir():
            continue
        settings = Settings(index_path=tmp / name, corpus=folder, collection=f"train_{name}", qa_vectors=qa)
        index = Index(settings, embeddings)
        ingest(folder, settings, index, progress=False)
        bots[name] = (index, HybridRetriever(index=index, k=settings.k, fetch_k=settings.fetch_k))
    missed = 0
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            index, retriever = bots["seeds" if row["doc"].startswith("seeds/") else "docs"]
            text = doc_path(row["doc"], train).read_text(encoding="utf-8")
            source = Settings().display_path(doc_path(row["doc"], train))
            passages = retriever.passages(row["question"])
            cands = candidates(index.search, row["question"], passages, qa)
            gold = locations(text, row.get("evidence", []) + row.get("also", []))
            labels = [int(c.sentence.source == source and is_answer(c.sentence, gold)) for c in cands]
            lost = row["answerable"] and not any(labels)
            if lost:  # retrieval missed the evidence: still learn from it
                missed += 1
                doc_sents = [Sentence(text[a:b], source, a, b, 0) for a, b in spans(text)]
                for i, s in enumerate(doc_sents):
                    if is_answer(s, gold):
                        prev = doc_sents[i - 1].text if i else ""
                        cands.append(Candidate(s, prev, -1.0, qa=-1.0))
                        labels.append(1)
            write(f, row, row["answerable"], cands, labels, lost)
        # Asked of the other corpus, every question is one the documents cannot answer, and far off
        # their topic (the near misses above are close to it): the refusal model must see both kinds.
        for n, row in enumerate(rows):
            elsewhere = "docs" if row["doc"].startswith("seeds/") else "seeds"
            if elsewhere == "docs" and n % ELSEWHERE_EVERY:
                continue  # the seed questions outnumber the others: a sample of them
            index, retriever = bots[elsewhere]
            passages = retriever.passages(row["question"])
            cands = candidates(index.search, row["question"], passages, qa)
            write(f, {**row, "id": row["id"] + "@" + elsewhere, "kind": "elsewhere"}, False, cands, [0] * len(cands))
    print(f"{len(rows)} questions -> {out}; evidence outside the retrieved chunks for {missed}")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--embedder", type=Path)
    ap.add_argument("--no-qa", action="store_true", help="as with BOT_QA_VECTORS=false (for scorer-fast.json)")
    a = ap.parse_args()
    main(a.out, a.train.resolve(), a.embedder, qa=not a.no_qa)
