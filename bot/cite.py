"""Citations: turn chosen sentences into an answer whose every sentence ends
with ``[n]``, each ``n`` resolving to an exact span of a corpus file; and
parse ``[n]`` markers out of generated text."""

import re

from bot.types import Answer, Citation, Passage, Sentence

MARKER = re.compile(r"\s*\[(\d+)\]")


def assemble(question: str, sentences: list[Sentence], passages: list[Passage]) -> Answer:
    citations, parts, pairs = [], [], []
    for n, s in enumerate(sentences, 1):
        citations.append(Citation(n, s.source, s.start, s.end, s.line, s.text))
        parts.append(f"{s.text} [{n}]")
        pairs.append((s.text, [n]))
    return Answer(question, " ".join(parts), False, citations, pairs, passages)


def refusal(question: str, message: str, passages: list[Passage]) -> Answer:
    return Answer(question, message, True, [], [], passages)


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()
