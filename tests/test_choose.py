"""Choose or refuse: the scorer's probabilities decide, and a few checks a
reader of the answer would agree with hold whatever the scores say. `also` is a
share of the best candidate's probability."""

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.choose import choose
from bot.types import Sentence


def cands(*texts: str) -> list[Candidate]:
    out, at = [], 0
    for t in texts:
        out.append(Candidate(Sentence(t, "doc.txt", at, at + len(t), 1), "", 0.5))
        at += len(t) + 1
    return out


def test_the_most_probable_sentence_answers_when_it_clears_the_threshold():
    c = cands("He lives in Tel Aviv now.", "He wrote speeches.")
    choice = choose("Where does he live?", c, np.array([0.9, 0.2]), threshold=0.4, also=0.6, most=3)
    assert [x.sentence.text for x in choice.picked] == ["He lives in Tel Aviv now."]
    assert choice.best == np.float32(0.9)


def test_below_the_threshold_it_refuses_but_keeps_the_closest_passage():
    c = cands("Tanks were promised to Kyiv.", "The weather was cold.")
    choice = choose("Which tanks reached Kyiv?", c, np.array([0.3, 0.1]), threshold=0.4, also=0.6, most=3)
    assert choice.picked == []
    assert choice.closest.sentence.text == "Tanks were promised to Kyiv."


def test_a_sentence_that_asks_a_question_never_answers_one():
    c = cands("Is it true that Putin is ill?", "Nobody knows whether Putin is ill.")
    choice = choose("Is Putin ill?", c, np.array([0.99, 0.5]), threshold=0.4, also=0.6, most=3)
    assert [x.sentence.text for x in choice.picked] == ["Nobody knows whether Putin is ill."]


def test_an_interviewers_question_in_quotes_brackets_or_markdown_bold_is_still_a_question():
    c = cands(
        "**What do you think of the supermarket bakeries?**",
        "“Is that true?”",
        "(Really?)",
        "I don't see them as the enemy.",
    )
    choice = choose("What does she think of the bakeries?", c, np.array([0.99, 0.98, 0.97, 0.5]), threshold=0.4,
                    also=0.6, most=3)  # fmt: skip
    assert [x.sentence.text for x in choice.picked] == ["I don't see them as the enemy."]


def test_a_how_many_question_needs_a_sentence_that_states_a_number():
    c = cands("Many tanks were sent.", "Germany sent 14 tanks.", "Several brigades moved.")
    choice = choose("How many tanks did Germany send?", c, np.array([0.9, 0.6, 0.1]), threshold=0.4, also=0.95, most=3)
    assert [x.sentence.text for x in choice.picked] == ["Germany sent 14 tanks."]


def test_sentences_nearly_as_probable_as_the_best_join_in_file_order_up_to_the_limit():
    c = cands("First part.", "Unrelated.", "Second part.", "Third part.")
    choice = choose("Two-part question?", c, np.array([0.7, 0.1, 0.9, 0.65]), threshold=0.4, also=0.6, most=2)
    assert [x.sentence.text for x in choice.picked] == ["First part.", "Second part."]


def test_a_sentence_repeated_word_for_word_is_quoted_once():
    c = cands("Teams met every month.", "Teams met every month.", "Sales rose.")
    choice = choose("When did teams meet?", c, np.array([0.99, 0.98, 0.97]), threshold=0.4, also=0.95, most=3)
    assert [c.sentence.text for c in choice.picked] == ["Teams met every month.", "Sales rose."]
