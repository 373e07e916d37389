"""What retrieval and the answer path read: the index's searches, plus two views
derived from it and kept in memory, so a question never rebuilds them:
- BM25 over the chunks (bot.lexical), built on first use and again after the
  index changes (Index.version);
- the sentences of a chunk with both models' vectors, by chunk id: ids are
  content hashes, so an entry can never be stale.
The index (bot.index) writes and reads Chroma; this module only reads it."""

import numpy as np

from bot.index import DIM
from bot.lexical import Bm25
from bot.types import Chunk, Sentence

CACHE_CHUNKS = 50_000  # sentence entries kept before the cache starts over


class Search:
    def __init__(self, index):
        self.index = index
        self._bm25: tuple[int, Bm25] | None = None  # (the index version it was built from, the view)
        self._sentences: dict[str, tuple[list[Sentence], np.ndarray, np.ndarray | None]] = {}

    @property
    def embeddings(self):
        return self.index.embeddings

    @property
    def qa(self):
        return self.index.qa

    def vector_search(self, query_vector, k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        return self.index.vector_search(query_vector, k, source)

    def sentence_search(self, query_vector, k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        return self.index.sentence_search(query_vector, k, source)

    def qa_sentence_search(self, query: str, k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        return self.index.qa_sentence_search(query, k, source)

    def bm25(self) -> Bm25:
        """Built once per process and again after each change to the index, never per query."""
        version = self.index.version
        if self._bm25 is None or self._bm25[0] != version:
            self._bm25 = (version, Bm25(self.index.all_chunks()))
        return self._bm25[1]

    def bm25_search(self, terms: list[str], k: int, source: str | None = None) -> list[tuple[Chunk, float]]:
        return self.bm25().search(terms, k, source)

    def sentences_of(self, chunk_ids: list[str]) -> tuple[list[Sentence], np.ndarray, np.ndarray | None]:
        """The sentences of these chunks, in the chunks' order, with their MiniLM vectors and their
        question-answering vectors (None with BOT_QA_VECTORS=false). A sentence of an index made before
        the second vectors existed gets its vector here, in memory (`bot ingest` stores them)."""
        qa_on = self.index.settings.qa_vectors
        have = {i: self._sentences.get(i) for i in dict.fromkeys(chunk_ids)}
        missing = [i for i, e in have.items() if e is None or (qa_on and e[2] is None)]
        if missing:
            have.update(self._load(missing, qa_on))
        sents = [s for e in have.values() for s in e[0]]
        if not sents:
            none = np.zeros((0, DIM), dtype=np.float32)
            return [], none, none if qa_on else None
        vecs = np.vstack([e[1] for e in have.values()])
        return sents, vecs, np.vstack([e[2] for e in have.values()]) if qa_on else None

    def _load(
        self, chunk_ids: list[str], qa_on: bool
    ) -> dict[str, tuple[list[Sentence], np.ndarray, np.ndarray | None]]:
        stored = self.index.stored_sentences(chunk_ids, qa=qa_on)
        lacking = [s.text for rows in stored.values() for s, _, q in rows if qa_on and q is None]
        made = dict(zip(lacking, self.qa.passages(lacking))) if lacking else {}
        out = {}
        for i, rows in stored.items():
            vecs = np.asarray([v for _, v, _ in rows], dtype=np.float32).reshape(len(rows), DIM)
            qvecs = None
            if qa_on:
                qvecs = np.asarray([made[s.text] if q is None else q for s, _, q in rows], dtype=np.float32)
                qvecs = qvecs.reshape(len(rows), DIM)
            out[i] = ([s for s, _, _ in rows], vecs, qvecs)
        if len(self._sentences) > CACHE_CHUNKS:  # start over: a new dict, so no reader loses an entry it holds
            self._sentences = {}
        self._sentences.update(out)
        return out
