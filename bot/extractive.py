"""The default answerer: no LLM. It quotes the retrieved sentences that best
answer the question, each with its citation, or refuses.

Score = embedding cosine + idf-weighted coverage of the question's words,
plus a bonus when the sentence holds the kind of thing asked (a place, a
date, a figure, a name, a reason). Refusal is structural, not a bare score
threshold: names the evidence never mentions, a figure or date that is not
there, or a sentence that does not state what is asked all lead to "The
documents don't say"."""

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot import question as qa
from bot.config import Settings
from bot.types import Passage, Sentence

CONTINUATION = re.compile(r"^[“\"]?(They|These|Those|Instead|Such|This includes)\b")
ANNOUNCES = re.compile(r"\b(?:a number of|several|various|a series of|a range of|a few)\s+(\w+)(?:\s+(\w+))?", re.I)
STRONG_COS = 0.7  # cosine at which a sentence is a paraphrase of the question
SHORT = 6  # words; a shorter sentence brings its successor along for context


@dataclass
class Candidate:
    sentence: Sentence
    index: int  # position among candidates, in file order
    cos: float
    coverage: float = 0.0
    topic: float = 0.0
    score: float = 0.0


@dataclass
class Choice:
    """What the answerer picked; `note` explains a refusal or a corrected premise."""

    sentences: list[Sentence]
    refused: bool
    note: str = ""


def choose(question: str, passages: list[Passage], sents: list[Sentence], vecs: np.ndarray,
           qvec: np.ndarray, idf: dict[str, float], settings: Settings) -> Choice:  # fmt: skip
    q = qa.parse(question)
    evidence = " ".join(p.chunk.text for p in passages)
    missing = [n for n in dict.fromkeys(q.names + q.numbers) if not _mentions(evidence, n)]
    cands = _candidates(q, sents, vecs, qvec, idf, passages)
    ok = [c for c in cands if _states_what_is_asked(q, c) and _about_the_subject(q, c, cands)]
    ok = [c for c in ok if not _someone_else_speaks(q, c, cands)]
    if not ok:
        return Choice([], True, _refusal(q, missing))
    best = max(ok, key=lambda c: c.score)
    if missing:
        # A premise the documents contradict ("moved to London") gets the documents' version,
        # but only when a single term is unknown and the rest of the question is well supported.
        strong = len(missing) == 1 and len(q.names) > 1 and best.coverage >= 0.6 and best.score >= 0.5
        if not strong:
            return Choice([], True, _refusal(q, missing))
    if best.score < settings.min_support or (_topic_words(q) and not _on_topic(best)):
        return Choice([], True, _refusal(q, []))
    picked = [best]
    picked += _follow_ups(q, best, cands, ok, idf, settings.max_answer_sentences - 1)
    picked.sort(key=lambda c: (c.sentence.source, c.sentence.start))
    note = f"The documents don't mention {missing[0]}; here is what they say." if missing else ""
    return Choice([c.sentence for c in picked], False, note)


def _candidates(q, sents, vecs, qvec, idf, passages) -> list[Candidate]:
    doc_text: dict[str, str] = {}
    for p in passages:
        doc_text[p.chunk.source] = doc_text.get(p.chunk.source, "") + " " + p.chunk.text
    seen, cands = set(), []
    order = sorted(range(len(sents)), key=lambda i: (sents[i].source, sents[i].start))
    for i in order:
        s = sents[i]
        if (s.source, s.start) in seen:
            continue
        seen.add((s.source, s.start))
        c = Candidate(s, len(cands), float(vecs[i] @ qvec))
        c.coverage, c.topic = _coverage(q, s.text, doc_text.get(s.source, ""), idf)
        bonus = 0.1 if _has_type(q, s.text) else 0.0
        c.score = 0.45 * c.cos + 0.35 * c.coverage + 0.2 * c.topic + bonus
        cands.append(c)
    return cands


def _matched_anywhere(q: qa.Question) -> set[str]:
    """Names that may be matched anywhere in the document; those the question is about must be in the sentence."""
    return {n.lower() for n in q.names} - {n.lower() for n in q.about}


def _topic_words(q: qa.Question) -> list[str]:
    names = _matched_anywhere(q)
    return [w for w in q.words if w not in names and not any(ch.isdigit() for ch in w)]


def _coverage(q: qa.Question, sentence: str, document: str, idf: dict[str, float]) -> tuple[float, float]:
    """(idf-weighted share of question words matched, share of topic words matched).
    Names may be matched anywhere in the same document: interviews name the speaker once."""
    sent_stems = qa.stems(sentence)
    names = _matched_anywhere(q)
    total = got = topic_total = topic_got = 0.0
    for w in dict.fromkeys(q.words):
        weight = idf.get(w, idf.get(qa.stem(w), 2.0))
        hit = 1.0 if qa.stem(w) in sent_stems else 0.0
        if not hit and w in names and _mentions(document, w):
            hit = 0.5
        total += weight
        got += weight * hit
        if w not in names and not any(ch.isdigit() for ch in w):
            topic_total += weight
            topic_got += weight * hit
    return (got / total if total else 0.0), (topic_got / topic_total if topic_total else 1.0)


def _has_type(q: qa.Question, text: str) -> bool:
    if q.kind == "identity":
        return any(qa.appositive(text, n) for n in q.names)
    if q.kind == "who":
        return qa.has_name(text)
    if q.kind == "why":
        return qa.has_reason(text)
    check = qa.STATES_KIND.get(q.kind)
    return bool(check and check(text))


def _states_what_is_asked(q: qa.Question, c: Candidate) -> bool:
    """A figure / date / place question needs one in the sentence, next to the asked noun."""
    check = qa.STATES_KIND.get(q.kind)
    if check and not check(c.sentence.text):
        return False
    if q.kind == "number" and q.target and q.target not in {"long", "old", "often", "far"}:
        return qa.number_before(c.sentence.text, q.target) or c.cos >= STRONG_COS
    return True


def _about_the_subject(q: qa.Question, c: Candidate, cands: list[Candidate]) -> bool:
    """A question naming someone or something is answered from a document that names one of them."""
    names = [n for n in q.names if n.lower() not in qa.STOP]
    return not names or any(_mentions(c.sentence.text, n) or _mentions_doc(cands, c.sentence.source, n) for n in names)


def _someone_else_speaks(q: qa.Question, c: Candidate, cands: list[Candidate], reach: int = 1500) -> bool:
    """For "what did X say?": the nearest attribution at or before the sentence (within `reach`
    characters of the same file) names another person, and X is not named in between."""
    wanted = qa.speakers(q)
    if not wanted:
        return False
    before = [o for o in cands[: c.index + 1]
              if o.sentence.source == c.sentence.source and c.sentence.start - o.sentence.start <= reach]  # fmt: skip
    for o in reversed(before):
        if any(_mentions(o.sentence.text, n) for n in wanted):
            return False
        if qa.attributed_to(o.sentence.text):
            return True
    return False


def _on_topic(c: Candidate) -> bool:
    """The sentence speaks of what is asked: its words, or its meaning when it paraphrases."""
    return c.topic >= 0.5 or (c.topic > 0 and c.cos >= 0.6) or c.cos >= STRONG_COS


def _follow_ups(q, best: Candidate, cands, ok, idf, room: int) -> list[Candidate]:
    out: list[Candidate] = []
    nxt = cands[best.index + 1] if best.index + 1 < len(cands) else None
    same_para = nxt and nxt.sentence.source == best.sentence.source and nxt.sentence.line == best.sentence.line
    if same_para and _announces_what_is_asked(q, best.sentence.text):
        follows = True  # "a number of theories have been proposed." -> the theories come next
    elif same_para and (nxt.topic > 0 or nxt.cos >= 0.4):  # a next sentence still about the question
        short = len(best.sentence.text.split()) <= SHORT
        follows = short or q.kind == "consequence" or bool(CONTINUATION.match(nxt.sentence.text))
    else:
        follows = False
    if room and follows:
        out.append(nxt)
    elif room and q.kind == "why" and not qa.has_reason(best.sentence.text):
        near = [c for c in cands[max(0, best.index - 2) : best.index + 3]
                if c is not best and c.sentence.source == best.sentence.source and qa.has_reason(c.sentence.text)]  # fmt: skip
        if near:
            out.append(max(near, key=lambda c: c.score))
    # Every name the question asks about should be covered by some answer sentence's document.
    for name in q.names:
        if len(out) >= room:
            break
        chosen = [best, *out]
        if any(_mentions(c.sentence.text, name) for c in chosen) or any(
            _mentions_doc(cands, c.sentence.source, name) for c in chosen
        ):
            continue
        others = [c for c in ok if _mentions_doc(cands, c.sentence.source, name) and c.topic >= 0.5]
        if others:
            out.append(max(others, key=lambda c: c.score))
    return out[:room]


def _announces_what_is_asked(q: qa.Question, text: str) -> bool:
    """ "a number of theories have been proposed": the list asked for comes in the next sentence."""
    asked = {qa.stem(w) for w in q.words}
    return any(qa.stem(w) in asked for pair in ANNOUNCES.findall(text) for w in pair if w)  # noun, or adjective + noun


def _mentions_doc(cands: list[Candidate], source: str, name: str) -> bool:
    return any(c.sentence.source == source and _mentions(c.sentence.text, name) for c in cands)


@lru_cache(maxsize=4096)
def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in qa.tokens(text))


@lru_cache(maxsize=65536)
def _mentions(text: str, term: str) -> bool:
    """Is `term` in `text`, allowing spelling variants (Zelensky / Zelenskyy, German / Germany)?"""
    t = term.lower()
    if t in text.lower():
        return True
    if any(ch.isdigit() for ch in t) or len(t) < 5:
        return False
    for word in _vocabulary(text):
        if len(word) < 5 or word[0] != t[0] or abs(len(word) - len(t)) > 2:
            continue
        if word.startswith(t[:-1]) or t.startswith(word[:-1]):
            return True
        if len(t) >= 6:
            matcher = difflib.SequenceMatcher(None, t, word)
            if matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                return True
    return False


def _refusal(q: qa.Question, missing: list[str]) -> str:
    if missing:
        terms = " or ".join(f"“{m}”" for m in missing)
        return f"The documents don't say: none of the retrieved passages mentions {terms}."
    return "The documents don't say: no passage states an answer to this question."
