"""One small reader per format, each returning the same ``Document``: the text every citation
points into. The file's first bytes must match its extension (a PDF named .docx is refused with
a message saying what it is), and nothing here trusts a file's own claims about its size."""

import hashlib
from pathlib import Path

from bot.errors import ExtractError
from bot.types import Document

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}
KIND = {".txt": "text", ".md": "markdown", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
NAMES = {"pdf": "a PDF", "docx": "a Word (.docx) file", "zip": "a zip archive", "html": "an HTML page",
         "text": "plain text", "markdown": "plain text", "binary": "a binary file"}  # fmt: skip


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the name says: pdf | zip | html | text | binary."""
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    if b"\x00" in data[:8192]:
        return "binary"
    low = head.lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low or b"<head" in low:
        return "html"
    return "text"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(path: Path, source: str, max_mb: float = 10.0, data: bytes | None = None) -> Document:
    """The Document of one file. Raises ExtractError with a message a user can act on."""
    kind = KIND.get(path.suffix.lower())
    if kind is None:
        raise ExtractError(f"{path.name}: unsupported file type; use one of {', '.join(sorted(SUFFIXES))}")
    if data is None:
        if path.stat().st_size > max_mb * 2**20:
            raise ExtractError(f"{path.name} is larger than {max_mb:g} MB (split it, or raise BOT_MAX_FILE_MB)")
        data = path.read_bytes()
    elif len(data) > max_mb * 2**20:
        raise ExtractError(f"{path.name} is larger than {max_mb:g} MB (split it, or raise BOT_MAX_FILE_MB)")
    found = sniff(data)
    expected = {"pdf": "pdf", "docx": "zip", "html": ("html", "text"), "text": ("text", "html"),
                "markdown": ("text", "html")}[kind]  # fmt: skip
    if found not in (expected if isinstance(expected, tuple) else (expected,)):
        raise ExtractError(f"{path.name} is not {NAMES[kind]}: its content looks like {NAMES[found]}; "
                           "rename it with the right extension")  # fmt: skip
    if kind == "pdf":
        from bot.extract import pdf

        text, pages, sections = pdf.extract(data, path.name)
    elif kind == "docx":
        from bot.extract import word

        text, pages, sections = word.extract(data, path.name)
    elif kind == "html":
        from bot.extract import web

        text, pages, sections = web.extract(data, path.name)
    else:
        from bot.extract import plain

        text, pages, sections = plain.extract(data, path.name, markdown=kind == "markdown")
    if not text.strip():
        raise ExtractError(f"{path.name} has no text to answer from")
    return Document(source, text, digest(data), "text" if kind == "markdown" else kind, pages, sections)
