"""The support judge: does a passage support a sentence? Shared by the
generative answerer's enforcement and by the evals. Runs offline:

1. verbatim or near-verbatim containment -> supported;
2. hard contradictions -> unsupported: a number, a name or a negation in the
   sentence that the passage does not have;
3. otherwise a calibrated score: 0.5 * lexical coverage of the sentence's
   content words + 0.5 * embedding cosine to the passage's closest sentence.
"""

import re
from dataclasses import dataclass

import numpy as np

from bot import question as qa
from bot import sentences as sentence_splitter
from bot.cite import strip_markers

THRESHOLD = 0.62  # calibrated on evals/judge_pairs.jsonl (split "dev"); see evals/README.md
NEGATION = {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "n't", "cannot"}
_NUM = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class Verdict:
    supported: bool
    score: float
    reason: str
    closest: str = ""  # the passage sentence closest to the claim


def _norm(text: str) -> str:
    text = strip_markers(text).lower().replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def _negated_words(text: str) -> set[str] | None:
    """The stems of the few words a negation governs ("not afraid of any external threats"),
    or None when the text has no negation."""
    toks = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    scopes = [i for i, w in enumerate(toks) if w in NEGATION or w.endswith("n't")]
    if not scopes:
        return None
    return {qa.stem(w) for i in scopes for w in toks[i + 1 : i + 5] if w not in qa.STOP}


def _contradicts_negation(sentence: str, passage: str) -> bool:
    in_sentence, in_passage = _negated_words(sentence), _negated_words(passage)
    if (in_sentence is None) == (in_passage is None):
        return False
    if in_sentence is not None:  # the sentence negates what the passage states
        return True
    return bool(in_passage & qa.stems(sentence))  # the sentence states what the passage negates


def _numbers(text: str) -> set[str]:
    digits = set(_NUM.findall(text))
    words = {w.lower() for w in qa.tokens(text) if w.lower() in qa.NUMBER_WORDS}
    return digits | words


class Judge:
    def __init__(self, embeddings=None, threshold: float = THRESHOLD):
        self.embeddings = embeddings
        self.threshold = threshold

    def support(self, sentence: str, passage: str) -> Verdict:
        s, p = _norm(sentence), _norm(passage)
        if not s:
            return Verdict(False, 0.0, "empty sentence")
        if s in p:
            return Verdict(True, 1.0, "verbatim", self._closest(sentence, passage)[0])
        missing_numbers = _numbers(sentence) - _numbers(passage)
        if missing_numbers:
            return Verdict(False, 0.0, f"number not in passage: {', '.join(sorted(missing_numbers))}")
        names = [_norm(n).removesuffix("'s") for n in qa.parse(sentence).names if n.lower() not in qa.STOP]
        absent = [n for n in names if n and n not in p]
        if absent:
            return Verdict(False, 0.0, f"name not in passage: {', '.join(absent)}")
        closest, cos = self._closest(sentence, passage)
        if _contradicts_negation(sentence, closest):
            return Verdict(False, 0.0, "negation differs from the passage")
        words = [w for w in qa.tokens(s) if w not in qa.STOP]
        passage_stems = qa.stems(p)
        lexical = sum(qa.stem(w) in passage_stems for w in words) / len(words) if words else 0.0
        if lexical >= 0.95 and cos >= 0.8:
            return Verdict(True, 1.0, "near-verbatim", closest)
        score = 0.5 * lexical + 0.5 * cos
        return Verdict(score >= self.threshold, score, f"lexical {lexical:.2f}, cosine {cos:.2f}", closest)

    def _closest(self, sentence: str, passage: str) -> tuple[str, float]:
        parts = sentence_splitter.split(passage) or [passage]
        if self.embeddings is None:
            stems = qa.stems(sentence)
            return max(parts, key=lambda part: len(stems & qa.stems(part))), 0.0
        vecs = self.embeddings.embed([strip_markers(sentence), *parts])
        sims = vecs[1:] @ vecs[0]
        best = int(np.argmax(sims))
        return parts[best], float(sims[best])


class LLMJudge(Judge):
    """The same interface, decided by a chat model (used by the evals when BOT_JUDGE=llm)."""

    LABELS = ("SUPPORTED", "CONTRADICTED", "UNRELATED")

    def __init__(self, model, embeddings=None):
        super().__init__(embeddings)
        self.model = model

    def support(self, sentence: str, passage: str) -> Verdict:
        from bot import prompts

        reply = self.model.invoke(prompts.render("judge", passage=passage, claim=strip_markers(sentence))).content
        upper = str(reply).upper()
        label = min(self.LABELS, key=lambda lab: upper.find(lab) if lab in upper else len(upper) + 1)
        supported = label == "SUPPORTED" and label in upper
        closest = self._closest(sentence, passage)[0]
        return Verdict(supported, float(supported), f"llm judge: {label if label in upper else reply!r}", closest)
