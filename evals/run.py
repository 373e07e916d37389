"""`bot eval`: run the chain (and LangChain's standard recipe) over the gold
set, score every question, write results.json, report.md and chart.png, print
a summary, and with --gate fail when a metric of a split is below its floor in
evals/thresholds.json. Each question is asked of its row's "corpus" (a folder
from the project root; the seed articles unless the row says otherwise), each
corpus in a collection of its own."""

import json
from functools import cache
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings
from evals.metrics import score, summarize_splits

HERE = Path(__file__).parent
GOLD = HERE / "gold.jsonl"
THRESHOLDS = HERE / "thresholds.json"
SEEDS = "seeds"


@cache
def read(source: str) -> str:
    return (PROJECT_ROOT / source).read_text(encoding="utf-8")


def load_gold(split: str = "all") -> list[dict]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def corpus_of(row: dict) -> str:
    """The folder, from the project root, that a gold question is asked of."""
    return row.get("corpus", SEEDS)


def build(settings: Settings, baseline: bool, corpus: str = SEEDS, embeddings=None):
    """(our bot, baseline bot or None, judge), each over its own collection of the corpus folder."""
    from bot.chain import Bot
    from bot.embeddings import MiniLMEmbeddings
    from bot.generative import chat_model
    from bot.index import Index
    from bot.ingest import ingest
    from bot.verify import Judge, LLMJudge
    from evals.baseline import baseline_bot, char_chunks

    folder = PROJECT_ROOT / corpus
    tag = "" if corpus == SEEDS else f"_{folder.name}"  # the seeds keep the collections' first names
    embeddings = embeddings or MiniLMEmbeddings(settings.embed_threads)
    ours_settings = settings.model_copy(update={"collection": f"eval_hybrid{tag}", "corpus": folder})
    ours_index = Index(ours_settings, embeddings)
    ingest(folder, ours_settings, ours_index, progress=False)
    base = None
    if baseline:
        base_settings = settings.model_copy(update={"collection": f"eval_baseline{tag}", "corpus": folder})
        base_index = Index(base_settings, embeddings)
        ingest(folder, base_settings, base_index, progress=False, chunker=char_chunks)
        base = baseline_bot(base_settings, base_index)
    model = chat_model(settings.llm)
    judge = LLMJudge(model, embeddings) if settings.judge == "llm" and model is not None else Judge(embeddings)
    return Bot(ours_settings, ours_index, model=model, judge=judge), base, judge


def evaluate(bot, rows: list[dict], judge) -> list[dict]:
    return [score(row, bot.ask(row["question"]), read, judge) for row in rows]


def judge_accuracy(judge, other=None) -> dict:
    """The judge's accuracy on the labelled pairs; with `other`, that judge's too and their agreement."""
    pairs = [json.loads(line) for line in (HERE / "judge_pairs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    out = {}
    for split in ("dev", "test"):
        subset = [p for p in pairs if p["split"] == split]
        mine = [judge.support(p["sentence"], p["passage"]).supported for p in subset]
        right = [m == p["supported"] for m, p in zip(mine, subset)]
        out[split] = {"accuracy": round(sum(right) / len(right), 4), "pairs": len(right)}
        if other is not None:
            theirs = [other.support(p["sentence"], p["passage"]).supported for p in subset]
            out[split]["other_accuracy"] = round(
                sum(t == p["supported"] for t, p in zip(theirs, subset)) / len(subset), 4
            )
            out[split]["agreement"] = round(sum(m == t for m, t in zip(mine, theirs)) / len(subset), 4)
    return out


def check_thresholds(summary: dict, thresholds: dict) -> list[str]:
    failures = []
    for name, floor in thresholds.items():
        value = summary.get(name)
        if value is None or (value > floor if name.endswith("rate") or name.startswith("latency") else value < floor):
            failures.append(f"{name} = {value} (threshold {floor})")
    return failures


def main(settings: Settings, split: str = "all", out: Path = HERE / "results", baseline: bool = True,
         gate: bool = False, ids: range | None = None) -> int:  # fmt: skip
    from evals.report import print_summary, write_report

    rows = [r for r in load_gold(split) if ids is None or r["id"] in ids]
    results: dict[str, list[dict]] = {"ours": []}
    embeddings = None
    for corpus in dict.fromkeys(corpus_of(r) for r in rows) or [SEEDS]:
        ours, base, judge = build(settings, baseline, corpus, embeddings)
        embeddings, asked = judge.embeddings, [r for r in rows if corpus_of(r) == corpus]
        results["ours"] += evaluate(ours, asked, judge)
        if base is not None:
            results.setdefault("baseline", []).extend(evaluate(base, asked, judge))
    summaries = {name: summarize_splits(res) for name, res in results.items()}
    other = None
    if ours.model is not None:  # a model is configured: compare the offline judge with it as judge
        from bot.verify import Judge, LLMJudge

        other = LLMJudge(ours.model, judge.embeddings) if type(judge) is Judge else Judge(judge.embeddings)
    payload = {
        "summary": summaries,
        "judge": {"kind": type(judge).__name__, **judge_accuracy(judge, other)},
        "questions": results,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    write_report(payload, out)
    print_summary(payload)
    if gate:
        floors = json.loads(THRESHOLDS.read_text())  # per split: dev (tuned on) and test (held out)
        gated = [s for s in floors if split in ("all", s)]
        failures = [f"{s}: {f}" for s in gated for f in check_thresholds(summaries["ours"][s], floors[s])]
        if failures:
            print("EVAL GATE FAILED:\n  " + "\n  ".join(failures))
            return 1
        print("eval gate passed")
    return 0
