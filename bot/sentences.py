"""Sentence splitting that keeps character offsets.

Scraped articles glue sentences together ("Cold War.The", "hand.“His",
"minister.She"), so a boundary is a sentence mark followed by whitespace *or*
directly by a capital letter or an opening quote, unless the word before the
mark is a known abbreviation or a single initial. Line breaks always end a
sentence."""

import re
from collections.abc import Iterator

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "sgt", "capt", "cmdr", "adm",
    "gov", "sen", "rep", "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "ed", "eg", "ie", "e.g", "i.e", "u.s", "u.k", "u.n", "approx", "dept", "fig", "vol",
}  # fmt: skip

# A sentence mark, optional closing quotes/brackets, then a space or a glued capital/opening quote.
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|[A-Z“\"‘]|$)")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, mark: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, mark - 12), mark)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[match.start(1)].isupper()  # an initial: "J. Smith"


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; text[start:end] is stripped and non-empty."""
    for line in re.finditer(r"[^\n]+", text):
        yield from _line_spans(text, line.start(), line.end())


def _line_spans(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    cursor = start
    for mark in _BOUNDARY.finditer(text, start, stop):
        if text[mark.start()] == "." and _is_abbreviation(text, mark.start()):
            continue
        end = mark.end()
        glued = end < stop and not text[end].isspace()
        if glued and text[mark.start() - 1 : mark.start()].isdigit() and text[end].isdigit():
            continue
        yield from _trimmed(text, cursor, end)
        cursor = end
    yield from _trimmed(text, cursor, stop)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if any(c.isalnum() for c in text[start:end]):
        yield start, end


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in spans(text)]
