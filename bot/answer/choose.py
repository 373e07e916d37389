"""Choose or refuse, from the scorer's probabilities and a few checks that a
reader of the answer would agree with in one sentence each:
- a sentence that asks a question ("Is it true that ...?") never answers one;
- a how-many / how-much question is answered only by a sentence stating a number;
- the answer quotes retrieved sentences only (the candidates are nothing else).
The best candidate answers if its probability clears the calibrated threshold;
other candidates whose probability is at least `also` times the best's join it,
in file order, each text once."""

import re
from dataclasses import dataclass

import numpy as np

from bot.answer.candidates import Candidate
from bot.sentences import asks

ASKS_AMOUNT = re.compile(r"\bhow (many|much)\b", re.I)
STATES_AMOUNT = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundreds?|thousands?|millions?|billions?|dozens?|half|several|few)\b",
    re.I,
)


@dataclass
class Choice:
    picked: list[Candidate]  # in file order; empty when refused
    closest: Candidate | None  # the best candidate, even when it is not an answer
    best: float  # its probability


def possible(question: str, c: Candidate) -> bool:
    if asks(c.sentence.text):
        return False
    return not ASKS_AMOUNT.search(question) or bool(STATES_AMOUNT.search(c.sentence.text))


def choose(question: str, cands: list[Candidate], probs: np.ndarray, threshold: float, also: float,
           most: int) -> Choice:  # fmt: skip
    ranked = sorted((i for i, c in enumerate(cands) if possible(question, c)), key=lambda i: -probs[i])
    if not ranked:
        return Choice([], None, 0.0)
    best = ranked[0]
    if probs[best] < threshold:
        return Choice([], cands[best], float(probs[best]))
    keep = [best]
    for i in ranked[1:most]:  # a sentence repeated word for word (boilerplate) is quoted once
        if probs[i] >= also * probs[best] and cands[i].sentence.text not in {cands[j].sentence.text for j in keep}:
            keep.append(i)
    return Choice([cands[i] for i in sorted(keep)], cands[best], float(probs[best]))
