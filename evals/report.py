"""The readable side of an eval run: a summary table on stdout, report.md
(a table per metric, every failing question next to its expected answer)
and chart.png (per-metric bars, latency histogram)."""

from collections import Counter
from pathlib import Path

from evals.metrics import SPLITS, refusal_curve

READ_ONE_BY_ONE = {"dev"}  # test, fresh and unseen are never tuned on: their misses are shown in aggregate only


def _fmt(v) -> str:
    return "—" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else "—"


def table(payload: dict) -> list[str]:
    ours = payload["summary"]["ours"]
    base = payload["summary"].get("baseline")
    head = "| metric | " + " | ".join(f"ours {s}" for s in SPLITS)
    head += " | baseline all | ours / baseline |" if base else " |"
    lines = [head, "|---" * (len(SPLITS) + 1 + (2 if base else 0)) + "|"]
    for name in ours["all"]:
        row = f"| {name} | " + " | ".join(_fmt(ours[s][name]) for s in SPLITS)
        if base:
            row += f" | {_fmt(base['all'][name])} | {_ratio(ours['all'][name], base['all'][name])} |"
        else:
            row += " |"
        lines.append(row)
    return lines


def failing(rows: list[dict]) -> list[dict]:
    return [r for r in rows if (r["answerable"] and not r.get("correct")) or (not r["answerable"] and not r["refused"])]


def write_report(payload: dict, out: Path) -> None:
    lines = [
        "# Eval report",
        "",
        "Gold set: `evals/gold.jsonl` (split `dev` tuned on; `test`, `fresh` and `unseen` held out, their misses shown in aggregate only).",
        "",
    ]
    lines += table(payload)
    lines += ["", "## Support judge accuracy on `evals/judge_pairs.jsonl`", ""]
    lines += [
        _judge_line(split, v, payload["judge"]["kind"]) for split, v in payload["judge"].items() if split != "kind"
    ]
    lines += ["", "## Refusal threshold: what each would give (reader confidence)", ""]
    lines += curve_lines(payload["questions"]["ours"])
    for name, rows in payload["questions"].items():
        bad = failing(rows)
        lines += ["", f"## Failing questions — {name} ({len(bad)} of {len(rows)})", ""]
        held = Counter((r["split"], r["kind"]) for r in bad if r["split"] not in READ_ONE_BY_ONE)
        if held:
            lines.append(
                "Held-out splits, in aggregate: " + ", ".join(f"{s} {k} {n}" for (s, k), n in sorted(held.items()))
            )
            lines.append("")
        lines += ["| id | split | kind | question | expected | answer |", "|---|---|---|---|---|---|"]
        for r in bad:
            if r["split"] not in READ_ONE_BY_ONE:
                continue
            cells = [str(r["id"]), r["split"], r["kind"], r["question"], r["expected"] or "(refuse)", r["answer"]]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
    removed = [(r["id"], d) for r in payload["questions"]["ours"] for d in r.get("dropped_sentences", [])]
    if removed:
        lines += [
            "",
            f"## Sentences removed by enforcement ({len(removed)})",
            "",
            "| id | sentence | reason |",
            "|---|---|---|",
        ]
        lines += [f"| {i} | {d['sentence']} | {d['reason']} |".replace("\n", " ") for i, d in removed]
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart(payload, out / "chart.png")


def chart(payload: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ours = payload["summary"]["ours"]["all"]
    names = [n for n, v in ours.items() if isinstance(v, float) and not n.startswith("latency")]
    fig, (bars, hist) = plt.subplots(1, 2, figsize=(14, 5), gridspec_kw={"width_ratios": [3, 1]})
    width = 0.4
    xs = range(len(names))
    bars.bar([x - width / 2 for x in xs], [ours[n] for n in names], width, label="ours")
    if "baseline" in payload["summary"]:
        base = payload["summary"]["baseline"]["all"]
        bars.bar([x + width / 2 for x in xs], [base[n] or 0 for n in names], width, label="LangChain baseline")
    bars.set_xticks(list(xs), names, rotation=40, ha="right")
    bars.set_ylim(0, 1.05)
    bars.legend()
    bars.set_title("Metrics (all questions)")
    hist.hist([r["latency_ms"] for r in payload["questions"]["ours"]], bins=20)
    hist.set_title("Latency per question (ms)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def curve_lines(rows: list[dict]) -> list[str]:
    """Per split: false refusals vs wrong answers (and correct) at each candidate threshold."""
    lines = ["| split | threshold | false refusals | wrong answers (unanswerable) | correct |", "|---|---|---|---|---|"]
    for split in SPLITS:
        for p in refusal_curve([r for r in rows if split == "all" or r["split"] == split]):
            cells = [split, p["threshold"], p["false refusals"], p["wrong answers"], p["correct"]]
            lines.append("| " + " | ".join(_fmt(c) for c in cells) + " |")
    return lines


def print_summary(payload: dict) -> None:
    print("\n".join(table(payload)))
    if any(r.get("confidence") is not None for r in payload["questions"]["ours"]):
        print("\n".join(curve_lines(payload["questions"]["ours"])))
    for split, v in payload["judge"].items():
        if split != "kind":
            print(_judge_line(split, v, payload["judge"]["kind"]))


def _judge_line(split: str, v: dict, kind: str) -> str:
    line = f"- judge {kind} accuracy ({split}): {v['accuracy']:.3f} on {v['pairs']} labelled pairs"
    if "agreement" in v:
        line += f"; the other judge: {v['other_accuracy']:.3f}; agreement {v['agreement']:.3f}"
    return line
