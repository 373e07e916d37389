"""Plain records every stage shares. Offsets are character offsets into the
source file's text, so ``text[start:end] == quote`` always."""

import bisect
from dataclasses import asdict, dataclass, field


@dataclass
class Document:
    """A file's extracted text: every offset in the bot points into ``text``. PDFs record where each
    page starts; Word, HTML and Markdown the offset and title of each heading."""

    source: str  # as users see it
    text: str
    hash: str = ""  # sha256 of the file's bytes
    kind: str = "text"  # text | pdf | docx | html
    pages: list[int] = field(default_factory=list)  # offset where page i+1 starts (PDF)
    sections: list[tuple[int, str]] = field(default_factory=list)  # (offset, heading), in order

    def page_of(self, offset: int) -> int | None:
        return bisect.bisect_right(self.pages, offset) if self.pages else None

    def section_of(self, offset: int) -> str | None:
        i = bisect.bisect_right([o for o, _ in self.sections], offset)
        return self.sections[i - 1][1] if i else None

    def place(self, start: int, end: int) -> dict:
        """page, page_end (only when a quote crosses pages) and section of text[start:end]."""
        page, last = self.page_of(start), self.page_of(max(start, end - 1))
        return {"page": page, "page_end": last if last != page else None, "section": self.section_of(start)}


@dataclass(frozen=True)
class Chunk:
    id: str  # content hash: source + start + text
    text: str
    source: str  # path as users see it, e.g. seeds/004_23f3e9abca8474ef.txt
    start: int
    end: int
    line: int  # 1-based line of `start`


@dataclass(frozen=True)
class Sentence:
    text: str
    source: str
    start: int
    end: int
    line: int
    chunk_id: str = ""


@dataclass
class Passage:
    """A retrieved chunk with its fused score and rank."""

    chunk: Chunk
    score: float
    rank: int


@dataclass(frozen=True)
class Citation:
    id: int
    source: str
    start: int
    end: int
    line: int
    quote: str
    page: int | None = None  # 1-based, paged formats (PDF)
    page_end: int | None = None  # set only when the quote runs onto a later page
    section: str | None = None  # nearest heading before the quote (Word, HTML, Markdown)

    def where(self) -> str:
        """ "report.pdf, p. 3", "notes.docx, § Results" or "a.txt, line 4": as readers cite."""
        if self.page:
            pages = f"pp. {self.page}–{self.page_end}" if self.page_end else f"p. {self.page}"
            return f"{self.source}, {pages}"
        if self.section:
            return f"{self.source}, § {self.section}"
        return f"{self.source}, line {self.line}"


@dataclass
class Answer:
    question: str
    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    sentences: list[tuple[str, list[int]]] = field(default_factory=list)  # (sentence, citation ids)
    passages: list[Passage] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    search_query: str = ""
    note: str = ""  # a corrected premise or why the bot refused
    confidence: float | None = None  # the scorer's probability that the best candidate answers
    closest: Citation | None = None  # a refusal's closest passage: shown as "closest, but not an answer"

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "citations": [asdict(c) for c in self.citations],
            "retrieved": [
                {"source": p.chunk.source, "start": p.chunk.start, "end": p.chunk.end, "score": round(p.score, 6)}
                for p in self.passages
            ],
            "note": self.note,
            "confidence": None if self.confidence is None else round(self.confidence, 4),
            "closest": asdict(self.closest) if self.closest else None,
            "dropped": self.dropped,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
