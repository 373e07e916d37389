"""``build_chain(settings)``: retriever | answerer as one LangChain runnable.
The answerer is the seam where a generative model plugs in later."""

import time
import unicodedata

from langchain_core.runnables import RunnableLambda

from bot import cite, extractive
from bot.config import Settings
from bot.errors import QuestionError
from bot.retrieve import HybridRetriever
from bot.types import Answer


def clean_question(text: str, settings: Settings) -> str:
    if not isinstance(text, str):
        raise QuestionError("the question must be text")
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> U+FFFD
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    if not text:
        raise QuestionError("the question is empty: ask something about the documents")
    if len(text) > settings.max_question_chars:
        raise QuestionError(
            f"the question is {len(text):,} characters long; keep it under {settings.max_question_chars:,}"
        )
    return text


class Bot:
    """The whole pipeline over one index. Build once, ask many times."""

    def __init__(self, settings: Settings, index, retrieve=None):
        self.settings = settings
        self.index = index
        self.retriever = HybridRetriever(index=index, k=settings.k, fetch_k=settings.fetch_k, rrf_k=settings.rrf_k)
        self.retrieve = retrieve or self.retriever.passages  # the seam the eval's baseline uses
        self.chain = RunnableLambda(self._retrieve) | RunnableLambda(self._answer)

    def ask(self, question: str, search_query: str | None = None) -> Answer:
        q = clean_question(question, self.settings)
        return self.chain.invoke({"question": q, "query": search_query or q, "t0": time.perf_counter()})

    def _retrieve(self, state: dict) -> dict:
        t = time.perf_counter()
        state["passages"] = self.retrieve(state["query"])
        state["t_retrieve"] = (time.perf_counter() - t) * 1000
        return state

    def _answer(self, state: dict) -> Answer:
        t = time.perf_counter()
        passages = state["passages"]
        sents, vecs = self.index.sentences_of([p.chunk.id for p in passages])
        model, _ = self.index.bm25()
        idf = model.idf if model is not None else {}
        qvec = self.index.embeddings.embed_cached(state["query"])
        choice = extractive.choose(state["query"], passages, sents, vecs, qvec, idf, self.settings)
        if choice.refused:
            answer = cite.refusal(state["question"], choice.note, passages)
        else:
            answer = cite.assemble(state["question"], choice.sentences, passages)
            answer.note = choice.note
        answer.search_query = state["query"]
        now = time.perf_counter()
        answer.timings_ms = {"retrieve": state["t_retrieve"], "answer": (now - t) * 1000,
                             "total": (now - state["t0"]) * 1000}  # fmt: skip
        return answer


def build_chain(settings: Settings, ingest_if_empty: bool = True) -> Bot:
    import sys

    from bot.embeddings import MiniLMEmbeddings
    from bot.index import Index
    from bot.ingest import ingest

    index = Index(settings, MiniLMEmbeddings(settings.embed_threads))
    if ingest_if_empty and index.count() == 0:
        print(f"the index is empty: indexing {settings.display_path(settings.corpus)} first", file=sys.stderr)
        ingest(settings.corpus, settings, index, progress=sys.stderr.isatty())
    return Bot(settings, index)
