"""`bot bench`: ingest and query speed at three corpus sizes, embedded and
server Chroma, memory, cold start and concurrency. Prints a table and saves
JSON. `--quick` is the small CI version, which checks ratios measured in the
same run, never absolute times.

The synthetic corpora recombine seed sentences deterministically at run time
(nothing large is committed)."""

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 2)


def synthetic_corpus(folder: Path, docs: int, seed: int = 0) -> Path:
    """`docs` files of 4-7 seed sentences each, drawn by a fixed seed."""
    from bot.sentences import split

    pool = [s for p in sorted(SEEDS.iterdir()) for s in split(p.read_text(encoding="utf-8")) if len(s) > 40]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        body = " ".join(rng.sample(pool, rng.randint(4, 7)))
        (folder / f"doc{i:05}.txt").write_text(f"Report {i}\n{body}\n", encoding="utf-8")
    return folder


def du(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def questions() -> list[str]:
    """The gold questions asked of the seed articles (the corpora benchmarked are seeds or made of them)."""
    from evals.run import SEEDS, corpus_of, load_gold

    return [r["question"] for r in load_gold() if corpus_of(r) == SEEDS]


def measure_queries(bot, qs: list[str], rounds: int, uncached: bool = False) -> dict:
    """Every query pays for its own embeddings; uncached=True: also for the word pieces of the sentences
    it reads, which a running bot keeps (MiniLM.token_vectors_cached) as they recur across questions,
    and which the synthetic corpora, made of seed sentences, would otherwise find kept."""
    retrieve, total = [], []
    for q in qs[:5]:  # warm-up
        bot.ask(q)
    for _ in range(rounds):
        for q in qs:
            bot.index.embeddings.read.cache_clear()
            bot.index.embeddings.embed_cached.cache_clear()
            if bot.settings.qa_vectors:
                bot.index.qa.query.cache_clear()
            if uncached:
                bot.index.embeddings.token_vectors_cached.cache_clear()
            a = bot.ask(q)
            retrieve.append(a.timings_ms["retrieve"])
            total.append(a.timings_ms["total"])
    return {"retrieve_p50_ms": percentile(retrieve, 50), "retrieve_p95_ms": percentile(retrieve, 95),
            "retrieve_p99_ms": percentile(retrieve, 99), "answer_p50_ms": percentile(total, 50),
            "answer_p95_ms": percentile(total, 95), "answer_p99_ms": percentile(total, 99), "queries": len(total)}  # fmt: skip


def raw_embedding_rate(embeddings, texts: list[str]) -> float:
    t = time.perf_counter()
    embeddings.embed(texts)
    return len(texts) / (time.perf_counter() - t)


def one_size(name: str, corpus: Path, settings: Settings, embeddings, rounds: int) -> dict:
    from bot.chain import Bot
    from bot.index import Index
    from bot.ingest import Report, chunk, ingest, read_corpus, sentences_of

    docs = list(read_corpus(corpus, settings, Report()))
    chunks = [c for d in docs for c in chunk(d, settings)]
    texts = [c.text for c in chunks] + [s.text for d in docs for s in sentences_of(d, chunk(d, settings))]
    sample = texts if len(texts) <= 3000 else random.Random(1).sample(texts, 3000)
    raw = raw_embedding_rate(embeddings, sample)
    index = Index(settings, embeddings)
    t = time.perf_counter()
    report = ingest(corpus, settings, index, progress=False)
    first = time.perf_counter() - t
    t = time.perf_counter()
    again = ingest(corpus, settings, index, progress=False)
    second = time.perf_counter() - t
    assert again.added == 0
    out = {"size": name, "docs": len(docs), "chunks": report.chunks, "texts_embedded": len(texts),
           "ingest_s": round(first, 2), "ingest_chunks_per_s": round(report.chunks / first, 1),
           "ingest_texts_per_s": round(len(texts) / first, 1), "raw_embed_texts_per_s": round(raw, 1),
           "ingest_vs_raw": round(len(texts) / first / raw, 3),
           "ingest_embedding_share": round(report.embedding_s / first, 3), "reingest_s": round(second, 3),
           "reingest_share": round(second / first, 4)}  # fmt: skip
    bot = Bot(settings, index)
    out.update(measure_queries(bot, questions(), rounds))
    got = measure_queries(bot, questions(), rounds, uncached=True)
    out.update({f"uncached_{k}": v for k, v in got.items() if k.startswith("answer_p")})
    if name == "seeds":  # the other answer models (BOT_ANSWER_MODEL) against the default, on the same index
        out.update(answerers(settings, index, rounds, probe=not settings.chroma_url))
        if settings.qa_vectors:  # BOT_QA_VECTORS=false in the same run: ingest and answers without that model
            fast = settings.model_copy(update={"qa_vectors": False, "collection": settings.collection + "_fast"})
            fast_index = Index(fast, embeddings)
            t = time.perf_counter()
            ingest(corpus, fast, fast_index, progress=False)
            out["fast_ingest_s"] = round(time.perf_counter() - t, 2)
            out["ingest_vs_fast"] = round(out["fast_ingest_s"] / first, 3)
            got = measure_queries(Bot(fast, fast_index), questions(), rounds)
            out.update({f"fast_{k}": v for k, v in got.items() if k.startswith("answer_p")})
    if not settings.chroma_url:
        out["index_mb"] = du(settings.index_path)
    return out


def stamp() -> dict:
    """Where and when a benchmark ran."""
    return {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip


PROBE_QUESTIONS = 40  # the accurate setting takes ~5 s an answer: one round over this many gold questions


def answerers(settings: Settings, index, rounds: int, probe: bool = True) -> dict:
    """The other answer models (BOT_ANSWER_MODEL) on the same index, warm: `features` and `reader` over every
    gold question `rounds` times, and, if `probe` and `make llm` has run, `probe` (the accurate setting) once
    over the first PROBE_QUESTIONS, with the default timed again over the same questions for its ratio."""
    from bot.answer.probe import check
    from bot.chain import Bot
    from bot.errors import ConfigError

    out = {}
    for model in ("features", "reader"):
        got = measure_queries(Bot(settings.model_copy(update={"answer_model": model}), index), questions(), rounds)
        out.update({f"{model}_{k}": v for k, v in got.items() if k.startswith("answer_p")})
    if not probe:
        return out
    try:
        check(settings.probe_model)
    except ConfigError as e:
        out["probe_skipped"] = str(e)
        return out
    qs = questions()[:PROBE_QUESTIONS]
    base = measure_queries(Bot(settings, index), qs, 1)
    got = measure_queries(Bot(settings.model_copy(update={"answer_model": "probe"}), index), qs, 1)
    out.update({f"probe_{k}": v for k, v in got.items() if k.startswith("answer_p")})
    out.update({"probe_questions": len(qs), "probe_vs_default_p50": round(got["answer_p50_ms"] / base["answer_p50_ms"], 1),
                "probe_default_answer_p50_ms": base["answer_p50_ms"]})  # fmt: skip
    return out


def answerers_only(out: Path | None = None) -> dict:
    """`bot bench --answerers`: the seed articles only, every answer model against the default, warm."""
    from bot.chain import Bot
    from bot.embeddings import MiniLMEmbeddings
    from bot.index import Index
    from bot.ingest import ingest

    out = out or PROJECT_ROOT / "evals" / "bench-answerers.json"
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(index_path=Path(tmp) / "index", corpus=SEEDS)
        index = Index(settings, MiniLMEmbeddings())
        ingest(SEEDS, settings, index, progress=False)
        result = {**stamp(), **{k: v for k, v in measure_queries(Bot(settings, index), questions(), 3).items()
                                if k.startswith("answer_p")}, **answerers(settings, index, 3)}  # fmt: skip
    out.write_text(json.dumps(result, indent=1))
    print_answerers(result)
    print(f"saved {out}")
    return result


def print_answerers(r: dict) -> None:
    """One line per answer model: warm p50 / p95 ms on the seed articles."""
    print(f"answers on the seed articles, warm p50 / p95: matching (default) {r['answer_p50_ms']} / {r['answer_p95_ms']} ms"
          f"; features {r['features_answer_p50_ms']} / {r['features_answer_p95_ms']} ms"
          f"; reader {r['reader_answer_p50_ms']} / {r['reader_answer_p95_ms']} ms")  # fmt: skip
    if "probe_answer_p50_ms" in r:
        print(f"probe (the accurate setting), {r['probe_questions']} questions: {r['probe_answer_p50_ms']} / "
              f"{r['probe_answer_p95_ms']} ms, {r['probe_vs_default_p50']} x the default's p50 "
              f"({r['probe_default_answer_p50_ms']} ms) on the same questions")  # fmt: skip
    else:
        print(f"probe (the accurate setting): not measured ({r.get('probe_skipped', 'not run')})")


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    import chromadb

    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    proc = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    for _ in range(150):
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma run did not start")


BASELINE_IMPORTS = "import chromadb, onnxruntime, tokenizers, langchain_core"


def cold_ask(env: dict, pairs: int = 5, question: str = "Who is Josef Kraus?") -> dict:
    """A cold `bot ask` against a cold import of the libraries every answer needs, timed in
    alternating pairs (so machine drift hits both alike); medians, the ratio, and the ask's
    import / build / answer split (import = wall - build - answer, interpreter start included)."""
    base, asks, builds, answers = [], [], [], []
    for _ in range(pairs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", BASELINE_IMPORTS], env=env, capture_output=True, check=True)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--timings", question], env=env,
                             capture_output=True, text=True, check=True)  # fmt: skip
        asks.append(time.perf_counter() - t)
        split = json.loads(out.stderr.strip().splitlines()[-1])
        builds.append(split["build_s"])
        answers.append(split["answer_s"])
    med = statistics.median
    return {"imports_cold_s": round(med(base), 3), "ask_cold_s": round(med(asks), 3),
            "ask_cold_ratio": round(med(a / b for a, b in zip(asks, base)), 2),
            "ask_split_s": {"import": round(med(asks) - med(builds) - med(answers), 3),
                            "build": round(med(builds), 3), "answer": round(med(answers), 3)}}  # fmt: skip


def first_answer_after_serve(env: dict, port: int) -> tuple[float, subprocess.Popen]:
    """Seconds from launching `bot serve` to the first answer over the API."""
    body = json.dumps({"messages": [{"role": "user", "content": "Who is Josef Kraus?"}]}).encode()
    t = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    while True:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", body,
                                         {"Content-Type": "application/json"})  # fmt: skip
            urllib.request.urlopen(req, timeout=30).read()
            return time.perf_counter() - t, server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("bot serve exited") from None
            time.sleep(0.05)


def cold_starts(tmp: Path) -> dict:
    from evals.soak import free_port

    env = {**os.environ, "BOT_INDEX_PATH": str(tmp / "cold-index"), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1"}  # fmt: skip
    env.pop("BOT_API_KEY", None)
    subprocess.run([sys.executable, "-m", "bot.cli", "ingest"], env=env, capture_output=True, check=True)
    result = cold_ask(env)
    port = free_port()
    t = time.perf_counter()
    first, server = first_answer_after_serve(env, port)
    result["serve_first_answer_s"] = round(first, 2)
    while True:  # the page is mounted a little later; the concurrency runs go through it
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    result["serve_page_ready_s"] = round(time.perf_counter() - t, 2)
    return result, server, port


def cold_only(out: Path | None = None) -> dict:
    """`bot bench --cold`: only the cold-start figures (about a minute)."""
    out = out or PROJECT_ROOT / "evals" / "bench-cold.json"
    with tempfile.TemporaryDirectory() as tmp:
        result, server, _ = cold_starts(Path(tmp))
        server.terminate()
        server.wait(timeout=30)
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result))
    return result


def concurrency(server: subprocess.Popen, port: int, levels=(8, 32), per_client: int = 10) -> list[dict]:
    from evals.soak import soak

    return [soak(f"http://127.0.0.1:{port}/", server.pid, c * per_client, c) for c in levels]


def main(quick: bool = False, out: Path | None = None, largest: int = 10000) -> dict:
    from bot.embeddings import MiniLMEmbeddings
    from evals.soak import free_port

    out = out or PROJECT_ROOT / "evals" / ("bench-quick.json" if quick else "bench.json")
    sizes = [("seeds", 0), ("300 docs", 300)] if quick else [("seeds", 0), ("1k docs", 1000), ("10k docs", 10000)]
    sizes = [(name, n) for name, n in sizes if n <= largest]
    rounds = 1 if quick else 3
    embeddings = MiniLMEmbeddings()
    result = {**stamp(), "quick": quick, "embedded": [], "server": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, n in sizes:
            corpus = SEEDS if n == 0 else synthetic_corpus(tmp / f"corpus-{n}", n)
            settings = Settings(index_path=tmp / f"index-{n}", corpus=corpus)
            result["embedded"].append(one_size(name, corpus, settings, embeddings, rounds))
            print(json.dumps(result["embedded"][-1]), flush=True)
        port = free_port()
        server = start_chroma(tmp / "chroma-server", port)
        try:
            for name, n in sizes[: 1 if quick else 2]:
                corpus = SEEDS if n == 0 else tmp / f"corpus-{n}"
                settings = Settings(chroma_url=f"http://127.0.0.1:{port}", collection=f"bench{n}", corpus=corpus)
                result["server"].append(one_size(name, corpus, settings, embeddings, rounds))
                print(json.dumps(result["server"][-1]), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
        from evals.bench_formats import document_ingest

        result["documents"] = document_ingest(embeddings, pages=10 if quick else 40)
        print(json.dumps(result["documents"]), flush=True)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        cold, app, port = cold_starts(tmp)
        result.update(cold)
        try:
            result["concurrency"] = concurrency(
                app, port, levels=(8,) if quick else (8, 32), per_client=5 if quick else 10
            )
        finally:
            app.terminate()
            app.wait(timeout=30)
    out.write_text(json.dumps(result, indent=1))
    print_table(result)
    print(f"saved {out}")
    return result


def print_table(r: dict) -> None:
    print(f"\nmachine: {r['machine']}; date: {r['date']}")
    head = ("size", "docs", "chunks", "ingest_chunks_per_s", "ingest_vs_raw", "ingest_embedding_share",
            "reingest_share", "retrieve_p50_ms", "answer_p50_ms", "answer_p95_ms", "answer_p99_ms",
            "uncached_answer_p50_ms", "uncached_answer_p95_ms")  # fmt: skip
    print("| mode | " + " | ".join(head) + " |")
    print("|---" * (len(head) + 1) + "|")
    for mode in ("embedded", "server"):
        for row in r[mode]:
            print(f"| {mode} | " + " | ".join(str(row.get(h, "")) for h in head) + " |")
    print(
        f"peak RSS {r['peak_rss_mb']} MB; bot ask cold {r['ask_cold_s']} s = {r['ask_cold_ratio']} x the imports "
        f"({r['imports_cold_s']} s; split {r['ask_split_s']}); first answer after `bot serve` {r['serve_first_answer_s']} s"
    )
    seeds = r["embedded"][0] if r["embedded"] else {}
    if "features_answer_p50_ms" in seeds:
        print_answerers(seeds)
    if "fast_ingest_s" in seeds:
        print(f"seeds with BOT_QA_VECTORS=false: ingest {seeds['fast_ingest_s']} s against {seeds['ingest_s']} s "
              f"({seeds['ingest_vs_fast']} of the time); answers p50 / p95 {seeds['fast_answer_p50_ms']} / "
              f"{seeds['fast_answer_p95_ms']} ms against {seeds['answer_p50_ms']} / {seeds['answer_p95_ms']} ms")  # fmt: skip
    if "documents" in r:
        d = r["documents"]
        print(f"documents: a {d['pdf_pages']}-page PDF extracts at {d['pdf_extract_pages_per_s']} pages/s; ingest of it "
              f"with a .docx and an .html: {d['ingest_pages_per_s']} pages/s, {d['extraction_share']:.0%} extracting, "
              f"{d['embedding_share']:.0%} embedding")  # fmt: skip
    for c in r.get("concurrency", []):
        print(f"{c['clients']} clients: {c['answers_per_s']} answers/s, p95 {c['p95_ms']} ms, {c['errors']} errors")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
