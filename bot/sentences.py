"""Sentence splitting that keeps character offsets.

Scraped articles glue sentences together ("Cold War.The", "hand.“His",
"minister.She"), so a boundary is a sentence mark followed by whitespace *or*
directly by a capital letter or an opening quote, unless the word before the
mark is a known abbreviation or a single initial.

Hard-wrapped text (licences, RFCs, e-mails, what a PDF yields) flows: a sentence runs across a
single line break when the line was cut by wrapping, i.e. the next line's first word would not
have fitted on it. The wrap width is the longest nearby line; text whose lines run longer than
WRAP_MAX (one paragraph per line, like scraped articles) does not wrap, so each of its line breaks
ends a sentence, as does a blank line, a heading, a list item and a short line on its own."""

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


_CLOSERS = "”\"’')]*_ "  # closing quotes and brackets, markdown emphasis ("**Is it true?**")


def asks(text: str) -> bool:
    """The sentence asks a question: it ends in "?", before any closing quote, bracket or emphasis."""
    return text.rstrip(_CLOSERS).endswith("?")


def _is_abbreviation(text: str, mark: int) -> bool:
    match = _WORD_BEFORE.search(text, max(0, mark - 12), mark)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[match.start(1)].isupper()  # an initial: "J. Smith"


WRAP_MIN, WRAP_MAX, NEAR, FIT = 40, 200, 5, 0.9
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•‣◦▪–]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])[ \t]")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; text[start:end] is stripped and non-empty."""
    for start, stop in paragraphs(text):
        yield from _line_spans(text, start, stop)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, stop) of each run of lines that wrapping joined; most text gives one line each."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    widths = [len(text[s:e].rstrip()) for s, e in lines]
    first = 0
    for i, (_, end) in enumerate(lines):
        if i + 1 < len(lines) and _wrapped(text, lines, widths, i):
            continue
        yield lines[first][0], end
        first = i + 1


def _wrapped(text: str, lines: list[tuple[int, int]], widths: list[int], i: int) -> bool:
    """Line i was cut by wrapping and its sentence goes on in line i+1."""
    (start, end), (nstart, nend) = lines[i], lines[i + 1]
    if text.count("\n", end, nstart) != 1 or not text[start:end].strip() or not text[nstart:nend].strip():
        return False
    if _HEADING.match(text, start) or _HEADING.match(text, nstart) or _LIST_ITEM.match(text, nstart):
        return False
    width = max(widths[max(0, i - NEAR) : i + NEAR + 1])
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    next_word = len(text[nstart:nend].split(None, 1)[0])
    return widths[i] + 1 + next_word > FIT * width


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
