"""The ablation's cosine-only answerer goes through the same answer path as the scorer (a full
ablation run takes ~10 minutes, too long for the suite; this keeps its baseline working)."""

from bot.answer import extract
from evals.ablation import Cosine


def test_the_cosine_only_baseline_quotes_the_sentence_closest_to_the_question(seeded):
    question = "Where does Abbas Gallyamov live now?"
    answer = extract(question, question, seeded.retrieve(question), seeded.index.search, Cosine(), seeded.settings)
    assert not answer.refused and len(answer.citations) == 1
    assert "Tel Aviv" in answer.citations[0].quote
