"""Real parts, small data: the real embedding model, real tiktoken, real
Chroma (a temporary PersistentClient) over the real seed articles."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from bot.config import PROJECT_ROOT, Settings  # noqa: E402

SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture(scope="session")
def embeddings():
    from bot.embeddings import MiniLMEmbeddings

    return MiniLMEmbeddings()


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, embeddings):
    """A bot over the seed corpus, ingested once for the whole session."""
    from bot.chain import Bot
    from bot.index import Index
    from bot.ingest import ingest

    settings = Settings(index_path=tmp_path_factory.mktemp("index"), corpus=SEEDS)
    index = Index(settings, embeddings)
    ingest(SEEDS, settings, index, progress=False)
    return Bot(settings, index)


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of two seed files to change and delete."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in sorted(os.listdir(SEEDS))[:2]:
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture
def fresh_index(tmp_path, embeddings, corpus):
    from bot.index import Index

    settings = Settings(index_path=tmp_path / "index", corpus=corpus)
    return settings, Index(settings, embeddings)
