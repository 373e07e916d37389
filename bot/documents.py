"""One document at a time: the page's upload and remove buttons and `bot remove`. Uploads are read
and checked before anything is written, then copied into the corpus folder under a safe name and
embedded on their own (nothing else is re-embedded); the same bytes are stored once. Removing a
document deletes only its chunks, sentences and stored text (and its file in the corpus folder)."""

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from bot import extract
from bot.config import Settings
from bot.docstore import DocStore, write_atomic
from bot.errors import CorpusError, ExtractError
from bot.ingest import Report, chunk, sentences_of
from bot.types import Document

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_name(name: str) -> str:
    """A file name that stays inside the corpus folder on any system: the last path part only,
    letters, digits and ``._- `` only, no leading dot, no device name (CON, NUL, ...)."""
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in base)
    base = re.sub(r"\s+", " ", base).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in extract.SUFFIXES:
        raise ExtractError(f"{name!r}: unsupported file type; upload one of {', '.join(sorted(extract.SUFFIXES))}")
    stem = stem.strip(" ._")[:80] or "document"
    if stem.split(".")[0].lower() in RESERVED:
        stem = f"_{stem}"
    return f"{stem}.{suffix.lower()}"


def _free(folder: Path, name: str) -> Path:
    path, stem, suffix, n = folder / name, Path(name).stem, Path(name).suffix, 2
    while path.exists():
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path


def add_files(files: list[tuple[str, Path]], settings: Settings, index,
              progress: Callable[[float, str], None] | None = None) -> Report:  # fmt: skip
    """Add uploaded files ((name the user gave, where the bytes are)) to the corpus and the index.
    A bad file is reported in Report.skipped and never stops the good ones."""
    report, store = Report(), DocStore.of(settings)
    say = progress or (lambda fraction, text: None)
    ready: list[tuple[bytes, Document]] = []
    for i, (name, path) in enumerate(files):
        say(i / max(len(files), 1) * 0.5, f"reading {name}")
        try:
            safe = safe_name(name)
            if path.stat().st_size > settings.max_file_mb * 2**20:
                raise ExtractError(
                    f"{safe} is larger than {settings.max_file_mb:g} MB (split it, or raise BOT_MAX_FILE_MB)"
                )
            data = path.read_bytes()
            ready.append((data, extract.read(Path(safe), safe, settings.max_file_mb, data=data)))
            report.pages += len(ready[-1][1].pages)
        except ExtractError as exc:
            report.skipped.append(str(exc))
        except OSError as exc:
            report.skipped.append(f"{name}: the upload could not be read ({exc.strerror or exc}); try again")
    if not ready:
        return report
    settings.corpus.mkdir(parents=True, exist_ok=True)
    with index.lock():  # one writer: two uploads at once get distinct names and both land
        sources = store.manifest()
        by_hash = {h: s for s, h in sources.items()}
        new: list[tuple[Path, Document]] = []
        for data, doc in ready:
            if doc.hash in by_hash:
                report.skipped.append(f"{doc.source} is already in the corpus as {by_hash[doc.hash]}")
                continue
            target = _free(settings.corpus, doc.source)
            write_atomic(target, data)
            doc.source = settings.display_path(target)
            by_hash[doc.hash] = doc.source
            new.append((target, doc))
        try:
            say(0.5, f"embedding {len(new)} file(s)")
            chunks, sents = [], []
            for _, doc in new:
                cs = chunk(doc, settings)
                chunks += cs
                sents += sentences_of(doc, cs)
                store.put(doc)
            report.embedding_s = index.add(
                chunks,
                sents,
                progress=False,
                on_progress=lambda done, total: say(
                    0.5 + 0.5 * done / max(total, 1),
                    f"embedding {len(new)} file(s): {done}/{total} vectors",
                ),
            )
        except BaseException:
            for target, _ in new:  # the corpus folder mirrors the index: no file without its chunks
                target.unlink(missing_ok=True)
            raise
        store.save({**sources, **{doc.source: doc.hash for _, doc in new}})
        index.mark_indexed()
    report.files, report.chunks, report.added = len(new), len(chunks), len(chunks)
    report.sources = [doc.source for _, doc in new]
    say(1.0, "done")
    return report


def remove(source: str, settings: Settings, index, delete_file: bool = True) -> int:
    """Delete one document's chunks, sentences and stored text, and its file when it lies inside the
    corpus folder (else the next `bot ingest` would add it again). Returns the chunks deleted."""
    store = DocStore.of(settings)
    with index.lock():
        present = index.chunk_ids_by_source()
        if source not in present:
            known = ", ".join(sorted(present)[:5]) or "none"
            raise CorpusError(
                f"{source} is not an indexed document (indexed: {known}{', ...' if len(present) > 5 else ''})"
            )
        removed = index.delete({source: present[source]}, refresh_sentences={source})
        sources = store.manifest()
        sources.pop(source, None)
        store.save(sources)
        path = settings.source_path(source)
        if delete_file and path.is_file() and path.resolve().is_relative_to(settings.corpus.resolve()):
            path.unlink()
        index.mark_indexed()
    return removed
