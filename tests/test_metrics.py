"""Known-bad answers must score low; a good one scores high."""

import pytest

from bot.types import Answer, Chunk, Citation, Passage
from bot.verify import Judge
from evals.metrics import score
from evals.run import read

SRC = "seeds/004_23f3e9abca8474ef.txt"
QUOTE = "Gallyamov answers the phone from Tel Aviv, where he lives, after leaving Russia for security reasons."
ROW = {"id": 1, "split": "dev", "kind": "where", "question": "Where does Abbas Gallyamov live now?", "answerable": True,
       "answer": "Tel Aviv.", "facts": ["Tel Aviv"], "sources": [SRC], "spans": [QUOTE]}  # fmt: skip
UNANSWERABLE = {
    **ROW,
    "answerable": False,
    "facts": [],
    "sources": [],
    "spans": [],
    "question": "Capital of Australia?",
}


@pytest.fixture(scope="module")
def judge(embeddings):
    return Judge(embeddings)


def answer(text, citations, refused=False):
    start = read(SRC).find(QUOTE)
    chunk = Chunk("x", read(SRC)[start - 200 : start + len(QUOTE)], SRC, start - 200, start + len(QUOTE), 9)
    return Answer(ROW["question"], text, refused, citations, [], [Passage(chunk, 1.0, 1)], timings_ms={"total": 1.0})


def good_citation(**change):
    start = read(SRC).find(QUOTE)
    return Citation(
        **{"id": 1, "source": SRC, "start": start, "end": start + len(QUOTE), "line": 11, "quote": QUOTE, **change}
    )


def test_a_good_answer_scores_full_marks(judge):
    m = score(ROW, answer(f"{QUOTE} [1]", [good_citation()]), read, judge)
    assert (m["citation_exactness"], m["citation_coverage"], m["citation_recall"], m["groundedness"]) == (1, 1, 1, 1)
    assert m["correct"] and m["cites_gold"] and m["recall_at_k"] == 1 and m["mrr"] == 1


def test_an_uncited_sentence_lowers_coverage_and_recall(judge):
    m = score(ROW, answer(f"{QUOTE} [1] He also owns a bakery in Haifa.", [good_citation()]), read, judge)
    assert m["citation_coverage"] == 0.5
    assert m["citation_recall"] == 0.5
    assert m["groundedness"] == 0.5


def test_a_citation_to_the_wrong_file_is_not_exact_and_not_gold():
    m = score(ROW, answer(f"{QUOTE} [1]", [good_citation(source="seeds/000_f55471ebcdeb3b91.txt")]), read, Judge())
    assert m["citation_exactness"] == 0
    assert not m["cites_gold"]


def test_a_quote_that_is_not_in_the_file_is_not_exact(judge):
    m = score(ROW, answer(f"{QUOTE} [1]", [good_citation(quote="Gallyamov lives in London.")]), read, judge)
    assert m["citation_exactness"] == 0
    assert m["citation_recall"] == 0


def test_a_claim_the_cited_passage_does_not_support_scores_zero(judge):
    m = score(ROW, answer("Gallyamov lives in London and runs a bakery. [1]", [good_citation()]), read, judge)
    assert m["citation_recall"] == 0 and m["citation_precision"] == 0 and m["groundedness"] == 0
    assert not m["correct"]


def test_an_answer_to_an_unanswerable_question_is_a_refusal_failure(judge):
    m = score(UNANSWERABLE, answer(f"{QUOTE} [1]", [good_citation()]), read, judge)
    assert m["refusal_correct"] is False
    m = score(UNANSWERABLE, answer("The documents don't say.", [], refused=True), read, judge)
    assert m["refusal_correct"] is True
