"""The accurate setting (answer_model=probe): the scorer's best few candidates are
read again by the packaged local LLM (Qwen 1.5B, `make llm`).

The LLM reads prompts/probe.md (passage, question, "does the passage answer
it?") with its first 20 of 28 layers (the card's "layers"; `make llm` writes
that cut of the model, scripts/cut_layers.py), and its last hidden state there
goes through a linear probe trained on evals/train/ and evals/train-pending/
(scripts/train_probe.py; never an eval split), which gives a log-odds that the
sentence answers. That log-odds, weighted, is added to the scorer's score of
each sentence read, which may change the pick; and the refusal model sees the
scorer's P(answer) together with the probe on the scorer's first pick and the
best probe of those read. Both weights and the refusal threshold come from
models trained without the question's document.
~1.1 s a sentence read on 2 cores (~1.6 s with all 28 layers); the default
scorer does not load the LLM."""

import functools
import importlib.util
import json
import threading
from pathlib import Path

import numpy as np

from bot import prompts
from bot.answer.candidates import Candidate
from bot.answer.scorer import DATA, FAST_CARD, Scorer
from bot.errors import ConfigError

CARD = DATA / "probe.json"
SCORER_CARD = DATA / "scorer-probe.json"  # the scorer its card was fit over: the default's, without the cross-encoder
MAX_PASSAGE = 1500  # characters of a sentence the LLM reads (as in training)


def scorer_card(qa: bool) -> Path:
    """The scorer card the probe reads over (train_probe.py fits the probe over the scorer trained as
    train_scorer.py does without --read-logits)."""
    return SCORER_CARD if qa else FAST_CARD


def check(model_path: Path, layers: int | None = None) -> None:
    """A clear error, before any question, when the accurate setting cannot run here: no LLM, or a
    model whose layer count is not the one the probe was trained on (`layers`)."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigError("answer_model=probe needs the local LLM: run `make llm`")
    if not Path(model_path).is_file():
        raise ConfigError(f"answer_model=probe: no model file at {model_path}; run `make llm`")
    if layers is not None and (have := layer_count(model_path)) != layers:
        raise ConfigError(f"answer_model=probe: its probe reads the first {layers} layers, and {model_path} "
                          f"has {have}; run `make llm`, which writes that cut of the model")  # fmt: skip


def layer_count(model_path: Path) -> int | None:
    """The model's layer count, from its metadata (loading it, once, for the readings to come)."""
    meta = _llm(str(model_path)).metadata
    return next((int(v) for k, v in meta.items() if k.endswith(".block_count")), None)


@functools.cache
def _llm(path: str):
    import llama_cpp

    check(Path(path))
    return llama_cpp.Llama(model_path=path, n_ctx=512, n_threads=2, embedding=True, verbose=False,
                           pooling_type=llama_cpp.LLAMA_POOLING_TYPE_LAST)  # fmt: skip


_LOCK = threading.Lock()  # one llama.cpp context, one reading at a time


def state(model_path: Path, question: str, passage: str) -> np.ndarray:
    """The LLM's last hidden state after reading the prompt over (passage, question)."""
    text = prompts.render("probe", passage=passage[:MAX_PASSAGE], question=question)
    llm = _llm(str(model_path))
    with _LOCK:
        return np.asarray(llm.embed(text), dtype=np.float32)


def logits(probe: dict, states: np.ndarray) -> np.ndarray:
    """The card's linear probe: log-odds that each state's sentence answers its question."""
    mean, scale, coef = (np.asarray(probe[k], dtype=np.float32) for k in ("mean", "scale", "coef"))
    return ((states - mean) / scale) @ coef + float(probe["intercept"])


def refusal_inputs(p: float, z: np.ndarray) -> list[float]:
    """The refusal model's inputs: the scorer's log-odds that it has an answer, the probe on the
    scorer's first pick (z[0]) and the best probe of those read."""
    p = float(np.clip(p, 1e-6, 1 - 1e-6))
    return [float(np.log(p / (1 - p))), float(z[0]), float(z.max())]


class Probe:
    def __init__(self, scorer: Scorer, model_path: Path | None = None, card: Path = CARD, read=None):
        """read(question, passage) -> the state the probe reads; by default the local LLM at
        `model_path` (checked now, so a missing install fails before any question)."""
        self.card = json.loads(card.read_text(encoding="utf-8"))
        if read is None:
            check(model_path, int(self.card["layers"]))
            read = functools.partial(state, model_path)
        self.scorer, self.read_state, self.qa = scorer, read, scorer.qa
        self.read, self.weight = int(self.card["read"]), float(self.card["weight"])
        self.refusal = self.card["refusal"]

    @property
    def threshold(self) -> float:
        return float(self.card["threshold"])

    @property
    def also(self) -> float:
        return self.scorer.also

    def logit(self, question: str, text: str) -> float:
        """The probe's log-odds that `text` answers `question`."""
        return float(logits(self.card["probe"], self.read_state(question, text)))

    def probabilities(self, question: str, cands: list[Candidate], ok: np.ndarray) -> np.ndarray:
        probs = self.scorer.probabilities(question, cands, ok)
        if not ok.any():
            return probs
        order = [int(i) for i in np.argsort(-probs, kind="stable") if ok[i]][: self.read]
        p = float(np.clip(probs[order[0]], 1e-6, 1 - 1e-6))
        z = np.array([self.logit(question, cands[i].sentence.text) for i in order])
        with np.errstate(divide="ignore"):
            rel = np.log(probs) - np.log(p)  # the scorer's score minus its best's; -inf where not ok
        read = rel[order] + self.weight * z
        # a sentence not read counts as no better than the worst one read, so the pick is one read
        rel = np.minimum(rel + self.weight * z.min(), read.min())
        rel[order] = read
        pick = order[int(np.argmax(read))]
        c = self.refusal
        x = np.dot(c["coef"], refusal_inputs(p, z)) + c["intercept"]
        return float(1 / (1 + np.exp(-x))) * np.exp(rel - rel[pick])
