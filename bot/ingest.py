"""Files -> chunks with exact character offsets -> the index.

Chunks come from LangChain's recursive splitter measuring length in real
tiktoken tokens, with sentence boundaries among its separators, so chunks
are made of whole sentences where possible. Ids are content hashes, so an
unchanged corpus re-embeds nothing."""

import hashlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from langchain_text_splitters import RecursiveCharacterTextSplitter

from bot import extract, sentences, tokens
from bot.config import Settings
from bot.docstore import DocStore
from bot.errors import CorpusError, ExtractError
from bot.types import Chunk, Document, Sentence

log = logging.getLogger(__name__)
SUFFIXES = extract.SUFFIXES
SEPARATORS = [
    "\n\n",
    "\n",
    r"(?<=[.!?…])[\"”’')\]]*\s+",  # after a sentence mark and its closing quotes
    r"(?<=[a-z0-9][.!?])(?=[A-Z“])",  # glued sentences: "War.The"
    r"(?<=[;:,])\s+",
    r"\s+",
    "",
]


@dataclass
class Report:
    files: int = 0
    chunks: int = 0
    added: int = 0
    removed: int = 0
    embedding_s: float = 0.0  # time inside the embedding model, the floor for this ingest
    skipped: list[str] = field(default_factory=list)
    extract_s: float = 0.0  # time spent reading files into text (PDF, Word, HTML parsing)
    pages: int = 0  # PDF pages read
    sources: list[str] = field(default_factory=list)  # the documents added (uploads)


def read_corpus(folder: Path, settings: Settings, report: Report, store: DocStore | None = None) -> Iterator[Document]:
    """Every readable document under `folder`; unreadable ones are skipped with a warning.
    A file whose bytes the store already holds is not extracted again."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist: pass a folder of documents "
                          f"({' '.join(sorted(SUFFIXES))})")  # fmt: skip
    root = folder.resolve()
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith(".")):
        reason = _unreadable(path, root, settings.max_file_mb)
        if reason is None:
            try:
                doc = read_file(path, settings.display_path(path), settings, report, store)
            except ExtractError as exc:
                reason = str(exc)
        if reason:
            log.warning("skipped %s: %s", path, reason)
            report.skipped.append(f"{path}: {reason}")
            continue
        yield doc


def read_file(path: Path, source: str, settings: Settings, report: Report, store: DocStore | None = None) -> Document:
    t = time.perf_counter()
    data = path.read_bytes()
    cached = store.get(extract.digest(data)) if store is not None else None
    if cached is not None:
        doc = Document(source, cached.text, cached.hash, cached.kind, cached.pages, cached.sections)
    else:
        doc = extract.read(path, source, settings.max_file_mb, data=data)
    report.extract_s += time.perf_counter() - t
    report.pages += len(doc.pages)
    return doc


def _unreadable(path: Path, root: Path, max_mb: float) -> str | None:
    if not path.is_file():
        return "not a regular file"
    if not path.resolve().is_relative_to(root):
        return "a link that points outside the corpus folder"
    if path.stat().st_size > max_mb * 2**20:
        return f"larger than {max_mb:g} MB (split it, or raise BOT_MAX_FILE_MB)"
    return None


def splitter(settings: Settings) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=settings.chunk_tokens,
        chunk_overlap=settings.chunk_overlap,
        length_function=tokens.count,
        separators=SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
    )


def chunk(doc: Document, settings: Settings) -> list[Chunk]:
    """Token-bounded chunks; invariant: doc.text[c.start:c.end] == c.text."""
    return chunks_from(doc, splitter(settings).split_text(doc.text))


def chunks_from(doc: Document, pieces: list[str]) -> list[Chunk]:
    """Chunks for the pieces a splitter cut from `doc`, in order, with their offsets."""
    return [
        Chunk(_hash(doc.source, start, piece), piece, doc.source, start, start + len(piece), _line(doc.text, start))
        for piece, start in zip(pieces, _place(doc.text, pieces))
    ]


def _place(text: str, pieces: list[str]) -> list[int]:
    """Where the splitter took each piece from. Each piece overlaps or follows the previous one
    (only whitespace between), and together they end where the text ends. Repeated text allows
    several placements, so track every reachable start per piece and walk back from the end."""
    if not pieces:
        return []
    first = text.find(pieces[0])
    steps: list[dict[int, int]] = [{first: -1}]
    for prev_piece, piece in zip(pieces, pieces[1:]):
        prev, width = steps[-1], len(prev_piece)
        reach = max(prev) + width
        here: dict[int, int] = {}
        at = text.find(piece, min(prev) + 1)
        while at >= 0 and (at <= reach or not text[reach:at].strip()):
            pred = next((s for s in prev if s < at and (at <= s + width or not text[s + width : at].strip())), None)
            if pred is not None:
                here[at] = pred
            at = text.find(piece, at + 1)
        if not here:  # cannot happen for a splitter's own output; stay exact regardless
            at = text.find(piece, min(prev) + 1)
            here = {at if at >= 0 else text.find(piece): max(prev)}
        steps.append(here)
    end = len(text.rstrip())
    last = next((s for s in steps[-1] if s + len(pieces[-1]) == end), max(steps[-1]))
    starts = [last]
    for step in reversed(steps[1:]):
        starts.append(step[starts[-1]])
    return starts[::-1]


def sentences_of(doc: Document, chunks: list[Chunk]) -> list[Sentence]:
    """Every sentence of the file, tagged with the first chunk that holds it."""
    out = []
    for start, end in sentences.spans(doc.text):
        owner = next((c.id for c in chunks if c.start <= start and end <= c.end), "")
        if not owner:
            owner = next((c.id for c in chunks if c.start < end and start < c.end), "")
        out.append(Sentence(doc.text[start:end], doc.source, start, end, _line(doc.text, start), owner))
    return out


def _hash(source: str, start: int, text: str) -> str:
    return hashlib.sha256(f"{source}\x00{start}\x00{text}".encode()).hexdigest()[:32]


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def ingest(folder: Path, settings: Settings, index, progress: bool = True, chunker=chunk) -> Report:
    """Mirror `folder` into the index: add new chunks, delete stale ones; the extracted texts are
    stored beside the index (bot/docstore.py)."""
    report = Report()
    store = DocStore.of(settings)
    wanted: dict[str, tuple[list[Chunk], list[Sentence]]] = {}
    docs: dict[str, Document] = {}
    for doc in read_corpus(folder, settings, report, store):
        chunks = chunker(doc, settings)
        wanted[doc.source] = (chunks, sentences_of(doc, chunks))
        docs[doc.source] = doc
    report.files = len(wanted)
    if not wanted:
        raise CorpusError(f"no readable document in {folder} ({' '.join(sorted(SUFFIXES))}): nothing to index")
    report.chunks = sum(len(c) for c, _ in wanted.values())
    with index.lock():
        for doc in docs.values():  # texts first: a citation can always be shown
            store.put(doc)
        present = index.chunk_ids_by_source()
        new_chunks = [c for cs, _ in wanted.values() for c in cs if c.id not in present.get(c.source, set())]
        changed = {c.source for c in new_chunks}
        new_sentences = [s for src in changed for s in wanted[src][1]]
        report.embedding_s = index.add(new_chunks, new_sentences, progress=progress)  # new first: no empty window
        stale = {src: ids - {c.id for c in wanted.get(src, ([], []))[0]} for src, ids in present.items()}
        report.removed = index.delete(stale, refresh_sentences=changed)
        report.added = len(new_chunks)
        index.add_missing_qa()  # an index made before the question-answering vectors gets them once
        store.save({src: doc.hash for src, doc in docs.items()})
        index.mark_indexed()
    return report
