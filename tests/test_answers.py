"""Answers on the real seeds: retrieval finds the evidence, every sentence
carries a marker, every citation is an exact span of its file, and the bot
refuses what the documents do not say."""

import re

import pytest

from bot.config import PROJECT_ROOT


def exact(citation) -> bool:
    text = (PROJECT_ROOT / citation.source).read_text(encoding="utf-8")
    return text[citation.start : citation.end] == citation.quote


def test_hybrid_retrieval_finds_the_interview_for_gallyamov(seeded):
    docs = seeded.retriever.invoke("Where does Abbas Gallyamov live now?")
    assert docs[0].metadata["source"] == "seeds/004_23f3e9abca8474ef.txt"
    assert {"source", "start", "end", "line", "score"} <= set(docs[0].metadata)
    text = (PROJECT_ROOT / docs[0].metadata["source"]).read_text(encoding="utf-8")
    assert text[docs[0].metadata["start"] : docs[0].metadata["end"]] == docs[0].page_content


def test_retrieval_reads_the_question_answering_vectors_too_and_keeps_each_rankings_best(seeded):
    """A paraphrase shares few words with its evidence; the question-answering model's sentence vectors
    are the fourth ranking of the fusion, and each ranking's best chunk keeps a place."""
    question = "Which excuse does Moscow give for attacking its neighbour?"
    best = seeded.index.qa_sentence_search(question, 5)
    assert best and "seeds/" in best[0][0].source
    passages = seeded.retrieve(question)
    assert best[0][0].id in {p.chunk.id for p in passages}
    for source in {p.chunk.source for p in passages}:  # the source filter holds for this ranking as well
        assert {c.source for c, _ in seeded.index.qa_sentence_search(question, 5, source=source)} == {source}


@pytest.mark.parametrize(
    "question, expected, source",
    [
        ("Where does Abbas Gallyamov live now?", "Tel Aviv", "seeds/004_23f3e9abca8474ef.txt"),
        ("When was the NATO-Russia Council founded?", "2002", "seeds/002_a32b31f8f4665c4d.txt"),
        ("Which ship's sinking outraged Putin?", "cruiser Moscow", "seeds/003_7efb122e67c28a6b.txt"),
    ],
)
def test_answers_quote_the_evidence_with_exact_citations(seeded, question, expected, source):
    answer = seeded.ask(question)
    assert not answer.refused
    assert expected in answer.text
    assert source in {c.source for c in answer.citations}
    assert all(exact(c) for c in answer.citations)


def test_every_answer_sentence_ends_with_a_marker_that_resolves(seeded):
    answer = seeded.ask("Which hard-line advisers is Putin increasingly relying on?")
    ids = {c.id for c in answer.citations}
    for sentence, cited in answer.sentences:
        assert cited and set(cited) <= ids
        assert f"{sentence} [{cited[0]}]" in answer.text
    assert re.fullmatch(r"(.+? \[\d+\])( .+? \[\d+\])*", answer.text)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of Australia?",
        "Who won the 2018 FIFA World Cup?",
        "How many tanks did Germany send to Ukraine?",
        pytest.param(
            "When was Vladimir Putin born?",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known miss since the scorer reads the cross-encoder: it quotes the sentence calling Putin "
                "'the 69-year-old' at P(answer) 0.45, above the calibrated 0.40 (gold dev question 50, counted there)",
            ),
        ),
    ],
)
def test_refuses_what_the_documents_do_not_say(seeded, question):
    answer = seeded.ask(question)
    assert answer.refused
    assert answer.text.startswith("The documents don't say")


def test_a_refusal_says_what_was_searched_and_shows_the_closest_passage_exactly(seeded):
    answer = seeded.ask("How many tanks did Germany send to Ukraine?")
    assert answer.refused and "I searched for “How many tanks did Germany send to Ukraine?”" in answer.text
    assert answer.closest is not None and exact(answer.closest)
    assert answer.confidence is not None and answer.confidence < seeded.reader.threshold


@pytest.mark.parametrize(
    "question, expected",
    [  # worded away from the articles (none of these is an eval question)
        pytest.param(
            "In which city has the Kremlin's former speechwriter settled?",
            "Tel Aviv",
            marks=pytest.mark.xfail(
                strict=True,
                reason="two hops (speechwriter -> Gallyamov -> Tel Aviv): the chunk is retrieved now, but the "
                "scorer quotes the sentence that says who wrote the speeches, not where he lives",
            ),
        ),
        ("Which nation's experience with secondary sanctions is held up as an example?", "Iran"),
        ("What age was the Russian president when he began the full-scale assault?", "69-year-old"),
    ],
)
def test_paraphrased_questions_are_answered_from_the_sentence_that_says_it(seeded, question, expected):
    answer = seeded.ask(question)
    assert not answer.refused and expected in answer.text
    assert all(exact(c) for c in answer.citations)


def test_what_someone_said_is_quoted_from_them(seeded):
    # 002 quotes Pasi Eronen on China a few paragraphs after naming Blinken.
    eronen = seeded.ask("What did Pasi Eronen say about China?")
    assert not eronen.refused and "China and other revisionists" in eronen.text


@pytest.mark.xfail(
    strict=True,
    reason="the scorer answers with Blinken's own sentence on another subject, above the "
    "threshold: who said what about which topic is beyond its features",
)
def test_what_someone_did_not_say_is_not_borrowed_from_the_next_speaker(seeded):
    # "What did Antony Blinken say about China?" is also a training question (evals/train/lead.jsonl).
    blinken = seeded.ask("What did Antony Blinken say about China?")
    assert blinken.refused and blinken.citations == []


@pytest.mark.xfail(strict=True, reason="the sentences of the list score far below the one announcing it")
def test_a_sentence_announcing_a_list_brings_the_list(seeded):
    answer = seeded.ask("Which theories try to explain why Putin invaded Ukraine?")
    assert "a number of theories have been proposed" in answer.text
    assert "Putin Paradox" in answer.text and len(answer.citations) >= 2


def test_a_false_premise_gets_the_documents_version(seeded):
    answer = seeded.ask("What is the exact confirmed death toll of the war in Ukraine?")
    assert not answer.refused
    assert "no exact figure has been confirmed" in answer.text


def test_bm25_search_matches_rank_bm25_scores(seeded):
    from bot.lexical import words

    view = seeded.index.search.bm25()
    model, chunks = view.model, view.chunks
    for q in ["Where does Abbas Gallyamov live now?", "Putin Putin sanctions", "zzz unknown words"]:
        expected = sorted(((s, i) for i, s in enumerate(model.get_scores(words(q))) if s > 0), key=lambda x: -x[0])
        got = seeded.index.search.bm25_search(words(q), 20)
        assert [c.id for c, _ in got] == [chunks[i].id for _, i in expected[:20]]
        assert all(abs(a - e) < 1e-9 for (_, a), (e, _) in zip(got, expected, strict=False))


def test_words_in_quotes_match_the_bare_word():
    from bot.followup import NAME
    from bot.question import stems, tokens

    text = "the ‘Orange Revolution’ and Putin’s 'hard line' 69-year-old"
    assert tokens(text) == ["the", "Orange", "Revolution", "and", "Putin’s", "hard", "line", "69-year-old"]
    assert stems("Revolution’") == stems("revolution")
    assert NAME.findall("He met ‘Orange Revolution’ leaders in Tel Aviv.") == ["He", "Orange Revolution", "Tel Aviv"]
