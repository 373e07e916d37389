"""The index: Chroma collections of the chunks and of the sentences inside them
(each sentence twice: with its MiniLM vector, and with its question-answering
vector from bot.qa under the same id). This module writes them and reads them,
nothing more; what is derived from them and kept in memory (the BM25 view, the
sentence cache) is bot.search's, which `Index.search` gives. Embedded
PersistentClient by default; a Chroma server when ``chroma_url`` is set. Same
code either way."""

import contextlib
import functools
import hashlib
import tempfile
import time
from datetime import UTC
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from bot.config import Settings
from bot.errors import BotError, IndexFailure, ServerUnreachable
from bot.types import Chunk, Sentence

BATCH = 2000
EMBED_STEP = 256  # texts per call into the model: progress is reported this often
RETRIES = 3
OPEN_TRIES = 35  # opening an index another process is writing: ~30 s of waiting at most
DIM = 384  # all-MiniLM-L6-v2
POOL = 4  # nearest-neighbour queries fetch 4x the hits they keep (see _exact_order)
EF_SEARCH = 400  # see _search_wide


def _retrying(method):
    """Chroma calls retried with backoff; a server that stays down becomes one clear error,
    and the next call after it is back simply works (no restart needed)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        for attempt in range(RETRIES):
            try:
                return method(self, *args, **kwargs)
            except BotError:
                raise
            except Exception as exc:  # noqa: BLE001 - chromadb and httpx raise many kinds
                if attempt == RETRIES - 1:
                    raise self.failure(exc) from exc
                time.sleep(0.25 * 2**attempt)

    return wrapper


def open_client(settings: Settings, retries: int = 3):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise IndexFailure(f"BOT_CHROMA_URL={settings.chroma_url!r} is not a URL like http://127.0.0.1:8000")
        for attempt in range(retries):
            try:
                return chromadb.HttpClient(
                    host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https", settings=chroma_settings
                )
            except Exception as exc:  # noqa: BLE001 - chromadb raises plain exceptions here
                if attempt == retries - 1:
                    raise ServerUnreachable(
                        f"Chroma server {settings.chroma_url} does not answer ({exc.__class__.__name__}); "
                        "start it with `chroma run --path DIR --port PORT` or unset BOT_CHROMA_URL"
                    ) from exc
                time.sleep(0.5 * 2**attempt)
    try:
        settings.index_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_path), settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001
        raise IndexFailure(
            f"the index at {settings.index_path} cannot be opened ({exc}); "
            f"delete that folder and run `bot ingest` to rebuild it"
        ) from exc


@contextlib.contextmanager
def _exclusive(path: Path, timeout: float, busy: str, unwritable: str | None = None):
    """`path` held as a lock file across processes. IndexFailure(busy) when another process holds it
    past `timeout`; with `unwritable`, IndexFailure too when the lock file cannot be made."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=timeout)
    try:
        if unwritable is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as exc:  # before OSError: filelock's Timeout is a TimeoutError
        raise IndexFailure(busy) from exc
    except OSError as exc:
        if unwritable is None:
            raise
        raise IndexFailure(f"{unwritable} ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _opening(settings: Settings, timeout: float = 120):
    """One process at a time opens a local index: two processes creating the same new index both ran
    Chroma's table set-up, and one failed ("table collections already exists"). Opening takes a
    moment; a server (BOT_CHROMA_URL) guards itself."""
    if settings.chroma_url:
        yield
        return
    where = settings.index_path
    with _exclusive(where / "open.lock", timeout,
                    busy=f"another process has been opening {where} for {timeout:.0f} s; is one stuck? stop it and retry",
                    unwritable=f"cannot write in {where}; the index needs a folder it may write to (BOT_INDEX_PATH)"):  # fmt: skip
        yield


class Index:
    def __init__(self, settings: Settings, embeddings):
        self.settings = settings
        self.embeddings = embeddings
        with _opening(settings):
            for attempt in range(OPEN_TRIES):  # another process writing the index holds SQLite for a moment
                try:
                    self._open(settings)
                    break
                except IndexFailure as exc:
                    if "locked" not in str(exc) or attempt == OPEN_TRIES - 1:
                        raise
                    time.sleep(min(1.0, 0.1 * 2**attempt))
        self.version = 0  # +1 at every write that changes what is stored: bot.search rebuilds its views

    def _open(self, settings: Settings) -> None:
        self.client = open_client(settings)
        try:
            # What langchain_chroma.Chroma(...) opens, without importing LangChain's vector-store stack
            # on every start; `store` gives that view when wanted.
            self.chunks = self.client.get_or_create_collection(f"{settings.collection}_chunks", embedding_function=None)
            self.sentences = self.client.get_or_create_collection(
                f"{settings.collection}_sentences", embedding_function=None
            )
            self.qa_sentences = self.client.get_or_create_collection(
                f"{settings.collection}_sentences_qa", embedding_function=None
            )
            for collection in (self.chunks, self.sentences, self.qa_sentences):
                _search_wide(collection)
        except Exception as exc:  # noqa: BLE001
            raise IndexFailure(
                f"the index cannot be read ({exc.__class__.__name__}: {exc}); "
                f"delete {settings.index_path} and run `bot ingest` to rebuild it"
            ) from exc

    @functools.cached_property
    def qa(self):
        """The question-answering sentence model (bot.qa), loaded when first needed."""
        from bot.qa import QAVectors

        return QAVectors(self.settings.embed_threads)

    @functools.cached_property
    def search(self):
        """The reading side (bot.search): the searches, and the views kept in memory."""
        from bot.search import Search

        return Search(self)

    @functools.cached_property
    def store(self):
        """The chunks as a LangChain ``Chroma`` vector store (same collection, same client)."""
        from langchain_chroma import Chroma

        return Chroma(collection_name=self.chunks.name, embedding_function=self.embeddings, client=self.client)

    def failure(self, exc: Exception) -> BotError:
        if self.settings.chroma_url:
            return ServerUnreachable(
                f"the Chroma server at {self.settings.chroma_url} stopped answering ({exc.__class__.__name__}); "
                "check that `chroma run` is up; the bot reconnects by itself"
            )
        if isinstance(exc, OSError) or "full" in str(exc).lower():
            return IndexFailure(f"could not write the index at {self.settings.index_path} ({exc}); "
                                "free some disk space and run `bot ingest` again: the previous index is unchanged")  # fmt: skip
        return IndexFailure(f"the index at {self.settings.index_path} failed ({exc.__class__.__name__}: {exc}); "
                            "delete that folder and run `bot ingest` to rebuild it")  # fmt: skip

    # --- writing -----------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, timeout: float = 600):
        """One writer at a time, across processes; a second ingest waits, then fails cleanly."""
        if self.settings.chroma_url:
            key = hashlib.sha1(self.settings.chroma_url.encode()).hexdigest()[:12]
            path = Path(tempfile.gettempdir()) / f"bot-ingest-{key}.lock"
        else:
            path = self.settings.index_path / "ingest.lock"
        with _exclusive(path, timeout, busy=f"another ingest holds {path}; wait for it to finish and retry"):
            yield

    @_retrying
    def add(self, chunks: list[Chunk], sentences: list[Sentence], progress: bool = True, on_progress=None) -> float:
        """Embed and write; returns the seconds spent inside the embedding model.
        `on_progress(done, total)` is called as texts are embedded (the page's progress bar)."""
        from tqdm import tqdm

        total, done = len(chunks) + (2 if self.settings.qa_vectors else 1) * len(sentences), 0
        bar = tqdm(total=total, desc="embedding", unit="text", disable=not progress, delay=1.0, leave=False)
        embedding_s = 0.0

        def embed(texts: list[str], model=None) -> np.ndarray:
            nonlocal embedding_s, done
            parts = []
            for i in range(0, len(texts), EMBED_STEP):
                t = time.perf_counter()
                step = texts[i : i + EMBED_STEP]
                parts.append(np.asarray((model or self.embeddings.embed)(step), dtype=np.float32))
                embedding_s += time.perf_counter() - t
                bar.update(len(step))
                done += len(step)
                if on_progress is not None:
                    on_progress(done, total)
            return np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)

        with bar:
            # Sentences first: a chunk is only findable once the sentences it offers are there.
            for i in range(0, len(sentences), BATCH):
                batch = sentences[i : i + BATCH]
                ids, texts = [_sentence_id(s) for s in batch], [s.text for s in batch]
                metas = [_meta(s, chunk_id=s.chunk_id) for s in batch]
                if self.settings.qa_vectors:
                    self.qa_sentences.upsert(ids=ids, embeddings=embed(texts, self.qa.passages), metadatas=metas)
                self.sentences.upsert(ids=ids, documents=texts, embeddings=embed(texts), metadatas=metas)
            for i in range(0, len(chunks), BATCH):
                batch = chunks[i : i + BATCH]
                self.chunks.upsert(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    embeddings=embed([c.text for c in batch]),
                    metadatas=[_meta(c) for c in batch],
                )
        self.version += 1
        return embedding_s

    @_retrying
    def delete(self, stale: dict[str, set[str]], refresh_sentences: set[str]) -> int:
        """Delete stale chunk ids, and the sentences of removed or changed files
        that no longer belong to a current chunk."""
        ids = [i for group in stale.values() for i in group]
        for i in range(0, len(ids), BATCH):
            self.chunks.delete(ids=ids[i : i + BATCH])
        self.version += 1
        sources = {s for s, group in stale.items() if group} | refresh_sentences
        if not sources:
            return len(ids)
        live = {i for group in self.chunk_ids_by_source().values() for i in group}
        names = sorted(sources)
        for i in range(0, len(names), 500):  # one query per 500 files, not one per file
            got = self.sentences.get(where={"source": {"$in": names[i : i + 500]}}, include=["metadatas"])
            dead = [sid for sid, m in zip(got["ids"], got["metadatas"]) if m["chunk_id"] not in live]
            for j in range(0, len(dead), BATCH):
                self.sentences.delete(ids=dead[j : j + BATCH])
                self.qa_sentences.delete(ids=dead[j : j + BATCH])
        return len(ids)

    @_retrying
    def lacks_qa(self) -> bool:
        """Some sentences have no question-answering vector although BOT_QA_VECTORS is on."""
        return self.settings.qa_vectors and self.qa_sentences.count() < self.sentences.count()

    @_retrying
    def add_missing_qa(self) -> int:
        """Question-answering vectors for the sentences of an index made before they existed;
        returns how many were added (0 once done, then it costs two counts; 0 with BOT_QA_VECTORS=false)."""
        if not self.lacks_qa():
            return 0
        have = set(self.qa_sentences.get(include=[])["ids"])
        got = self.sentences.get(include=["documents", "metadatas"])
        todo = [(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]) if i not in have]
        for j in range(0, len(todo), BATCH):
            part = todo[j : j + BATCH]
            self.qa_sentences.upsert(ids=[i for i, _, _ in part], metadatas=[m for _, _, m in part],
                                     embeddings=self.qa.passages([d for _, d, _ in part]))  # fmt: skip
        self.version += 1
        return len(todo)

    @_retrying
    def mark_indexed(self) -> None:
        from datetime import datetime

        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.chunks.modify(metadata={"last_indexed": stamp})

    # --- reading -----------------------------------------------------------
    def last_indexed(self) -> str:
        return (self.chunks.metadata or {}).get("last_indexed", "unknown")

    @_retrying
    def count(self) -> int:
        return self.chunks.count()

    @_retrying
    def chunk_ids_by_source(self) -> dict[str, set[str]]:
        got = self.chunks.get(include=["metadatas"])
        out: dict[str, set[str]] = {}
        for i, m in zip(got["ids"], got["metadatas"]):
            out.setdefault(m["source"], set()).add(i)
        return out

    @_retrying
    def all_chunks(self) -> list[Chunk]:
        got = self.chunks.get(include=["documents", "metadatas"])
        return [_chunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]

    @_retrying
    def vector_search(self, query_vector: list[float], k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        n = min(k * POOL, self.count())
        if n == 0:
            return []
        got = self.chunks.query(query_embeddings=[query_vector], n_results=n, where={"source": source} if source else None,
                                include=["documents", "metadatas", "distances"])  # fmt: skip
        hits = _exact_order(got)[:k]
        return [(_chunk(i, d, m), 1.0 - dist / 2.0) for i, d, m, dist in hits]  # unit vectors: squared L2 -> cosine

    def sentence_search(self, query_vector, k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        """The chunks of the k sentences closest to the query, each once, with its best sentence's cosine:
        a paraphrased question often matches one sentence far better than its 200-token chunk."""
        return self._sentence_search(self.sentences, query_vector, k, source)

    def qa_sentence_search(self, query: str, k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        """The same by the question-answering model's vectors (bot.qa); [] when BOT_QA_VECTORS=false.
        The question's vector is cached, and the scorer reads it too."""
        if not self.settings.qa_vectors:
            return []
        return self._sentence_search(self.qa_sentences, self.qa.query(query), k, source)

    @_retrying
    def _sentence_search(self, collection, query_vector, k: int, source: str | None) -> list[tuple[Chunk, float]]:
        n = min(k * POOL, collection.count())
        if n == 0:
            return []
        got = collection.query(query_embeddings=[np.asarray(query_vector, dtype=np.float32).tolist()], n_results=n,
                               where={"source": source} if source else None, include=["metadatas", "distances"])  # fmt: skip
        best: dict[str, float] = {}
        for _, _, m, dist in _exact_order(got)[:k]:
            best.setdefault(m["chunk_id"], 1.0 - dist / 2.0)
        chunks = self.chunks_by_id(list(best))
        return [(chunks[i], best[i]) for i in best if i in chunks]

    @_retrying
    def chunks_by_id(self, ids: list[str]) -> dict[str, Chunk]:
        got = self.chunks.get(ids=ids, include=["documents", "metadatas"]) if ids else {"ids": []}
        return {i: _chunk(i, d, m) for i, d, m in zip(got["ids"], got.get("documents", []), got.get("metadatas", []))}

    @_retrying
    def stored_sentences(
        self, chunk_ids: list[str], qa: bool = True
    ) -> dict[str, list[tuple[Sentence, list, list | None]]]:
        """chunk id -> its sentences as stored, each with its MiniLM vector and its question-answering
        vector (None when the index has none for it, or qa=False: not read)."""
        got = self.sentences.get(where={"chunk_id": {"$in": list(chunk_ids)}},
                                 include=["documents", "metadatas", "embeddings"])  # fmt: skip
        qa_got = self.qa_sentences.get(ids=got["ids"], include=["embeddings"]) if qa and got["ids"] else {"ids": []}
        qa_vec = dict(zip(qa_got["ids"], qa_got.get("embeddings", [])))
        out: dict[str, list] = {i: [] for i in chunk_ids}
        for i, d, m, v in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"]):
            s = Sentence(d, m["source"], m["start"], m["end"], m["line"], m["chunk_id"])
            out.setdefault(m["chunk_id"], []).append((s, v, qa_vec.get(i)))
        return out


def _meta(item, **extra) -> dict:
    return {"source": item.source, "start": item.start, "end": item.end, "line": item.line, **extra}


def _search_wide(collection) -> None:
    """HNSW's search breadth raised from Chroma's 100 to EF_SEARCH (kept in the collection): with the
    default, two processes opening the same sentence collection disagreed on a query's tail in 3 of
    8 runs, and so on the passages an answer cites; with 400, 0 of 10."""
    hnsw = (collection.configuration or {}).get("hnsw") or {}
    if (hnsw.get("ef_search") or 0) < EF_SEARCH:
        collection.modify(configuration={"hnsw": {"ef_search": EF_SEARCH}})


def _exact_order(got: dict) -> list[tuple]:
    """A Chroma query's hits as (id, document, metadata, distance), nearest first, ties by id. HNSW is
    approximate, and a collection reloaded from its log rebuilds its graph in a different order, so
    two processes can disagree on the tail of the same query: the callers ask for POOL times the hits
    they keep, and the distances (exact for every hit returned) decide, the same in every process."""
    docs = got.get("documents") or [[None] * len(got["ids"][0])]
    hits = zip(got["ids"][0], docs[0], got["metadatas"][0], got["distances"][0])
    return sorted(hits, key=lambda h: (round(h[3], 6), h[0]))


def _chunk(id_: str, text: str, m: dict) -> Chunk:
    return Chunk(id_, text, m["source"], m["start"], m["end"], m["line"])


def _sentence_id(s: Sentence) -> str:
    return hashlib.sha256(f"{s.source}\x00{s.start}\x00{s.chunk_id}\x00{s.text}".encode()).hexdigest()[:32]
