"""``build_chain(settings)``: retriever | answerer as one LangChain runnable.
The answerer is extractive by default; a chat model plugs in at the same
seam, and its text passes enforce() before it is final."""

import collections
import dataclasses
import functools
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot import cite, generative
from bot.answer import Probe, Reader, Scorer, extract, probe, scorer
from bot.answer import reader as reader_model
from bot.config import Settings
from bot.docstore import DocStore
from bot.enforce import enforce
from bot.errors import BotError, QuestionError
from bot.fusion import hybrid
from bot.types import Answer, Citation

if TYPE_CHECKING:
    from bot.retrieve import HybridRetriever

WRAPPED = re.compile(r"[ \t]*\n[ \t]*")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def clean_question(text: str, settings: Settings) -> str:
    if not isinstance(text, str):
        raise QuestionError("the question must be text")
    text = text.encode("utf-8", "ignore").decode("utf-8")  # drop lone surrogates (invalid Unicode)
    text = ANSI.sub("", text)  # terminal colour codes pasted along with the question
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
    """The whole pipeline over one index. Build once, ask many times.

    >>> bot = Bot.from_settings(corpus="docs/")          # or Bot.from_settings(Settings(...))
    >>> answer = bot.ask("Who is Josef Kraus?")           # -> Answer: text with [n], citations, refused
    >>> bot.retriever.invoke("Kraus", k=2, source="docs/a.txt")   # LangChain Documents
    >>> bot.ingest("docs/")                               # mirror a folder into the index
    """

    @classmethod
    def from_settings(cls, settings: Settings | None = None, /, **overrides) -> "Bot":
        """A ready bot: `settings` (default: the environment, BOT_*) with `overrides` applied;
        indexes the corpus first when the index is empty."""
        settings = settings or Settings()
        return build_chain(settings.model_copy(update=overrides) if overrides else settings)

    def ingest(self, folder: "str | os.PathLike | None" = None, progress: bool = False):
        """Mirror `folder` (default: the corpus) into the index: new and changed files are
        embedded, removed ones dropped. Returns the ingest Report."""
        from pathlib import Path

        from bot.ingest import ingest

        return ingest(Path(folder) if folder else self.settings.corpus, self.settings, self.index, progress=progress)

    def __init__(
        self,
        settings: Settings,
        index,
        retrieve=None,
        model=None,
        judge=None,
        reader: Reader | Scorer | Probe | None = None,
    ):
        from bot.verify import Judge

        self.settings = settings
        self.index = index
        # The same fusion HybridRetriever.passages runs, called directly: the ask path need not import
        # LangChain's runnables and tracers (~0.4 s of a cold `bot ask`).
        self.retrieve = retrieve or functools.partial(
            hybrid, index.search, k=settings.k, fetch_k=settings.fetch_k, rrf_k=settings.rrf_k
        )  # the seam the eval's baseline uses
        self.model = model  # None: extractive
        if reader is None:
            mode = settings.answer_model
            if mode == "reader":
                reader = reader_model.shared(settings.embed_threads)
            elif mode == "probe":
                base = Scorer("matching", index.embeddings, card=probe.scorer_card(settings.qa_vectors),
                              qa=settings.qa_vectors)  # fmt: skip
                reader = Probe(base, settings.probe_model)
            else:
                reader = Scorer(mode, index.embeddings, qa=settings.qa_vectors, threads=settings.embed_threads)
        self.reader = reader
        self.judge = judge or Judge(index.embeddings)
        self.docs = DocStore.of(settings)

    def show(self, source: str) -> str:
        """The exact extracted text of `source`: every citation's quote is text[start:end]."""
        return self.docs.text(source)

    def add(self, files: "list[tuple[str, os.PathLike]]", progress=None):
        """Add uploaded files ((name, path)) to the corpus folder and the index; returns the Report."""
        from pathlib import Path

        from bot.documents import add_files

        return add_files([(n, Path(p)) for n, p in files], self.settings, self.index, progress)

    def remove(self, source: str) -> int:
        """Remove one document from the index and the corpus folder; returns its chunks deleted."""
        from bot.documents import remove

        return remove(source, self.settings, self.index)

    def _placed(self, c: Citation | None) -> Citation | None:
        """A citation with its page(s) and section, from the stored document."""
        doc = self.docs.document(c.source) if c is not None else None
        return dataclasses.replace(c, **doc.place(c.start, c.end)) if doc is not None else c

    @functools.cached_property
    def retriever(self) -> "HybridRetriever":
        """The LangChain retriever over this index (honours invoke-time ``k`` and ``source``)."""
        from bot.retrieve import HybridRetriever

        s = self.settings
        return HybridRetriever(index=self.index, k=s.k, fetch_k=s.fetch_k, rrf_k=s.rrf_k)

    @functools.cached_property
    def chain(self):
        """retriever | answerer as a LangChain runnable (for composing); ``ask`` gives the same Answer."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(self._retrieve) | RunnableLambda(lambda state: _last(self._answer(state)))

    def ask(self, question: str, search_query: str | None = None) -> Answer:
        return _last(self._answer(self._retrieve(self._state(question, search_query))))

    def stream(self, question: str, search_query: str | None = None) -> Iterator[str | Answer]:
        """Partial texts while a model writes, then the final, verified Answer."""
        yield from self._answer(self._retrieve(self._state(question, search_query)))

    def _state(self, question: str, search_query: str | None) -> dict:
        q = clean_question(question, self.settings)
        query = clean_question(search_query, self.settings) if search_query else q
        return {"question": q, "query": query, "t0": time.perf_counter()}

    def _retrieve(self, state: dict) -> dict:
        t = time.perf_counter()
        state["passages"] = self.retrieve(state["query"])
        state["t_retrieve"] = (time.perf_counter() - t) * 1000
        return state

    def _answer(self, state: dict) -> Iterator[str | Answer]:
        t = time.perf_counter()
        passages, dropped, note = state["passages"], [], ""
        answer = None
        if self.model is not None:
            text = ""
            for text in generative.stream(self.model, state["query"], passages):
                yield text
            enforced = enforce(state["query"], text, passages, self.judge)
            dropped = enforced.dropped
            if enforced.kept:
                answer = cite.assemble(state["question"], enforced.kept, passages)
                if enforced.searched:
                    note = f"The model cited nothing; the verifier found the passage behind {enforced.searched} sentence(s)."
            elif enforced.model_refused:
                note = "The model found no answer in the passages; the extractive answerer was asked instead."
        if answer is None:
            answer = self._extractive(state)
        answer.dropped, answer.search_query = dropped, state["query"]
        answer.citations = [self._placed(c) for c in answer.citations]
        # A quote from wrapped text keeps its line breaks (it is an exact span); the answer reads as prose.
        answer.text = WRAPPED.sub(" ", answer.text)
        answer.sentences = [(WRAPPED.sub(" ", s), ids) for s, ids in answer.sentences]
        answer.closest = self._placed(answer.closest)
        answer.note = answer.note or note
        now = time.perf_counter()
        answer.timings_ms = {"retrieve": state["t_retrieve"], "answer": (now - t) * 1000,
                             "total": (now - state["t0"]) * 1000}  # fmt: skip
        yield answer

    def _extractive(self, state: dict) -> Answer:
        return extract(
            state["question"], state["query"], state["passages"], self.index.search, self.reader, self.settings
        )


def _last(items):
    return collections.deque(items, maxlen=1).pop()


def build_chain(settings: Settings, ingest_if_empty: bool = True) -> Bot:
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from bot.index import Index
    from bot.minilm import MiniLM

    model = generative.chat_model(settings.llm)  # fail fast on a bad provider, before loading anything
    with ThreadPoolExecutor(1) as pool:
        # ONNX Runtime builds the model's session without holding the GIL, so it loads while
        # Chroma's Python modules import (~0.14 s of a cold start on 2 cores); nothing is skipped.
        loading = pool.submit(MiniLM, settings.embed_threads)
        if settings.answer_model == "reader" or scorer.reads_cross_encoder(settings.answer_model, settings.qa_vectors):
            pool.submit(reader_model.shared, settings.embed_threads)  # the same, after the embedding model
        import chromadb  # noqa: F401

        index = Index(settings, loading.result())
    if ingest_if_empty and index.count() == 0:
        from bot.ingest import ingest

        print(f"the index is empty: indexing {settings.display_path(settings.corpus)} first", file=sys.stderr)
        ingest(settings.corpus, settings, index, progress=sys.stderr.isatty())
    elif ingest_if_empty and index.lacks_qa():
        # An index made before the question-answering vectors (or with BOT_QA_VECTORS=false): retrieval
        # would miss its fourth ranking and every answer would make the vectors it reads. Once, here.
        print("the index has no question-answering vectors yet: adding them (once)", file=sys.stderr)
        try:
            with index.lock():
                index.add_missing_qa()
        except BotError as exc:  # a read-only index still answers, making the vectors it reads as it goes
            print(f"could not add them ({exc}); answering without them in retrieval", file=sys.stderr)
    return Bot(settings, index, model=model)
