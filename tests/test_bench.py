"""The small benchmark in CI: it guards ratios measured in the same run
(never absolute times), so a slower or busier machine does not fail it."""

import pytest

pytestmark = pytest.mark.slow


def test_quick_benchmark_ratios(tmp_path):
    from evals.bench import main

    r = main(quick=True, out=tmp_path / "bench.json")
    seeds, bigger = r["embedded"]
    assert seeds["reingest_share"] <= 0.05 and bigger["reingest_share"] <= 0.05  # unchanged re-ingest is ~free
    # Ingest runs at >= 0.8 x the embedding model's own speed: >= 80 % of its time is spent inside the
    # model, timed in the same ingest. (`ingest_vs_raw`, the model timed again separately, is reported
    # but not asserted: with unchanged code it measured 0.74 to 1.44 here, the machine's own drift.)
    assert seeds["ingest_embedding_share"] >= 0.8 and bigger["ingest_embedding_share"] >= 0.8
    growth = bigger["answer_p50_ms"] / seeds["answer_p50_ms"]
    assert growth < bigger["chunks"] / seeds["chunks"] / 4  # query cost grows far slower than the corpus
    assert r["concurrency"][0]["errors"] == 0
    docs = r["documents"]  # a real 10-page PDF with a .docx and an .html: reading them is cheap next to embedding
    assert docs["pdf_pages"] == 10 and docs["files"] == 3 and docs["extraction_share"] < docs["embedding_share"] / 4
