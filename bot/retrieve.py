"""Hybrid retrieval: Chroma vector search + BM25 over the same chunks, fused
by reciprocal rank fusion, as a LangChain ``BaseRetriever``."""

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.index import Index, words
from bot.types import Chunk, Passage


def hybrid(index: Index, query: str, k: int, fetch_k: int, rrf_k: int = 60) -> list[Passage]:
    """The k best chunks for `query`, best first: chunk vectors, BM25 and sentence vectors, fused by rank."""
    qvec = index.embeddings.embed_query(query)
    rankings = [index.vector_search(qvec, fetch_k), index.bm25_search(words(query), fetch_k),
                index.sentence_search(qvec, fetch_k)]  # fmt: skip
    fused: dict[str, float] = {}
    by_id: dict[str, Chunk] = {}
    leaders: list[str] = []
    for hits in rankings:
        for rank, (c, _) in enumerate(hits):
            fused[c.id] = fused.get(c.id, 0.0) + 1.0 / (rrf_k + rank + 1)
            by_id[c.id] = c
        if hits:
            leaders.append(hits[0][0].id)
    # Fusion ignores score size, so a clear winner of one retriever can fall out of the top k:
    # each retriever's first hit keeps a place.
    ranked = sorted(fused, key=lambda i: -fused[i])
    chosen = set(dict.fromkeys(leaders[:k]))
    for i in ranked:
        if len(chosen) >= k:
            break
        chosen.add(i)
    best = [i for i in ranked if i in chosen]
    return [Passage(by_id[i], fused[i], r) for r, i in enumerate(best, 1)]


class HybridRetriever(BaseRetriever):
    """LangChain face of :func:`hybrid`; each Document carries source, start, end, line, score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    index: Index
    k: int = 6
    fetch_k: int = 20
    rrf_k: int = 60

    def passages(self, query: str) -> list[Passage]:
        return hybrid(self.index, query, self.k, self.fetch_k, self.rrf_k)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=p.chunk.text,
                id=p.chunk.id,
                metadata={
                    "source": p.chunk.source,
                    "start": p.chunk.start,
                    "end": p.chunk.end,
                    "line": p.chunk.line,
                    "score": p.score,
                    "rank": p.rank,
                },  # fmt: skip
            )
            for p in self.passages(query)
        ]
