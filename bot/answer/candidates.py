"""Candidates: every sentence of the retrieved chunks, once, in file order,
with the sentence before it (context for "They were ...") and its cosines to
the question by both models of meaning, MiniLM and the question-answering one
(bot.qa; sentence vectors are made at ingest, so this costs nothing)."""

from dataclasses import dataclass

import numpy as np

from bot.types import Passage, Sentence


@dataclass
class Candidate:
    sentence: Sentence
    prev: str  # the sentence just before it in the same file, "" when not retrieved with it
    cos: float
    prev_cos: float = 0.0  # the previous sentence's cosine, when `prev` is given
    qa: float = 0.0  # cosine by the question-answering model (bot.qa)


def gather(passages: list[Passage], sents: list[Sentence], vecs: np.ndarray, qvec: np.ndarray,
           qa_vecs: np.ndarray | None = None, qa_qvec: np.ndarray | None = None) -> list[Candidate]:  # fmt: skip
    """`sents`/`vecs`/`qa_vecs`: the sentences of `passages`' chunks with their unit vectors by each model
    (qa_vecs None: the question-answering model is not read); `qvec`/`qa_qvec`: the question's."""
    cos = vecs @ qvec if len(sents) else np.zeros(0)
    qa = qa_vecs @ qa_qvec if len(sents) and qa_vecs is not None else np.zeros(len(sents))
    first: dict[tuple[str, int], int] = {}
    for i, s in enumerate(sents):
        first.setdefault((s.source, s.start), i)
    order = sorted(first.values(), key=lambda i: (sents[i].source, sents[i].start))
    out: list[Candidate] = []
    for i in order:
        s = sents[i]
        before = out[-1].sentence if out else None
        adjacent = before is not None and before.source == s.source and 0 <= s.start - before.end <= 3
        prev_cos = out[-1].cos if adjacent else 0.0
        out.append(Candidate(s, before.text if adjacent else "", float(cos[i]), prev_cos, float(qa[i])))
    return out


def candidates(search, query: str, passages: list[Passage], qa: bool) -> list[Candidate]:
    """Every sentence of `passages`' chunks as a candidate, with its cosines to `query`; qa=False: without
    the question-answering model's (its cosine left at 0), as for a reader that does not read it.
    `search`: the index's reading side (bot.search)."""
    sents, vecs, qa_vecs = search.sentences_of([p.chunk.id for p in passages])
    qa = qa and qa_vecs is not None
    return gather(passages, sents, vecs, search.embeddings.embed_cached(query),
                  qa_vecs if qa else None, search.qa.query(query) if qa else None)  # fmt: skip
