"""answer_model=likelihood, the accurate setting: the local LLM re-reads the scorer's best few
candidates by how likely each makes the question; what it re-orders is only those few, and the
refusal stays the scorer's."""

from importlib.util import find_spec

import numpy as np
import pytest
from test_scorer import cands, model  # noqa: F401  (its MiniLM fixture)

from bot.answer.likelihood import Likelihood, QueryLikelihood
from bot.answer.scorer import Scorer
from bot.config import Settings

LLM = Settings().likelihood_model
needs_llm = pytest.mark.skipif(
    not LLM.is_file() or find_spec("llama_cpp") is None,
    reason="the local LLM is an optional extra (`make llm`: ~12 min to build, 1.1 GB); CI does not build it",
)
TEXTS = (
    "The company provides a laptop and a monitor for home working.",
    "Equipment remains company property and must be returned when employment ends.",
    "Staff who leave hand in their badge on their last day.",
    "Hotel costs are reimbursed up to 150 euros per night.",
    "Train tickets are booked through the travel desk.",
)
QUESTION = "Do I have to give the laptop back when I leave?"


def test_the_llm_reorders_only_the_scorers_best_few_and_the_refusal_stays_the_scorers(model):  # noqa: F811
    scorer = Scorer("matching", model)
    cs, ok = cands(QUESTION, *TEXTS), np.ones(len(TEXTS), dtype=bool)
    s, p = scorer.scores(QUESTION, cs, ok)
    order = [int(i) for i in np.argsort(-s, kind="stable")]
    read = []

    def likelihood(passage, question):
        read.append(passage)
        return {TEXTS[order[1]]: -10.0, TEXTS[order[-1]]: 0.0}.get(passage, -60.0)  # the runner-up reads best

    reranked = Likelihood(scorer, likelihood)
    probs = reranked.probabilities(QUESTION, cs, ok)
    assert sorted(read) == sorted(TEXTS[i] for i in order[: reranked.read])  # the last one is never read
    assert int(np.argmax(probs)) == order[1]
    assert probs.max() == pytest.approx(p)  # the best one's probability is the scorer's P(answer)
    assert reranked.threshold == scorer.threshold


def test_a_missing_local_model_says_how_to_get_it(tmp_path):
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="run `make llm`"):
        QueryLikelihood(tmp_path / "no-model.gguf")


@needs_llm
def test_the_local_llm_finds_the_question_likelier_after_the_sentence_that_answers_it():
    likelihood = QueryLikelihood(LLM)
    question = "How many loaves does the bakery sell each week?"
    answers = likelihood("Today the bakery employs eleven people and sells about 900 loaves a week.", question)
    other = likelihood("Marta Lindqvist opened the bakery on Canal Street in April 2014.", question)
    assert answers > other
