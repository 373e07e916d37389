"""LangChain's own standard suites (langchain-tests) against the project's
retriever and embeddings, so the contract (invoke-time k, ainvoke, async embeds)
is kept by CI, not by hand."""

import functools

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests
from langchain_tests.unit_tests import EmbeddingsUnitTests

from bot.embeddings import MiniLMEmbeddings
from bot.retrieve import HybridRetriever


class TestMiniLMEmbeddingsUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self):
        return MiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"threads": 1}


class TestMiniLMEmbeddingsIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return MiniLMEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"threads": 1}


@functools.cache
def _seeded_index():
    import tempfile
    from pathlib import Path

    from bot.config import PROJECT_ROOT, Settings
    from bot.index import Index
    from bot.ingest import ingest

    settings = Settings(index_path=Path(tempfile.mkdtemp(prefix="bot-std-")), corpus=PROJECT_ROOT / "seeds")
    index = Index(settings, MiniLMEmbeddings())
    ingest(settings.corpus, settings, index, progress=False)
    return index


class TestHybridRetrieverIntegration(RetrieversIntegrationTests):
    @property
    def retriever_constructor(self):
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"index": _seeded_index()}

    @property
    def retriever_query_example(self) -> str:
        return "Where does Abbas Gallyamov live now?"


@pytest.mark.parametrize("k", [1, 2, 6])
def test_source_filter_and_k_together(k):
    retriever = HybridRetriever(index=_seeded_index())
    source = "seeds/004_23f3e9abca8474ef.txt"
    docs = retriever.invoke("Kremlin", k=k, source=source)
    assert len(docs) == k and {d.metadata["source"] for d in docs} == {source}
