"""Citations: turn chosen sentences into an answer whose every sentence ends
with ``[n]``, each ``n`` resolving to an exact span of a corpus file; and
parse ``[n]`` markers out of generated text."""

import re

from bot.types import Answer, Citation, Passage, Sentence

MARKER = re.compile(r"\s*\[(\d+)\]")


def assemble(question: str, claims: list[tuple[str, Sentence]], passages: list[Passage]) -> Answer:
    """An answer from (sentence, supporting span) pairs; the same span cited twice keeps one number.
    The extractive answerer's sentences are their own spans."""
    citations: list[Citation] = []
    by_span: dict[tuple[str, int, int], int] = {}
    parts, pairs = [], []
    for text, span in claims:
        key = (span.source, span.start, span.end)
        if key not in by_span:
            by_span[key] = len(citations) + 1
            citations.append(Citation(by_span[key], span.source, span.start, span.end, span.line, span.text))
        n = by_span[key]
        parts.append(f"{text} [{n}]")
        pairs.append((text, [n]))
    return Answer(question, " ".join(parts), False, citations, pairs, passages)


def refusal(question: str, message: str, passages: list[Passage]) -> Answer:
    return Answer(question, message, True, [], [], passages)


def segments(text: str) -> list[tuple[str, list[int]]]:
    """Split an answer into sentences with the markers that follow each. A sentence
    with no marker directly after it gets [] (it counts as uncited)."""
    from bot.sentences import split

    out: list[tuple[str, list[int]]] = []
    cursor = 0
    for m in re.finditer(r"((?:\s*\[\d+\])+)([.!?]?)", text):
        body = split(text[cursor : m.start()])
        out += [(s, []) for s in body[:-1]]
        if body:  # "... Tel Aviv [2]." -> the full stop after the marker ends the sentence
            last = body[-1] if body[-1][-1] in ".!?" or not m.group(2) else body[-1] + m.group(2)
            out.append((last, markers(m.group(1))))
        cursor = m.end()
    out += [(s, []) for s in split(text[cursor:])]
    return out


def markers(text: str) -> list[int]:
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()
