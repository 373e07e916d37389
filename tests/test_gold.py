"""The gold set itself: enough questions of every kind, verbatim spans."""

from collections import Counter
from pathlib import Path

from bot.config import PROJECT_ROOT
from evals.run import SEEDS, corpus_of, load_gold, read


def test_every_gold_span_occurs_verbatim_in_its_files():
    for row in load_gold():
        for span in row["spans"]:
            assert any(span in read(src) for src in row["sources"]), (row["id"], span)


def test_every_question_is_asked_of_the_folder_that_holds_its_files():
    for row in load_gold():
        assert (PROJECT_ROOT / corpus_of(row)).is_dir(), row["id"]
        assert all(Path(src).parent == Path(corpus_of(row)) for src in row["sources"]), row["id"]


def test_the_gold_set_has_the_required_mix_and_a_held_out_test_split():
    rows = load_gold()
    kinds = Counter(r["kind"] for r in rows)
    assert len(rows) >= 40
    assert sum(not r["answerable"] for r in rows) >= 10
    for kind in ("fact", "who", "number", "when", "paraphrase", "two-docs", "premise", "off-topic", "not-stated"):
        assert kinds[kind] >= 1, kind
    splits = Counter(r["split"] for r in rows)
    assert splits["test"] >= 15 and splits["fresh"] >= 100
    unseen = [r for r in rows if r["split"] == "unseen"]  # documents of other kinds than the seed articles
    assert len(unseen) >= 60 and sum(not r["answerable"] for r in unseen) >= 15
    assert len({src for r in unseen for src in r["sources"]}) >= 6
    assert all(corpus_of(r) != SEEDS for r in unseen)
