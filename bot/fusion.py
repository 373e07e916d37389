"""Reciprocal rank fusion of Chroma vector search and BM25 over the same chunks.
Plain functions over the index (no LangChain import): the ask path calls this
directly; ``bot.retrieve.HybridRetriever`` is its LangChain face."""

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
