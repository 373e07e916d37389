"""The small benchmark in CI: it guards ratios measured in the same run
(never absolute times), so a slower or busier machine does not fail it."""

import pytest

pytestmark = pytest.mark.slow


def test_quick_benchmark_ratios(tmp_path):
    from evals.bench import main

    r = main(quick=True, out=tmp_path / "bench.json")
    seeds, bigger = r["embedded"]
    assert seeds["reingest_share"] <= 0.05 and bigger["reingest_share"] <= 0.05  # unchanged re-ingest is ~free
    assert bigger["ingest_vs_raw"] >= 0.8  # ingest runs near the embedding model's own speed
    growth = bigger["answer_p50_ms"] / seeds["answer_p50_ms"]
    assert growth < bigger["chunks"] / seeds["chunks"] / 4  # query cost grows far slower than the corpus
    assert r["concurrency"][0]["errors"] == 0
