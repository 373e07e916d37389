"""Hybrid retrieval: Chroma vector search, BM25 and both models' sentence vectors over the same
chunks, fused by reciprocal rank fusion (bot.fusion), as a LangChain ``BaseRetriever`` that honours the
invoke-time ``k`` and a ``source`` filter (``retriever.invoke(q, k=1, source=...)``)."""

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from bot.fusion import hybrid
from bot.index import Index
from bot.types import Passage

__all__ = ["HybridRetriever", "hybrid"]


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
        return hybrid(self.index.search, query, k, max(self.fetch_k, k), self.rrf_k, source=source)

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
