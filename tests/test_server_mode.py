"""The same code against a real Chroma server (`chroma run` on loopback)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS

from bot.config import Settings
from evals.soak import free_port

pytestmark = pytest.mark.slow


def start_chroma(port: int, path: Path) -> subprocess.Popen:
    """`chroma run` on loopback, returned once its heartbeat answers."""
    from evals.bench import start_chroma as start

    return start(path, port)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = free_port()
    proc = start_chroma(port, tmp_path_factory.mktemp("server"))
    yield f"http://127.0.0.1:{port}"
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def test_ingest_and_answer_through_a_chroma_server(chroma_server, embeddings):
    from bot.chain import Bot
    from bot.index import Index
    from bot.ingest import ingest

    settings = Settings(chroma_url=chroma_server, corpus=SEEDS)
    index = Index(settings, embeddings)
    report = ingest(SEEDS, settings, index, progress=False)
    assert report.added == report.chunks > 0
    assert ingest(SEEDS, settings, index, progress=False).added == 0
    answer = Bot(settings, index).ask("Where does Abbas Gallyamov live now?")
    assert "Tel Aviv" in answer.text
    assert answer.citations[0].source == "seeds/004_23f3e9abca8474ef.txt"


def test_the_cli_uses_the_server_when_a_url_is_configured(chroma_server):
    env = {**os.environ, "BOT_CHROMA_URL": chroma_server, "BOT_INDEX_PATH": "/nonexistent/never-used"}
    run = subprocess.run([sys.executable, "-m", "bot.cli", "ask", "--json", "Who is Josef Kraus?"],
                         capture_output=True, text=True, env=env, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "security analyst" in run.stdout
    assert not Path("/nonexistent/never-used").exists()
