"""The CLI as a user runs it: a subprocess, real index, real models."""

import json
import os
import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT


def bot(*args, env=None, timeout=300):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=PROJECT_ROOT)  # fmt: skip


@pytest.fixture(scope="module")
def index_env(tmp_path_factory):
    env = {"BOT_INDEX_PATH": str(tmp_path_factory.mktemp("cli-index"))}
    run = bot("ingest", env=env)
    assert run.returncode == 0, run.stderr
    assert "indexed 5 files" in run.stdout
    again = bot("ingest", env=env)
    assert "0 embedded, 0 removed" in again.stdout
    return env


def test_ask_json_prints_one_object_per_question_in_order(index_env):
    questions = ["Where does Abbas Gallyamov live now?", "What is the capital of Australia?"]
    run = bot("ask", "--json", *questions, env=index_env)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    for r in rows:
        assert set(r) >= {"question", "answer", "refused", "citations", "retrieved", "timings_ms"}
        assert set(r["timings_ms"]) == {"retrieve", "answer", "total"}
        for c in r["citations"]:
            assert set(c) == {"id", "source", "start", "end", "line", "quote", "page", "page_end", "section"}
            text = (PROJECT_ROOT / c["source"]).read_text(encoding="utf-8")
            assert text[c["start"] : c["end"]] == c["quote"]
            assert text.count("\n", 0, c["start"]) + 1 == c["line"]
        for p in r["retrieved"]:
            assert set(p) == {"source", "start", "end", "score"}
    assert not rows[0]["refused"] and "Tel Aviv" in rows[0]["answer"] and "[1]" in rows[0]["answer"]
    assert rows[1]["refused"] and rows[1]["citations"] == []


def test_ask_prints_a_readable_answer_with_numbered_sources(index_env):
    run = bot("ask", "When was the NATO-Russia Council founded?", env=index_env)
    assert run.returncode == 0
    assert "[1]" in run.stdout and "Sources:" in run.stdout
    assert "[1] seeds/002_a32b31f8f4665c4d.txt, line" in run.stdout


def test_ask_on_an_empty_index_ingests_the_default_corpus_first(tmp_path):
    run = bot("ask", "--json", "Who is Josef Kraus?", env={"BOT_INDEX_PATH": str(tmp_path / "new")})
    assert run.returncode == 0, run.stderr
    assert "indexing seeds" in run.stderr
    assert "security analyst" in json.loads(run.stdout)["answer"]


@pytest.mark.parametrize(
    "args, env, message",
    [
        (["ask", "   "], {}, "the question is empty"),
        (["ask", "x" * 5000], {}, "characters long"),
        (["ingest", "/no/such/folder"], {}, "does not exist"),
        (["eval", "--ids", "x"], {}, "--ids takes a number or a range"),
        (["--chroma-url", "http://127.0.0.1:9", "ask", "hi"], {}, "does not answer"),
        (["ask", "hi"], {"BOT_ANSWER_MODEL": "probe", "BOT_PROBE_MODEL": "/no/model.gguf"}, "run `make llm`"),
    ],
)
def test_user_mistakes_print_one_line_and_exit_non_zero(index_env, args, env, message):
    run = bot(*args, env={**index_env, **env})
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stderr.startswith("error: ")


def test_a_corrupt_index_says_how_to_rebuild(tmp_path):
    (tmp_path / "chroma.sqlite3").write_text("this is not a database")
    run = bot("ask", "hi", env={"BOT_INDEX_PATH": str(tmp_path)})
    assert run.returncode == 2
    assert "run `bot ingest` to rebuild" in run.stderr
    assert "Traceback" not in run.stderr
