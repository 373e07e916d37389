"""The extracted text of every indexed document, kept beside the index so that every citation's
``text[start:end] == quote`` can be checked (``bot show SOURCE``) and shown. One JSON file per
content hash (``texts/<sha256>.json``: the same bytes are stored once) and ``texts/sources.json``
naming the hash of each source. Every write goes to a temporary file renamed into place."""

import json
import os
import tempfile
from pathlib import Path

from bot.errors import CorpusError
from bot.types import Document

PLAIN = (".txt", ".md")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class DocStore:
    def __init__(self, folder: Path, resolve=None):
        self.folder = folder
        self.resolve = resolve  # source -> file path, for .txt/.md indexed before texts were stored
        self._cache: dict[str, Document] = {}

    @classmethod
    def of(cls, settings) -> "DocStore":
        return cls(settings.index_path / "texts", resolve=settings.source_path)

    def manifest(self) -> dict[str, str]:
        try:
            return json.loads((self.folder / "sources.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def get(self, digest: str) -> Document | None:
        if digest in self._cache:
            return self._cache[digest]
        try:
            raw = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        doc = Document("", raw["text"], digest, raw["kind"], raw["pages"], [tuple(s) for s in raw["sections"]])
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[digest] = doc
        return doc

    def put(self, doc: Document) -> None:
        path = self.folder / f"{doc.hash}.json"
        if not path.exists():
            body = {"text": doc.text, "kind": doc.kind, "pages": doc.pages, "sections": doc.sections}
            write_atomic(path, json.dumps(body, ensure_ascii=False).encode())

    def save(self, sources: dict[str, str]) -> None:
        """Replace the manifest, then delete texts no source refers to any more."""
        write_atomic(self.folder / "sources.json", json.dumps(sources, indent=0, sort_keys=True).encode())
        live = set(sources.values())
        for path in self.folder.glob("*.json"):
            if path.name != "sources.json" and path.stem not in live:
                path.unlink(missing_ok=True)

    def document(self, source: str) -> Document | None:
        digest = self.manifest().get(source)
        doc = self.get(digest) if digest else None
        if doc is None and self.resolve is not None and source.lower().endswith(PLAIN):
            path = self.resolve(source)  # indexed before texts were stored: the file is its own text
            if path.is_file():
                return Document(source, path.read_text(encoding="utf-8"))
        if doc is None:
            return None
        return Document(source, doc.text, doc.hash, doc.kind, doc.pages, doc.sections)

    def text(self, source: str) -> str:
        doc = self.document(source)
        if doc is None:
            raise CorpusError(f"{source} is not an indexed document; `bot ingest` it first")
        return doc.text
