"""Merge the results of eval runs over disjoint gold ids into one report, for
runs too long to do at once (the local model: ~30 s a question).

    python -m evals.merge evals/results-llm /tmp/part1 /tmp/part2"""

import json
import sys
from pathlib import Path

from evals.metrics import summarize_splits
from evals.report import print_summary, write_report


def merge(out: Path, parts: list[Path]) -> dict:
    payloads = [json.loads((p / "results.json").read_text(encoding="utf-8")) for p in parts]
    questions: dict[str, list[dict]] = {}
    for payload in payloads:
        for name, rows in payload["questions"].items():
            questions.setdefault(name, []).extend(rows)
    for name, rows in questions.items():
        ids = [r["id"] for r in rows]
        if len(ids) != len(set(ids)):
            raise SystemExit(f"the runs overlap: {name} has some gold ids twice")
        rows.sort(key=lambda r: r["id"])
    summaries = {name: summarize_splits(rows) for name, rows in questions.items()}
    merged = {"summary": summaries, "judge": payloads[0]["judge"], "questions": questions,
              "merged_from": [str(p) for p in parts]}  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(merged, indent=1, ensure_ascii=False), encoding="utf-8")
    write_report(merged, out)
    print_summary(merged)
    return merged


if __name__ == "__main__":
    merge(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
