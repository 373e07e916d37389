"""The one settings object. Every field can be set from the environment as
``BOT_<NAME>`` (e.g. ``BOT_CHROMA_URL=http://127.0.0.1:8000``); build it once
at the entry point and pass it down."""

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# the packaged Qwen 1.5B, whole, where `make llm` assembles it (the Makefile's MODEL); the probe reads a cut of it
LLM_MODEL = PROJECT_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    corpus: Path = Field(
        PROJECT_ROOT / "seeds",
        description="Folder of documents to answer from (.pdf .docx .html .htm .txt .md); uploads land here.",
    )
    index_path: Path = Field(
        PROJECT_ROOT / ".index", description="Folder of the embedded Chroma index (PersistentClient)."
    )
    chroma_url: str | None = Field(
        None, description="URL of a Chroma server (chroma run); when set, used instead of index_path."
    )
    collection: str = Field("corpus", description="Chroma collection name prefix.")
    chunk_tokens: int = Field(200, ge=20, le=2000, description="Chunk size in cl100k_base tokens.")
    chunk_overlap: int = Field(30, ge=0, le=500, description="Token overlap between chunks.")
    k: int = Field(8, ge=1, le=50, description="Chunks handed to the answerer.")
    fetch_k: int = Field(20, ge=1, le=200, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    max_answer_sentences: int = Field(3, ge=1, le=10, description="Longest extractive answer.")
    answer_model: Literal["matching", "features", "reader", "probe"] = Field(
        "matching",
        description="What scores candidate sentences: matching (features + word-by-word matching of a shortlist) "
        "| features (no model pass, fastest) | reader (the cross-encoder alone) | probe (matching, then the "
        "local LLM re-reads the best three: the accurate setting, ~3.5 s an answer; needs `make llm`).",
    )
    probe_model: Path = Field(
        LLM_MODEL.with_suffix(".first20.gguf"),
        description="answer_model=probe: the packaged Qwen 1.5B cut to the layers its probe reads (`make llm` "
        "writes it here).",
    )
    reader_candidates: int = Field(
        16, ge=0, description="answer_model=reader: sentences it reads per question, the N closest by cosine; 0 = all."
    )
    also_threshold: float | None = Field(
        None,
        ge=0,
        le=1,
        description="Share of the best sentence's probability at which a second or third joins it (unset: calibrated).",
    )
    max_question_chars: int = Field(2000, description="Longer questions are rejected with a clear error.")
    llm: str = Field(
        "extractive", description="Answerer: extractive | openai:<model> | ollama:<model> | llamacpp:<path>."
    )
    judge: str = Field("offline", description="Support judge for evals: offline | llm (uses the `llm` model).")
    host: str = Field("127.0.0.1", description="Address `bot serve` binds.")
    port: int = Field(7860, description="Port `bot serve` binds.")
    password: SecretStr | None = Field(None, description="Password for the chat page (user 'bot'); never logged.")
    api_key: SecretStr | None = Field(
        None, description="Bearer key every /v1 API call must carry (Authorization: Bearer <key>); never logged."
    )
    api_concurrency: int = Field(4, ge=1, description="Answers the API computes at once; more get 429 at once.")
    max_body_kb: int = Field(256, ge=1, description="Largest API request body in KiB; larger get 413.")
    sessions: int = Field(1000, gt=0, description="Page sessions whose state is kept in memory; the oldest go first.")
    max_file_mb: float = Field(
        10.0, gt=0, description="Larger files are skipped at ingest with a warning, refused at upload."
    )
    max_upload_files: int = Field(
        10, ge=1, description="Most files in one API upload (POST /v1/documents), each up to BOT_MAX_FILE_MB."
    )
    embed_threads: int = Field(2, ge=1, description="ONNX runtime threads for embedding.")
    qa_vectors: bool = Field(
        True,
        description="Also read sentences with the question-answering model (bot/qa.py): more answers right "
        "(README, Results); false: ingest ~3x faster, answers from MiniLM alone.",
    )

    def source_path(self, source: str) -> Path:
        """The file behind a citation's `source` (the inverse of display_path)."""
        path = Path(source)
        return path if path.is_absolute() else PROJECT_ROOT / path

    def display_path(self, path: Path) -> str:
        """A source path as users see it: relative to the project, else absolute."""
        path = path.resolve()
        try:
            return path.relative_to(PROJECT_ROOT).as_posix()
        except ValueError:
            return path.as_posix()
