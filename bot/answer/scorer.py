"""The scorer: reads the question against every candidate and gives, for each,
the probability that it answers.

Small models trained by scripts/train_scorer.py on evals/train/ (never an eval
split), shipped as numbers in bot/data/scorer.json, in two modes:
- features: a linear ranker over general features (bot.answer.features), whose
  softmax over the candidates points at the evidence, and a logistic refusal
  model that reads the best candidate (its score, its lead over the runner-up,
  how much of the question it covers) and gives P(the documents answer);
- matching (the default): that ranker's `shortlist` best candidates are read
  again word by word (the MiniLM's token vectors of question and candidate, late
  interaction) and scored by a second ranker and refusal model that also see
  that matching. The question's word pieces come from the same pass of the model
  that made its vector for retrieval (MiniLM.read); a candidate's are kept once
  read (MiniLM.token_vectors_cached), as sentences recur across questions.
  When the card has `read_names` (the default's), the cross-encoder
  (bot.answer.reader) also reads those few: its logit and that logit's gap to
  the best one's are two more inputs of the second ranker, and the first pick's
  logit and the highest two more of the refusal model. They were trained on
  logits of documents the cross-encoder never saw (scripts/calibrate_reader.py),
  so they weigh it as they should for a user's documents.
A candidate's probability is P(answer) for the best one, scaled by exp(score -
best score) for the others, so the refusal threshold applies to the best and
the `also` ratio decides which others join it."""

import json
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate
from bot.answer.features import MATCH_NAMES, QTYPES, content_pieces, features, matching, names, qtype
from bot.answer.reader import second_segment, shared

DATA = Path(__file__).resolve().parent.parent / "data"
CARD, FAST_CARD = DATA / "scorer.json", DATA / "scorer-fast.json"  # with / without the question-answering model
READ_NAMES = ["read", "read_gap"]  # the cross-encoder's logit, and its gap to the shortlist's best
REFUSAL_NAMES = ["top", "lead", "share", "top_cos", "top_cover", "top_cover_ctx", "unmatched", "cover_all",
                 "max_cos", "top_specifics_missing", "top_qa", "max_qa"] + [f"q_{q}" for q in QTYPES]  # fmt: skip
REFUSAL_MATCH = ["top_soft", "top_soft_ctx", "top_soft_min"]
REFUSAL_READ = ["top_read", "max_read"]  # the cross-encoder's logit of the best candidate, and the highest


def refusal_names(qa: bool) -> list[str]:
    return REFUSAL_NAMES if qa else [n for n in REFUSAL_NAMES if n not in ("top_qa", "max_qa")]


class Scorer:
    def __init__(self, mode: str = "matching", model=None, card: Path | None = None, neighbour: bool = True,
                 qa: bool = True, threads: int = 2):  # fmt: skip
        """`model`: the MiniLM (bot.minilm) whose token vectors the matching mode reads.
        qa: the candidates carry the question-answering model's cosine (BOT_QA_VECTORS); its card is
        scorer.json, else scorer-fast.json.
        neighbour=False: what the models know of the sentence before each candidate is set to its
        training mean, i.e. ignored, and the cross-encoder reads the sentence alone (an ablation).
        threads: the cross-encoder's, when the card reads it."""
        card = card or (CARD if qa else FAST_CARD)
        self.card = json.loads(card.read_text(encoding="utf-8"))
        read_names = self.card.get("read_names", [])
        if (
            self.card["feature_names"] != names(qa)
            or self.card["match_names"] != MATCH_NAMES
            or read_names not in ([], READ_NAMES)
        ):
            raise ValueError(f"{card} was trained on other features; retrain it (scripts/train_scorer.py)")
        if mode == "matching" and model is None:
            raise ValueError("the matching scorer needs the embedding model for its token vectors")
        self.mode, self.model, self.shortlist = mode, model, int(self.card["shortlist"])
        self.neighbour, self.qa = neighbour, qa
        self.first = self.card["features"]
        self.use = self.card[mode]
        self.reader = shared(threads) if read_names and mode == "matching" else None

    @property
    def threshold(self) -> float:
        """Refuse below this P(answer): chosen on training questions about documents the models never saw."""
        return float(self.use["threshold"])

    @property
    def also(self) -> float:
        """Another candidate joins the answer when its probability is at least this share of the best's."""
        return float(np.exp(-self.use["also_margin"]))

    def probabilities(self, question: str, cands: list[Candidate], ok: np.ndarray) -> np.ndarray:
        """`ok`: the candidates that may answer at all (bot.answer.choose.possible); the others get 0."""
        if not ok.any():
            return np.zeros(len(cands))
        x = features(question, [c.sentence.text for c in cands], [c.prev for c in cands], [c.cos for c in cands],
                     [c.prev_cos for c in cands], [c.qa for c in cands] if self.qa else None)  # fmt: skip
        if not self.neighbour:
            x = _without_neighbour(x, names(self.qa), self.first["ranker"])
        s = np.where(ok, ranker_scores(self.first["ranker"], x), -np.inf)
        m = None
        if self.mode == "matching":
            keep = shortlist(s, ok, self.shortlist)
            m = self._matching(question, [cands[i] for i in keep])
            x = np.hstack([x[keep], m])
            if not self.neighbour:
                x = _without_neighbour(x, names(self.qa) + MATCH_NAMES, self.use["ranker"])
            sub = ranker_scores(self.use["ranker"], x)
            s = np.full(len(cands), -np.inf)
            s[keep] = sub
            s_sub, best_sub = sub, int(np.argmax(sub))
        else:  # the refusal model reads the candidates that may answer, as in training
            x, s_sub = x[ok], s[ok]
            best_sub = int(np.argmax(s_sub))
        p = logistic(self.use["refusal"], refusal_row(question, x, s_sub, best_sub, m, self.qa))
        best = int(np.argmax(s))
        return p * np.exp(s - s[best])

    def _matching(self, question: str, cands: list[Candidate]) -> np.ndarray:
        """The question's token vectors come with its vector (MiniLM.read); the candidates' from the model's cache."""
        texts = dict.fromkeys([c.sentence.text for c in cands] + [c.prev for c in cands if c.prev])
        vecs = {t: self.model.token_vectors_cached(t) for t in texts}
        q = content_pieces(*self.model.read(question)[1:])  # read once with retrieval's vector
        m = matching(q, [vecs[c.sentence.text][1] for c in cands], [vecs[c.prev][1] if c.prev else None for c in cands])
        if self.reader is None:
            return m
        pairs = [(question, second_segment(c.sentence.text, c.prev, self.neighbour)) for c in cands]
        return np.hstack([m, read_columns(self.reader.logits(pairs))])


def read_columns(logits: np.ndarray) -> np.ndarray:
    """READ_NAMES for a shortlist, from the cross-encoder's logits (the same at run time and in training)."""
    logits = np.asarray(logits, dtype=np.float64)
    return np.stack([logits, logits - logits.max()], 1)


def reads_cross_encoder(mode: str, qa: bool) -> bool:
    """Whether Scorer(mode, qa=qa) loads the cross-encoder (its card has read_names)."""
    card = json.loads((CARD if qa else FAST_CARD).read_text(encoding="utf-8"))
    return mode == "matching" and bool(card.get("read_names"))


def _without_neighbour(x: np.ndarray, names: list[str], model: dict) -> np.ndarray:
    x = x.copy()
    for i, name in enumerate(names):
        if name in NEIGHBOUR:
            x[:, i] = model["mean"][i]
    return x


NEIGHBOUR = {"cos_prev", "cover_ctx", "soft_ctx", "soft_min"}  # soft_min is read over sentence + neighbour


def shortlist(scores: np.ndarray, ok: np.ndarray, n: int) -> list[int]:
    """The n best-scored candidates that may answer, best first: what the matching step reads
    (the same at run time and in training)."""
    return [i for i in np.argsort(-scores, kind="stable")[:n] if ok[i]]


def ranker_scores(model: dict, x: np.ndarray) -> np.ndarray:
    return ((x - np.asarray(model["mean"])) / np.asarray(model["scale"])) @ np.asarray(model["weights"])


def refusal_row(question: str, x: np.ndarray, s: np.ndarray, best: int, m: np.ndarray | None = None,
                qa: bool = True) -> np.ndarray:  # fmt: skip
    """The refusal model's inputs (refusal_names(qa), then REFUSAL_MATCH when `m` is given, then
    REFUSAL_READ when `m` also carries READ_NAMES), read off the best candidate `best`; `s` is -inf
    where a candidate cannot answer; `x` has names(qa) first."""
    finite = s[np.isfinite(s)]
    second = np.sort(finite)[-2] if len(finite) > 1 else s[best] - 5.0
    share = 1.0 / np.exp(finite - s[best]).sum()
    col = {n: i for i, n in enumerate(names(qa))}
    kind = qtype(question)
    row = [s[best], s[best] - second, share, x[best, col["cos"]], x[best, col["cover"]], x[best, col["cover_ctx"]],
           x[best, col["unmatched"]], x[best, col["cover_all"]], x[:, col["cos"]].max(),
           x[best, col["specifics_missing"]]]  # fmt: skip
    if qa:
        row += [x[best, col["qa"]], x[:, col["qa"]].max()]
    row += [float(kind == q) for q in QTYPES]
    if m is not None:
        at = {n: i for i, n in enumerate(MATCH_NAMES)}
        row += [m[best, at["soft"]], m[best, at["soft_ctx"]], m[best, at["soft_min"]]]
        if m.shape[1] > len(MATCH_NAMES):
            read = m[:, len(MATCH_NAMES)]
            row += [read[best], read.max()]
    return np.array(row)


def logistic(model: dict, x: np.ndarray) -> np.ndarray:
    z = ((x - np.asarray(model["mean"])) / np.asarray(model["scale"])) @ np.asarray(model["weights"]) + model["bias"]
    return 1.0 / (1.0 + np.exp(-z))
