"""The extractive answer path: candidates -> scores -> choose / refuse -> compose.

1. candidates: every sentence of the retrieved chunks, with the one before it;
2. scores: the scorer (bot.answer.scorer) reads the question against each, by
   general features and, for the best few, word by word and with the
   cross-encoder (bot.answer.reader, also a setting on its own); it gives each
   the probability that it answers (answer_model=probe has the local LLM
   re-read the best three, bot.answer.probe);
3. choose: the best one answers if the probability clears the calibrated
   threshold, else a refusal that names what was searched and shows the closest
   passage;
4. compose: each quoted sentence gets its `[n]` citation (bot.cite)."""

import numpy as np

from bot import cite
from bot.answer.candidates import Candidate, candidates
from bot.answer.choose import choose, possible
from bot.answer.probe import Probe
from bot.answer.reader import Reader
from bot.answer.scorer import Scorer
from bot.config import Settings
from bot.types import Answer, Citation, Passage

__all__ = ["Probe", "Reader", "Scorer", "extract"]


def extract(
    question: str, query: str, passages: list[Passage], search, reader: Reader | Scorer | Probe, settings: Settings
) -> Answer:
    cands = candidates(search, query, passages, reader.qa)
    shortlist = _shortlist(cands, settings.reader_candidates) if isinstance(reader, Reader) else cands
    probs = reader.probabilities(query, shortlist, np.array([possible(query, c) for c in shortlist], dtype=bool))
    also = reader.also if settings.also_threshold is None else settings.also_threshold
    choice = choose(query, shortlist, probs, reader.threshold, also, settings.max_answer_sentences)
    if choice.picked:
        answer = cite.assemble(question, [(c.sentence.text, c.sentence) for c in choice.picked], passages)
    else:
        answer = cite.refusal(question, _refusal_note(query, passages), passages)
        answer.closest = _closest(choice.closest)
    answer.confidence = choice.best
    return answer


def _shortlist(cands: list[Candidate], n: int) -> list[Candidate]:
    """The fast mode's first stage: the n candidates closest to the question by cosine (0: all)."""
    if n <= 0 or len(cands) <= n:
        return cands
    keep = set(np.argsort([-c.cos for c in cands], kind="stable")[:n])
    return [c for i, c in enumerate(cands) if i in keep]


def _refusal_note(query: str, passages: list[Passage]) -> str:
    files = sorted({p.chunk.source.rsplit("/", 1)[-1] for p in passages})
    where = f" in {len(passages)} passages of {', '.join(files)}" if files else ""
    return f"The documents don't say. I searched for “{query}”{where}; none of them states an answer."


def _closest(c: Candidate | None) -> Citation | None:
    if c is None:
        return None
    s = c.sentence
    return Citation(0, s.source, s.start, s.end, s.line, s.text)
