"""all-MiniLM-L6-v2 (int8 ONNX, packaged) as a LangChain ``Embeddings``; the
model itself is ``bot.minilm.MiniLM``, which the ask path uses without LangChain."""

from langchain_core.embeddings import Embeddings

from bot.minilm import BATCH, MAX_TOKENS, TOKENIZER, MiniLM

__all__ = ["BATCH", "MAX_TOKENS", "TOKENIZER", "MiniLM", "MiniLMEmbeddings"]


class MiniLMEmbeddings(MiniLM, Embeddings):
    """Unit vectors (384 floats) from the packaged int8 model; passes langchain-tests' embeddings suites."""
