"""Reciprocal rank fusion of Chroma vector search, BM25 and sentence vectors by both models of meaning
(MiniLM and the question-answering one, bot.qa) over the same chunks.
Plain functions over the index's reading side (bot.search; no LangChain import): the ask path
calls this directly; ``bot.retrieve.HybridRetriever`` is its LangChain face."""

from bot.lexical import words
from bot.search import Search
from bot.types import Chunk, Passage


def hybrid(
    search: Search, query: str, k: int, fetch_k: int, rrf_k: int = 60, source: str | None = None
) -> list[Passage]:
    """The k best chunks for `query`, best first: chunk vectors, BM25 and both models' sentence vectors
    fused by rank; only chunks of file `source` when given."""
    qvec = search.embeddings.embed_query(query)
    rankings = [search.vector_search(qvec, fetch_k, source=source), search.bm25_search(words(query), fetch_k, source=source),
                search.sentence_search(qvec, fetch_k, source=source), search.qa_sentence_search(query, fetch_k, source=source)]  # fmt: skip
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
