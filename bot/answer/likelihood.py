"""The accurate setting (answer_model=likelihood): the scorer's best few
candidates are read again by the local LLM (the packaged Qwen 1.5B through
llama-cpp-python; `make llm`), which scores how likely each sentence makes the
question: log p(question | sentence), "query likelihood". The scorer's ranker
score plus `weight` times that log-probability re-orders those few; the
refusal stays the scorer's, since query likelihood did not tell answerable
questions from near misses (README, Results). The weight and the number read
were chosen on held-back training questions (scripts/try_likelihood.py), never
an eval split; they are in bot/data/likelihood.json. ~1 s a candidate on 2 cores."""

import json
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.scorer import Scorer

CARD = Path(__file__).resolve().parent.parent / "data" / "likelihood.json"
PROMPT = "Read the passage and write a question that it answers.\n\nPassage: {passage}\n\nQuestion:"


class QueryLikelihood:
    """log p(question | passage) under a GGUF causal LM (llama-cpp-python)."""

    def __init__(self, model_path: Path, threads: int = 2):
        from bot.errors import ConfigError

        if not Path(model_path).is_file():
            raise ConfigError(f"answer_model=likelihood needs the local model at {model_path}: run `make llm`")
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise ConfigError("answer_model=likelihood needs llama-cpp-python: run `make llm`") from exc
        self.llm = Llama(model_path=str(model_path), n_ctx=512, n_threads=threads, logits_all=True, verbose=False)

    def __call__(self, passage: str, question: str) -> float:
        head = self._tokens(PROMPT.format(passage=passage))[:400]  # n_ctx leaves room for the question
        q = self._tokens(" " + question)[:100]
        self.llm.reset()
        self.llm.eval(head + q)
        logits = np.asarray(self.llm.scores[len(head) - 1 : len(head) + len(q) - 1], dtype=np.float64)
        top = logits.max(axis=1)
        log_z = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
        return float(sum(logits[i, t] - log_z[i] for i, t in enumerate(q)))

    def _tokens(self, text: str) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)


class Likelihood:
    """The matching scorer, then query likelihood over its best `read` candidates."""

    qa = True

    def __init__(self, scorer: Scorer, likelihood, card: Path = CARD):
        """`likelihood(passage, question) -> log-probability`: QueryLikelihood, or any function of that shape."""
        self.scorer, self.likelihood = scorer, likelihood
        self.card = json.loads(card.read_text(encoding="utf-8"))
        self.qa = scorer.qa
        self.weight, self.read = float(self.card["weight"]), int(self.card["read"])

    @property
    def threshold(self) -> float:
        return self.scorer.threshold

    @property
    def also(self) -> float:
        return self.scorer.also

    def probabilities(self, question: str, cands: list[Candidate], ok: np.ndarray) -> np.ndarray:
        s, p = self.scorer.scores(question, cands, ok)
        if not np.isfinite(s).any():
            return np.zeros(len(cands))
        top = [i for i in np.argsort(-s, kind="stable")[: self.read] if np.isfinite(s[i])]
        lp = {i: self.likelihood(cands[i].sentence.text, question) for i in top}
        s = s.copy()
        s[np.isfinite(s)] += self.weight * min(lp.values())  # the rest stay behind the ones read
        for i in top:
            s[i] += self.weight * (lp[i] - min(lp.values()))
        return p * np.exp(s - s.max())
