"""`bot ingest | ask | serve | eval`: thin commands over the chain. A user
mistake becomes one line on stderr and a non-zero exit, never a traceback."""

import argparse
import json
import logging
import os
import sys
import textwrap
import time
from pathlib import Path

from bot.config import Settings
from bot.errors import BotError, ConfigError


def _settings(args) -> Settings:
    overrides = {}
    if getattr(args, "index", None):
        overrides["index_path"] = Path(args.index)
    if getattr(args, "chroma_url", None):
        overrides["chroma_url"] = args.chroma_url
    if getattr(args, "llm", None):
        overrides["llm"] = args.llm
    return Settings(**overrides)


def cmd_ingest(args) -> int:
    from bot.embeddings import MiniLMEmbeddings
    from bot.index import Index
    from bot.ingest import ingest

    settings = _settings(args)
    folder = Path(args.path) if args.path else settings.corpus
    index = Index(settings, MiniLMEmbeddings(settings.embed_threads))
    report = ingest(folder, settings, index, progress=sys.stderr.isatty())
    print(f"indexed {report.files} files, {report.chunks} chunks: "
          f"{report.added} embedded, {report.removed} removed, {len(report.skipped)} skipped")  # fmt: skip
    return 0


def cmd_show(args) -> int:
    from bot.docstore import DocStore

    sys.stdout.write(DocStore.of(_settings(args)).text(args.source))
    return 0


def cmd_remove(args) -> int:
    from bot.documents import remove
    from bot.index import Index

    settings = _settings(args)
    removed = remove(args.source, settings, Index(settings, None), delete_file=not args.keep_file)
    print(
        f"removed {args.source}: {removed} chunks" + ("" if args.keep_file else "; its file is deleted from the corpus")
    )
    return 0


def cmd_ask(args) -> int:
    from bot.chain import build_chain, clean_question

    if not args.questions:
        raise BotError('no question given: bot ask "Where does Abbas Gallyamov live now?"')
    settings = _settings(args)
    if not args.json:  # reject a bad question before loading anything
        for question in args.questions:
            clean_question(question, settings)
    t_build = time.perf_counter()
    bot = build_chain(settings)
    t_answer = time.perf_counter()
    status = 0
    for question in args.questions:
        try:
            answer = bot.ask(question)
        except BotError as exc:
            if not args.json:
                raise
            print(json.dumps({"question": question, "error": str(exc)}, ensure_ascii=False))
            status = 2
            continue
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), flush=True)
        else:
            print(render(answer), flush=True)
    if args.timings:  # for `bot bench`: import = wall - build - answer, measured by the caller
        done = time.perf_counter()
        print(json.dumps({"build_s": t_answer - t_build, "answer_s": done - t_answer}), file=sys.stderr)
    return status


def render(answer) -> str:
    lines = [f"Q: {answer.question}"]
    if answer.note and not answer.refused:
        lines.append(f"({answer.note})")
    lines += textwrap.wrap(answer.text, 100) or [""]
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            lines.append(f"  [{c.id}] {c.where()} (chars {c.start}-{c.end})")
            lines += textwrap.wrap(f"“{c.quote}”", 96, initial_indent="      ", subsequent_indent="      ")
    if answer.closest:
        c = answer.closest
        lines.append(f"\nClosest, but not an answer: {c.where()} (chars {c.start}-{c.end})")
        lines += textwrap.wrap(f"“{c.quote}”", 96, initial_indent="      ", subsequent_indent="      ")
    lines.append(f"({answer.timings_ms['total']:.0f} ms)\n")
    return "\n".join(lines)


def cmd_serve(args) -> int:
    from bot.server import serve

    settings = _settings(args)
    if args.host:
        settings.host = args.host
    if args.port:
        settings.port = args.port
    serve(settings)
    return 0


def cmd_eval(args) -> int:
    from evals.run import main as run_eval

    return run_eval(_settings(args), split=args.split, out=Path(args.out), baseline=not args.no_baseline,
                    gate=args.gate, ids=_id_range(args.ids) if args.ids else None)  # fmt: skip


def _id_range(text: str) -> range:
    first, _, last = text.partition("-")
    if not (first.isdigit() and (last or first).isdigit()):
        raise ConfigError(f"--ids takes a number or a range like 82-110, not {text!r}")
    return range(int(first), int(last or first) + 1)


def cmd_bench(args) -> int:
    from evals.bench import main as bench

    if args.formats:
        from evals.bench_formats import main as formats

        formats()
        return 0
    if args.answerers:
        from evals.bench import answerers_only

        answerers_only()
        return 0
    if args.cold:
        from evals.bench import cold_only

        cold_only()
        return 0
    bench(quick=args.quick, largest=args.largest)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="bot", description="Answers from your documents, with a citation for every sentence."
    )
    p.add_argument("--index", help="index folder (default: BOT_INDEX_PATH or ./.index)")
    p.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000 (default: BOT_CHROMA_URL)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", help="index a folder of .txt .md .pdf .docx .html files (default: seeds/)")
    s.add_argument("path", nargs="?", help="folder to index (default: BOT_CORPUS or seeds/)")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("show", help="print the exact extracted text of a document (citations are spans of it)")
    s.add_argument("source", help="the document as citations name it, e.g. seeds/000_f55471ebcdeb3b91.txt")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("remove", help="remove one document from the index (and its file from the corpus folder)")
    s.add_argument("source", help="the document as citations name it")
    s.add_argument("--keep-file", action="store_true", help="keep the file (the next `bot ingest` adds it again)")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("ask", help="answer questions, citing the exact passages")
    s.add_argument("questions", nargs="*", help="one or more questions")
    s.add_argument("--json", action="store_true", help="print one JSON object per question, one per line")
    s.add_argument("--llm", help="answerer: extractive (default)")
    s.add_argument("--timings", action="store_true", help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("serve", help="start the chat page")
    s.add_argument("--host", help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, help="port (default 7860)")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("eval", help="score the bot on the gold set (evals/gold.jsonl)")
    s.add_argument(
        "--split",
        choices=["dev", "test", "fresh", "unseen", "all"],
        default="all",
        help="which questions (default all)",
    )
    s.add_argument("--out", default="evals/results", help="folder for results.json, report.md, chart.png")
    s.add_argument("--no-baseline", action="store_true", help="skip LangChain's standard recipe baseline")
    s.add_argument("--ids", help="only these gold ids, e.g. 82-110")
    s.add_argument("--gate", action="store_true", help="exit 1 when a metric is below evals/thresholds.json")
    s.set_defaults(func=cmd_eval)

    s = sub.add_parser("bench", help="measure ingest, query latency, scale, cold start and concurrency")
    s.add_argument("--quick", action="store_true", help="small version (seeds and 1k docs) for CI")
    s.add_argument(
        "--cold", action="store_true", help="only cold start: bot ask vs the imports, first answer after serve"
    )
    s.add_argument(
        "--answerers", action="store_true", help="only answers on the seeds: each BOT_ANSWER_MODEL against the default"
    )
    s.add_argument("--formats", action="store_true", help="only document ingest: PDF pages/s, extraction vs embedding")
    s.add_argument("--largest", type=int, default=10000, help="skip synthetic corpora of more documents than this")
    s.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    for name, value in (("ANONYMIZED_TELEMETRY", "False"), ("GRADIO_ANALYTICS_ENABLED", "False"),
                        ("HF_HUB_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1")):  # fmt: skip
        os.environ.setdefault(name, value)  # offline: nothing phones home or downloads at run time
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was lost; run the command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
