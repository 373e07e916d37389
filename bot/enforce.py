"""Citation enforcement for generated answers: nothing reaches the user as
final unless each sentence is supported by a passage it cites, and each
citation is an exact span of its file.

1. split the text into sentences with their [n] markers; an unmarked sentence
   borrows the markers of its nearest marked neighbour before it is judged;
2. drop markers that point to passages that were not given;
3. drop sentences that do not address the question, and sentences the support
   judge does not find in their cited passages (an answer with no marker at all
   has each sentence judged against every passage given);
4. cite, for each survivor, the passage sentence that supports it best."""

import re
from dataclasses import dataclass, field

from bot import cite
from bot import question as qa
from bot.types import Passage, Sentence

REFUSAL = re.compile(r"\b(documents? (don't|do not|does not|doesn't) (say|mention|contain)|i don't know|"
                     r"not (mentioned|stated) in the (passages|documents))\b", re.I)  # fmt: skip


@dataclass
class Enforced:
    kept: list[tuple[str, Sentence]] = field(default_factory=list)  # (sentence, supporting span)
    dropped: list[dict] = field(default_factory=list)
    model_refused: bool = False
    searched: int = 0  # sentences the model left unmarked whose citation the judge found


def _with_markers(text: str, n_passages: int) -> list[tuple[str, list[int], str]]:
    """(sentence, markers, how): how is "" for its own markers, "borrowed" from a neighbour,
    or "searched" when the answer has no marker at all and every passage is tried."""
    segs = cite.segments(text)
    out = []
    for i, (sentence, ids) in enumerate(segs):
        how = ""
        if not ids:
            later = next((s_ids for _, s_ids in segs[i + 1 :] if s_ids), None)
            earlier = next((s_ids for _, s_ids in reversed(segs[:i]) if s_ids), None)
            ids, how = (later or earlier), "borrowed"
            if ids is None:
                ids, how = list(range(1, n_passages + 1)), "searched"
        out.append((sentence, ids, how))
    return out


def _addresses(question: str, sentence: str, judge) -> bool:
    """Shares a topic word with the question (names alone are not enough: every passage
    here names Putin), or is close to it in meaning."""
    q = qa.parse(question)
    names = {n.lower() for n in q.names}
    if {qa.stem(w) for w in q.words if w not in names} & qa.stems(sentence):
        return True
    if judge.embeddings is None:
        return False
    vecs = judge.embeddings.embed([question, sentence])
    return float(vecs[0] @ vecs[1]) >= 0.45


def _claim(question: str, sentence: str) -> str:
    """What a sentence asserts. A fragment ("Masaryk University.") asserts it as the answer
    to the question, so it is judged together with the question."""
    return f"{question} {sentence}" if len(qa.tokens(sentence)) < 4 else sentence


def _span(passage: Passage, closest: str) -> Sentence:
    chunk = passage.chunk
    at = chunk.text.find(closest) if closest else -1
    if at < 0:
        return Sentence(chunk.text, chunk.source, chunk.start, chunk.end, chunk.line, chunk.id)
    start = chunk.start + at
    line = chunk.line + chunk.text.count("\n", 0, at)
    return Sentence(closest, chunk.source, start, start + len(closest), line, chunk.id)


def enforce(question: str, text: str, passages: list[Passage], judge) -> Enforced:
    result = Enforced()
    if REFUSAL.search(text) and not cite.markers(text):
        result.model_refused = True
        return result
    for sentence, ids, how in _with_markers(text, len(passages)):
        if REFUSAL.search(sentence):
            continue
        valid = [n for n in dict.fromkeys(ids) if 1 <= n <= len(passages)]
        if not ids:
            result.dropped.append({"sentence": sentence, "reason": "no citation"})
            continue
        if not valid:
            result.dropped.append({"sentence": sentence, "reason": f"cites passages that were not given: {ids}"})
            continue
        if not _addresses(question, sentence, judge):
            result.dropped.append({"sentence": sentence, "reason": "does not address the question"})
            continue
        verdicts = [(judge.support(_claim(question, sentence), passages[n - 1].chunk.text), n) for n in valid]
        verdict, n = max(verdicts, key=lambda vn: vn[0].score)
        if not verdict.supported:
            reason = {"": f"not supported by its citation {valid}", "borrowed": f"no marker; not supported by the "
                      f"neighbouring citation {valid}", "searched": "no marker, and no passage supports it"}[how]  # fmt: skip
            result.dropped.append({"sentence": sentence, "reason": f"{reason} ({verdict.reason})"})
            continue
        result.kept.append((sentence, _span(passages[n - 1], verdict.closest)))
        result.searched += how == "searched"
    if result.kept and not _states_the_kind_asked(question, [s for s, _ in result.kept]):
        result.dropped += [{"sentence": s, "reason": "gives no figure, date or place, which the question asks for"}
                           for s, _ in result.kept]  # fmt: skip
        result.kept = []
    return result


def _states_the_kind_asked(question: str, sentences: list[str]) -> bool:
    check = qa.STATES_KIND.get(qa.parse(question).kind)
    return check is None or any(check(s) for s in sentences)
