"""Hybrid retrieval: Chroma vector search + BM25 over the same chunks, fused
by reciprocal rank fusion, as a LangChain ``BaseRetriever`` that honours the
invoke-time ``k`` and a ``source`` filter (``retriever.invoke(q, k=1, source=...)``)."""

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.index import Index, words
from bot.types import Chunk, Passage


def hybrid(index: Index, query: str, k: int, fetch_k: int, rrf_k: int = 60, source: str | None = None) -> list[Passage]:
    """The k best chunks for `query`, best first; only chunks of file `source` when given."""
    vector_hits = index.vector_search(index.embeddings.embed_query(query), fetch_k, source=source)
    fused: dict[str, float] = {}
    by_id: dict[str, Chunk] = {}
    leaders: list[str] = [vector_hits[0][0].id] if vector_hits else []
    for rank, (c, _) in enumerate(vector_hits):
        fused[c.id] = fused.get(c.id, 0.0) + 1.0 / (rrf_k + rank + 1)
        by_id[c.id] = c
    for rank, (c, _) in enumerate(index.bm25_search(words(query), fetch_k, source=source)):
        fused[c.id] = fused.get(c.id, 0.0) + 1.0 / (rrf_k + rank + 1)
        by_id[c.id] = c
        if rank == 0:
            leaders.append(c.id)
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

    def passages(self, query: str, k: int | None = None, source: str | None = None) -> list[Passage]:
        k = self.k if k is None else k
        if not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a positive whole number, not {k!r}")
        return hybrid(self.index, query, k, max(self.fetch_k, k), self.rrf_k, source=source)

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        source: str | None = None,
    ) -> list[Document]:
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
            for p in self.passages(query, k=k, source=source)
        ]
