"""The answer scorer: general features, word-by-word matching, and models that are
what the training script makes from the training questions, and that pick the
evidence more often than cosine does on documents they never saw."""

import json
import subprocess
import sys

import numpy as np
import pytest

from bot.answer.candidates import Candidate
from bot.answer.features import NAMES, content_pieces, features, matching, qtype
from bot.answer.probe import SCORER_CARD
from bot.answer.scorer import CARD, FAST_CARD, READ_NAMES, Scorer
from bot.config import PROJECT_ROOT
from bot.types import Sentence


def cands(question: str, *texts: str) -> list[Candidate]:
    """Candidates as the answer path gathers them, with both models' real cosines."""
    from bot.minilm import MiniLM
    from bot.qa import QAVectors

    minilm, qa = MiniLM(), QAVectors()
    cos, qa_cos = minilm.embed(list(texts)) @ minilm.embed([question])[0], qa.passages(list(texts)) @ qa.query(question)
    out, at = [], 0
    for i, t in enumerate(texts):
        prev = out[-1] if out else None
        out.append(Candidate(Sentence(t, "doc.txt", at, at + len(t), 1), prev.sentence.text if prev else "",
                             float(cos[i]), prev.cos if prev else 0.0, float(qa_cos[i])))  # fmt: skip
        at += len(t) + 1
    return out


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many tanks did Germany send?", "amount"),
        ("Who leads the agency?", "who"),
        ("In which year did the war start?", "what"),
        ("Is the office open on Sundays?", "yesno"),
        ("Why did he leave Russia?", "why"),
    ],
)
def test_the_question_word_says_what_kind_of_answer_is_wanted(question, kind):
    assert qtype(question) == kind


def test_a_sentence_with_the_questions_rare_words_covers_more_of_it():
    x = features(
        "How much is the hotel limit in Berlin?",
        ["Hotels in Berlin are reimbursed up to 220 euros a night.", "The limit is set by the travel desk."],
        ["", ""],
        [0.5, 0.5],
        [0.0, 0.0],
        [0.8, 0.8],
    )
    cover = NAMES.index("cover")
    assert x[0, cover] > x[1, cover]


def test_word_by_word_matching_finds_each_question_word_and_the_one_that_is_missing():
    q = np.eye(3, 8, dtype=np.float32)  # three question pieces, orthogonal unit vectors
    has_all = np.eye(3, 8, dtype=np.float32)
    lacks_one = np.eye(3, 8, dtype=np.float32)[:2]
    m = matching(q, [has_all, lacks_one], [None, None])
    soft, soft_min = m[:, 0], m[:, 3]
    assert soft[0] == pytest.approx(1.0) and soft[1] == pytest.approx(2 / 3)
    assert soft_min[0] == pytest.approx(1.0) and soft_min[1] == pytest.approx(0.0)


def test_stop_words_are_not_question_content():
    tokens = ["what", "is", "the", "mileage", "rate", "?"]
    vecs = np.eye(6, 4, dtype=np.float32)
    assert len(content_pieces(tokens, vecs)) == 2


@pytest.fixture(scope="module")
def model():
    from bot.minilm import MiniLM

    return MiniLM()


def test_the_sentence_that_answers_gets_the_probability_and_an_off_topic_question_is_refused(model):
    scorer = Scorer("matching", model)
    texts = (
        "The company provides a laptop and a monitor for home working.",
        "Equipment remains company property and must be returned when employment ends.",
        "Hotel costs are reimbursed up to 150 euros per night.",
    )
    ok = np.ones(len(texts), dtype=bool)
    question = "Do I have to give the laptop back when I leave?"
    p = scorer.probabilities(question, cands(question, *texts), ok)
    assert int(np.argmax(p)) == 1 and p[1] >= scorer.threshold
    off_topic = "Who won the 2018 FIFA World Cup?"
    off = scorer.probabilities(off_topic, cands(off_topic, *texts), ok)
    assert off.max() < scorer.threshold


def test_a_sentences_word_pieces_are_the_same_alone_batched_or_kept(model):
    short, long = "Equipment remains company property.", "Hotel costs are reimbursed up to 150 euros per night " * 3
    model.token_vectors_cached.cache_clear()
    alone = model.token_vectors([short])[0]
    batched = model.token_vectors([long, short, "Is it?"])[1]  # padded to the long one
    kept = model.token_vectors_cached(short)
    assert alone[0] == batched[0] == kept[0]
    np.testing.assert_array_equal(alone[1], batched[1])
    np.testing.assert_array_equal(alone[1], kept[1])
    assert model.token_vectors_cached(short) is kept  # the second time, from the cache


def test_a_question_is_read_once_for_its_vector_and_its_word_pieces(model):
    question = "Who pays for hotel costs?"
    model.read.cache_clear()
    model.embed_cached.cache_clear()
    vector, pieces, vecs = model.read(question)
    np.testing.assert_array_equal(vector, model.embed([question])[0])  # what retrieval searches with
    alone = model.token_vectors([question])[0]  # what the scorer matches word by word
    assert pieces == alone[0]
    np.testing.assert_array_equal(vecs, alone[1])
    assert model.embed_cached(question) is vector and model.read.cache_info().misses == 1


def test_a_candidate_that_cannot_answer_gets_nothing(model):
    c = cands(
        "Is the laptop company property?", "Is the laptop company property?", "Equipment remains company property."
    )
    p = Scorer("matching", model).probabilities("Is the laptop company property?", c, np.array([False, True]))
    assert p[0] == 0.0 and p[1] > 0.0


def test_the_shipped_scorers_are_what_training_makes_and_beat_cosine_on_unseen_documents(tmp_path):
    """Re-make the training pairs with the real pipeline, retrain the three cards (with the cross-encoder's
    out-of-fold logits; without them, as the probe reads; without the question-answering model) and
    compare with bot/data/scorer.json, scorer-probe.json and scorer-fast.json."""
    pairs, pairs_fast = tmp_path / "pairs.jsonl", tmp_path / "pairs-fast.jsonl"
    card, plain, fast = tmp_path / "scorer.json", tmp_path / "scorer-probe.json", tmp_path / "scorer-fast.json"
    logits = PROJECT_ROOT / "evals" / "reader-logits.jsonl"
    for script, args in (("reader_pairs.py", [pairs]), ("reader_pairs.py", [pairs_fast, "--no-qa"]),
                         ("train_scorer.py", [pairs, card, "--read-logits", logits]), ("train_scorer.py", [pairs, plain]),
                         ("train_scorer.py", [pairs_fast, fast, "--no-qa"])):  # fmt: skip
        subprocess.run([sys.executable, PROJECT_ROOT / "scripts" / script, *args], check=True, cwd=PROJECT_ROOT)
    for made_path, shipped_path in ((card, CARD), (plain, SCORER_CARD), (fast, FAST_CARD)):
        made, shipped = json.loads(made_path.read_text()), json.loads(shipped_path.read_text())
        assert made["read_names"] == shipped["read_names"] == (READ_NAMES if shipped_path == CARD else [])
        for mode in ("features", "matching"):
            assert abs(made[mode]["threshold"] - shipped[mode]["threshold"]) <= 0.05 + 1e-9
            np.testing.assert_allclose(made[mode]["ranker"]["weights"], shipped[mode]["ranker"]["weights"], atol=0.05)
            per_doc = made[mode]["calibration"]["per document"].values()
            mean = np.mean([d["first pick"] for d in per_doc])
            assert mean > np.mean([d["cosine first pick"] for d in per_doc]) + 0.05, (shipped_path.name, mode)
    reading, not_reading = (json.loads(p.read_text())["matching"]["calibration"] for p in (card, plain))
    first = [np.mean([d["first pick"] for d in c["per document"].values()]) for c in (reading, not_reading)]
    assert first[0] > first[1]  # the cross-encoder earns its cost, on documents it never saw
    with_qa, without = json.loads(plain.read_text())["matching"], json.loads(fast.read_text())["matching"]
    at = {c["threshold"]: c for c in without["calibration"]["curve"]}
    chosen = next(c for c in with_qa["calibration"]["curve"] if c["threshold"] == with_qa["threshold"])
    assert chosen["right decisions"] > at[without["threshold"]]["right decisions"]  # the second model earns its cost
