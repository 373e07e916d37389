"""The reader: a MiniLM cross-encoder that reads the question against each
candidate (with the sentence before it as context) and gives the probability
that the candidate answers it. Trained by scripts/train_reader.py on
evals/train/ (never on an eval split) and on 3,497 questions of SQuAD 1.1 dev
and SQuADShifts (scripts/squad_pairs.py), shipped as int8 ONNX in bot/data/
with its calibration in reader.json. No torch at run time. The default scorer
reads its logits for its shortlist (bot.answer.scorer); alone, it is the
answer_model=reader setting."""

import json
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from bot.answer.candidates import Candidate

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL = DATA / "reader.int8.onnx"
CARD = DATA / "reader.json"
TOKENIZER = DATA / "minilm-tokenizer.json"
MAX_TOKENS = 128
CONTEXT_CHARS = 200  # the tail of the previous sentence that the reader sees
BATCH = 16


def second_segment(sentence: str, prev: str, context: bool = True) -> str:
    """What the reader reads after the question: `prev [SEP] sentence`, or the sentence alone."""
    return f"{prev[-CONTEXT_CHARS:]} [SEP] {sentence}" if context and prev else sentence


class Reader:
    qa = False  # it does not read the question-answering model's cosines (bot.qa)

    def __init__(self, threads: int = 2, model: Path = MODEL, card: Path = CARD, context: bool = True):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.card = json.loads(card.read_text(encoding="utf-8"))
        self.context = context  # False: the sentence alone (an ablation)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()

    @cached_property
    def threshold(self) -> float:
        """Refuse below this probability: chosen on dev + training data (reader.json says how)."""
        return float(self.card["threshold"])

    @cached_property
    def also(self) -> float:
        """A second or third sentence joins the answer at this share of the best's probability. Calibrated
        (scripts/calibrate_reader.py) as an absolute bar, where on questions about unseen documents the
        quoted sentences match the evidence best (F1); read as a share it is a little looser."""
        return float(self.card.get("also", self.threshold))

    @cached_property
    def cosine_weight(self) -> float:
        """How much the question-sentence cosine adds to the reader's logit (reader.json: fit on
        questions about documents the reader was not trained on, where cosine still knows things)."""
        return float(self.card.get("cosine_weight", 0.0))

    def probabilities(self, question: str, cands: list[Candidate], ok: np.ndarray | None = None) -> np.ndarray:
        pairs = [(question, second_segment(c.sentence.text, c.prev, self.context)) for c in cands]
        p = blend(self.logits(pairs), np.array([c.cos for c in cands]), self.cosine_weight)
        return p if ok is None else np.where(ok, p, 0.0)

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        enc = self.tokenizer.encode_batch(pairs)
        order = sorted(range(len(enc)), key=lambda i: len(enc[i].ids))  # batches of similar length pad little
        logits = np.zeros(len(enc), dtype=np.float32)
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            width = max(len(enc[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            types = np.zeros_like(ids)
            mask = np.zeros_like(ids)
            for row, i in enumerate(idx):
                n = len(enc[i].ids)
                ids[row, :n], types[row, :n], mask[row, :n] = enc[i].ids, enc[i].type_ids, 1
            out = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            logits[idx] = out.reshape(-1)
        return logits


@cache
def shared(threads: int = 2) -> Reader:
    """The process's cross-encoder, made once: the default scorer's and the reader setting's (build_chain
    loads it while Chroma imports)."""
    return Reader(threads)


def blend(logits: np.ndarray, cos: np.ndarray, weight: float) -> np.ndarray:
    """P(answers) from the reader's logit and the cosine (centred at 0.5)."""
    return 1.0 / (1.0 + np.exp(-(logits + weight * (cos - 0.5))))
