"""Plain records every stage shares. Offsets are character offsets into the
source file's text, so ``text[start:end] == quote`` always."""

from dataclasses import asdict, dataclass, field


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
    confidence: float | None = None  # the reader's probability that the best candidate answers
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
