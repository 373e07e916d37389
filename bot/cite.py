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


def segments(text: str) -> list[tuple[str, list[int]]]:
    """Split an answer into sentences with the markers that follow each. A sentence
    with no marker directly after it gets [] (it counts as uncited)."""
    from bot.sentences import split

    out: list[tuple[str, list[int]]] = []
    cursor = 0
    for m in re.finditer(r"((?:\s*\[\d+\])+)", text):
        body = split(text[cursor : m.start()])
        out += [(s, []) for s in body[:-1]]
        if body:
            out.append((body[-1], markers(m.group(1))))
        cursor = m.end()
    out += [(s, []) for s in split(text[cursor:])]
    return out


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()
