"""LangChain's standard recipe, for comparison: 1000/200 character chunks,
vector-only top-4 similarity; same embedding model, same answerer."""

from langchain_text_splitters import RecursiveCharacterTextSplitter

from bot.chain import Bot
from bot.ingest import Document, chunks_from
from bot.types import Chunk, Passage


def char_chunks(doc: Document, settings) -> list[Chunk]:
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    return chunks_from(doc, splitter.split_text(doc.text))


def baseline_bot(settings, index) -> Bot:
    def vector_top4(query: str) -> list[Passage]:
        hits = index.vector_search(index.embeddings.embed_query(query), 4)
        return [Passage(c, score, rank) for rank, (c, score) in enumerate(hits, 1)]

    return Bot(settings, index, retrieve=vector_top4)
