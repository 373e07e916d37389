"""Plain text and Markdown: the file's own characters, unchanged, so offsets are file offsets.
Markdown headings (``# Title``) become section names."""

import re

from bot.errors import ExtractError

HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def extract(data: bytes, name: str, markdown: bool = False) -> tuple[str, list[int], list[tuple[int, str]]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{name} is not valid UTF-8 text: save it as UTF-8") from exc
    if "\x00" in text:
        raise ExtractError(f"{name} is binary (contains NUL bytes), not text")
    sections = [(m.start(), m.group(1)) for m in HEADING.finditer(text)] if markdown else []
    return text, [], sections


def join_paragraphs(blocks: list[tuple[str, bool]]) -> tuple[str, list[int], list[tuple[int, str]]]:
    """(paragraph, is a heading) pairs -> text with a blank line between paragraphs, no pages, and
    the offset and name of each heading (Word and web pages)."""
    text, sections = "", []
    for para, heading in blocks:
        if not para:
            continue
        if text:
            text += "\n\n"
        if heading:
            sections.append((len(text), para))
        text += para
    return text, [], sections
