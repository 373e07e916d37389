"""Per-question metrics. Pure functions of (gold row, answer, corpus text, judge),
so known-bad answers can be scored in tests."""

from statistics import mean

from bot.cite import segments
from bot.types import Answer


def gold_locations(row: dict, read) -> list[tuple[str, int, int]]:
    """(source, start, end) of each gold span, found verbatim in its file."""
    out = []
    for span in row["spans"]:
        for src in row["sources"]:
            at = read(src).find(span)
            if at >= 0:
                out.append((src, at, at + len(span)))
                break
    return out


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def facts_in(text: str, facts: list[str]) -> list[bool]:
    """Is each key fact (`a|b`: either) in the text, ignoring case and curly apostrophes?"""
    text = text.lower().replace("’", "'")
    return [any(alt.lower().replace("’", "'") in text for alt in f.split("|")) for f in facts]


def score(row: dict, answer: Answer, read, judge) -> dict:
    gold = gold_locations(row, read)
    retrieved = [(p.chunk.source, p.chunk.start, p.chunk.end) for p in answer.passages]
    m: dict = {"id": row["id"], "split": row["split"], "kind": row["kind"], "question": row["question"],
               "answerable": row["answerable"], "expected": row["answer"], "answer": answer.text,
               "refused": answer.refused, "latency_ms": answer.timings_ms.get("total", 0.0),
               "confidence": answer.confidence}  # fmt: skip
    if gold:
        m["recall_at_k"] = mean(any(_overlaps(g, r) for r in retrieved) for g in gold)
        ranks = [i for i, r in enumerate(retrieved, 1) if any(_overlaps(g, r) for g in gold)]
        m["mrr"] = 1.0 / ranks[0] if ranks else 0.0
    # Citations: exact spans, every sentence cited, each sentence supported by what it cites.
    by_id = {c.id: c for c in answer.citations}
    m["citation_exactness"] = (
        mean(read(c.source)[c.start : c.end] == c.quote for c in answer.citations) if answer.citations else None
    )
    m["dropped"] = len(answer.dropped)
    m["dropped_sentences"] = answer.dropped
    if answer.refused:
        m.update(refusal_correct=not row["answerable"])
        if row["answerable"] and answer.closest is not None:  # would the closest passage have been right?
            m["correct_if_answered"] = all(facts_in(answer.closest.quote, row["facts"]))
        return m
    sents = segments(answer.text)
    m["citation_coverage"] = mean(bool(ids) for _, ids in sents) if sents else 0.0
    recall, precision, grounded = [], [], []
    context = "\n".join(p.chunk.text for p in answer.passages)
    for sentence, ids in sents:
        cited = [by_id[i] for i in ids if i in by_id]
        union = " ".join(c.quote for c in cited)
        supported = bool(cited) and judge.support(sentence, union).supported
        recall.append(supported)
        for c in cited:
            alone = judge.support(sentence, c.quote).supported
            rest = " ".join(o.quote for o in cited if o is not c)
            needed = supported and not (rest and judge.support(sentence, rest).supported)
            precision.append(alone or needed)
        grounded.append(supported or judge.support(sentence, context).supported)
    m["citation_recall"] = mean(recall) if recall else 0.0
    m["citation_precision"] = mean(precision) if precision else 0.0
    m["groundedness"] = mean(grounded) if grounded else 0.0
    m["refusal_correct"] = row["answerable"]
    if row["answerable"]:
        facts = facts_in(answer.text, row["facts"])
        m["facts"] = mean(facts) if facts else 1.0
        m["correct"] = all(facts)
        m["correct_if_answered"] = m["correct"]
        cited_spans = [(c.source, c.start, c.end) for c in answer.citations]
        m["cites_gold"] = any(_overlaps(g, c) for g in gold for c in cited_spans)
    return m


METRICS = [  # (name, rows it averages over, key)
    ("retrieval recall@k", "answerable", "recall_at_k"),
    ("retrieval MRR", "answerable", "mrr"),
    ("citation exactness", "cited", "citation_exactness"),
    ("citation coverage", "answered", "citation_coverage"),
    ("citation recall", "answered", "citation_recall"),
    ("citation precision", "answered", "citation_precision"),
    ("groundedness", "answered", "groundedness"),
    ("key facts", "answerable", "facts"),
    ("correct answers", "answerable", "correct"),
    ("cites gold span", "answerable", "cites_gold"),
    ("refusal accuracy", "unanswerable", "refusal_correct"),
    ("false-refusal rate", "answerable", "refused"),
]


def summarize(rows: list[dict]) -> dict:
    groups = {
        "answerable": [r for r in rows if r["answerable"]],
        "unanswerable": [r for r in rows if not r["answerable"]],
        "answered": [r for r in rows if not r["refused"]],
        "cited": [r for r in rows if r.get("citation_exactness") is not None],
    }
    out = {}
    for name, group, key in METRICS:
        values = [float(r.get(key) or 0.0) for r in groups[group]]
        if key == "correct":  # a refused answerable question is simply not correct
            values = [float(r.get("correct", False)) for r in groups[group]]
        out[name] = round(mean(values), 4) if values else None
    lat = sorted(r["latency_ms"] for r in rows)
    out["latency p50 ms"] = round(lat[len(lat) // 2], 1) if lat else None
    out["latency p95 ms"] = round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1) if lat else None
    out["dropped sentences / question"] = round(mean(r.get("dropped", 0) for r in rows), 3) if rows else None
    out["questions"] = len(rows)
    return out


SPLITS = ("dev", "test", "fresh", "unseen", "all")


def summarize_splits(rows: list[dict]) -> dict:
    """{"dev": …, "test": …, "fresh": …, "unseen": …, "all": …}: the summary of each split and of all rows."""
    return {s: summarize([r for r in rows if s == "all" or r["split"] == s]) for s in SPLITS}


def refusal_curve(rows: list[dict], thresholds=(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)) -> list[dict]:
    """What each refusal threshold would give, from the answerer's confidence per question: the
    false-refusal rate (answerable, refused), the wrong-answer rate (unanswerable, answered) and the
    correct rate (answerable, answered and right). Rows without a confidence (a generative answerer)
    are left out."""
    rows = [r for r in rows if r.get("confidence") is not None]
    good = [r for r in rows if r["answerable"]]
    bad = [r for r in rows if not r["answerable"]]
    out = []
    for t in thresholds:
        out.append({
            "threshold": t,
            "false refusals": round(mean(r["confidence"] < t for r in good), 3) if good else None,
            "wrong answers": round(mean(r["confidence"] >= t for r in bad), 3) if bad else None,
            "correct": round(mean(r["confidence"] >= t and bool(r.get("correct_if_answered")) for r in good), 3)
            if good else None,
        })  # fmt: skip
    return out
