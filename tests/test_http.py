"""The JSON API for real: `bot serve` as a subprocess on a free port, driven by
the openai client, LangChain's ChatOpenAI and plain HTTP; answers must equal
`bot ask --json`, and every citation must quote its file exactly."""

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.config import PROJECT_ROOT
from evals.soak import free_port

pytestmark = pytest.mark.slow
KEY = "test-key-123"
QUESTIONS = ["Who is Josef Kraus?", "When was the NATO-Russia Council founded?", "What is the capital of Australia?"]


def start(tmp, port: int, **env):
    env = {**os.environ, "BOT_PORT": str(port), "BOT_INDEX_PATH": str(tmp), "HF_HUB_OFFLINE": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", **env}  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def wait_up(url: str, proc, seconds: float = 120) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        assert proc.poll() is None, proc.stderr.read()
        try:
            if httpx.get(url + "health", timeout=1).status_code == 200:
                return time.perf_counter() - t0
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    index = tmp_path_factory.mktemp("index")
    port = free_port()
    proc = start(index, port, BOT_API_KEY=KEY, BOT_API_CONCURRENCY="2", BOT_MAX_BODY_KB="64")
    url = f"http://127.0.0.1:{port}/"
    wait_up(url, proc)
    yield url, index
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cli_answers(server):
    _, index = server
    out = subprocess.run([sys.executable, "-m", "bot.cli", "--index", str(index), "ask", "--json", *QUESTIONS],
                         capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)  # fmt: skip
    return {a["question"]: a for a in map(json.loads, out.stdout.splitlines())}


def exact(citations):
    for c in citations:
        text = (PROJECT_ROOT / c["source"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]


def test_openai_client_plain_and_streaming_equal_bot_ask_json(server, cli_answers):
    from openai import OpenAI

    client = OpenAI(base_url=server[0] + "v1", api_key=KEY)
    assert [m.id for m in client.models.list()] == ["bot-extractive"]
    for q in QUESTIONS:
        expected = cli_answers[q]
        got = client.chat.completions.create(model="bot-extractive", messages=[{"role": "user", "content": q}])
        msg = got.choices[0].message
        assert got.model == "bot-extractive"
        assert msg.content == expected["answer"]
        assert msg.model_extra["refused"] == expected["refused"]
        cites = [
            {k: c[k] for k in ("id", "source", "start", "end", "line", "quote", "page", "page_end", "section")}
            for c in msg.model_extra["citations"]
        ]
        assert cites == expected["citations"]
        exact(cites)
        parts, last = [], None
        for chunk in client.chat.completions.create(model="x", messages=[{"role": "user", "content": q}], stream=True):
            parts.append(chunk.choices[0].delta.content or "")
            last = chunk
        assert "".join(parts) == expected["answer"]
        assert last.choices[0].finish_reason == "stop"
        streamed = last.choices[0].delta.model_extra["citations"]
        assert [
            {k: c[k] for k in ("id", "source", "start", "end", "line", "quote", "page", "page_end", "section")}
            for c in streamed
        ] == cites


def test_langchain_chat_openai_against_the_server(server, cli_answers):
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=server[0] + "v1", api_key=KEY, model="bot-extractive", max_retries=0)
    q = QUESTIONS[1]
    assert llm.invoke(q).content == cli_answers[q]["answer"]
    assert "".join(c.content for c in llm.stream(q)) == cli_answers[q]["answer"]


def test_a_follow_up_is_rewritten_as_on_the_page(server):
    http = httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    messages = [{"role": "user", "content": "Who is Abbas Gallyamov?"}, {"role": "assistant", "content": "…"},
                {"role": "user", "content": "and where does he live now?"}]  # fmt: skip
    msg = http.post(server[0] + "v1/chat/completions", json={"messages": messages}).json()["choices"][0]["message"]
    assert "Abbas Gallyamov" in msg["search_query"] and "Tel Aviv" in msg["content"]
    exact(msg["citations"])


def test_retrieve_documents_and_health(server):
    http = httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    docs = http.get(server[0] + "v1/documents").json()["data"]
    assert len(docs) == 5
    source = docs[2]["source"]
    got = http.post(server[0] + "v1/retrieve", json={"query": "Kremlin insiders", "k": 2, "source": source}).json()
    assert len(got["passages"]) == 2 and {p["source"] for p in got["passages"]} == {source}
    for p in got["passages"]:
        assert (PROJECT_ROOT / p["source"]).read_text(encoding="utf-8")[p["start"] : p["end"]] == p["text"]
    health = httpx.get(server[0] + "health").json()
    assert health["index_loaded"] and health["documents"] == 5 and health["chunks"] > 0 and health["version"]
    assert httpx.get(server[0] + "openapi.json").json()["paths"]["/v1/chat/completions"]


def test_auth_limits_and_a_dropped_stream_then_it_still_answers(server):
    url = server[0] + "v1/chat/completions"
    body = {"messages": [{"role": "user", "content": "Who is Josef Kraus?"}]}
    assert httpx.post(url, json=body).status_code == 401
    assert httpx.post(url, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.get(server[0] + "v1/models").status_code == 401
    http = httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    bad = http.post(url, json={"messages": [{"role": "robot", "content": "x"}]})
    assert bad.status_code == 422 and "messages.0.role" in bad.json()["error"]["param"]
    assert http.post(url, json={"messages": [{"role": "user", "content": "why " * 600}]}).status_code == 413
    assert http.post(url, content=b"x" * (65 * 1024), headers={"content-type": "application/json"}).status_code == 413
    with http.stream("POST", url, json={**body, "stream": True}) as stream:  # hang up after the first event
        next(stream.iter_lines())
    with ThreadPoolExecutor(12) as pool:  # concurrency bound is 2: some get 429 at once, none hang
        codes = list(pool.map(lambda _: http.post(url, json=body).status_code, range(12)))
    assert set(codes) <= {200, 429} and 200 in codes
    assert http.post(url, json=body).json()["choices"][0]["message"]["citations"]


def test_binding_beyond_loopback_without_a_key_or_password_refuses_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_API_KEY", "BOT_PASSWORD")}
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "serve", "--host", "0.0.0.0", "--port", str(free_port())],
                          env=env, capture_output=True, text=True, timeout=60, cwd=PROJECT_ROOT)  # fmt: skip
    assert proc.returncode == 2
    assert "BOT_API_KEY" in proc.stderr and "BOT_PASSWORD" in proc.stderr


def test_first_answer_within_five_seconds_of_launch(server):
    _, index = server  # already built: this measures a start, not an ingest
    port = free_port()
    t0 = time.perf_counter()
    proc = start(index, port)
    try:
        wait_up(f"http://127.0.0.1:{port}/", proc)
        r = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", timeout=60,
                       json={"messages": [{"role": "user", "content": "Who is Josef Kraus?"}]})  # fmt: skip
        elapsed = time.perf_counter() - t0
        assert r.status_code == 200
        print(f"first answer {elapsed:.2f} s after launch")
        assert elapsed <= 5.0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_documents_are_uploaded_and_removed_over_the_api_as_on_the_page(tmp_path):
    import made_files

    corpus = tmp_path / "corpus"
    shutil.copytree(PROJECT_ROOT / "seeds", corpus)
    port = free_port()
    # each file may have 51 KiB (BOT_MAX_FILE_MB), a request 3 files
    proc = start(tmp_path / "index", port, BOT_API_KEY=KEY, BOT_CORPUS=str(corpus), BOT_MAX_FILE_MB="0.05",
                 BOT_MAX_UPLOAD_FILES="3")  # fmt: skip
    url = f"http://127.0.0.1:{port}/v1/documents"
    http = httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=120)
    try:
        wait_up(f"http://127.0.0.1:{port}/", proc)
        word = made_files.make_docx(tmp_path / "made.docx").read_bytes()
        log = " ".join(f"Entry {i} of the shift log records a routine check of dock {i % 7}." for i in range(300))
        assert len(word) < 0.05 * 2**20 < len(word) + len(log)  # each file within the limit, together over it
        files = [("files", ("ops report.docx", word)), ("files", ("shift log.md", log.encode())),
                 ("files", ("notes.exe", b"MZ\x90\x00"))]  # fmt: skip
        assert httpx.post(url, files=files).status_code == 401  # the key guards writes too
        added = http.post(url, files=files)
        assert added.status_code == 201, added.text
        body = added.json()
        assert [a.rsplit("/", 1)[-1] for a in body["added"]] == ["ops report.docx", "shift log.md"]
        assert body["chunks"] > 0
        assert len(body["skipped"]) == 1 and "notes.exe" in body["skipped"][0]
        source, log_source = body["added"]
        assert {source, log_source} <= {d["source"] for d in http.get(url).json()["data"]}
        assert (corpus / "ops report.docx").read_bytes() == word

        from openai import OpenAI

        client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=KEY)
        got = client.chat.completions.create(
            model="bot-extractive",
            messages=[{"role": "user", "content": "How many forklift drivers work at the Braga warehouse?"}],
        )
        cites = got.choices[0].message.model_extra["citations"]
        assert cites and cites[0]["source"] == source and cites[0]["section"] == "Staffing"

        only_bad = http.post(url, files=[("files", ("notes.exe", b"MZ\x90\x00"))])
        assert only_bad.status_code == 400 and "unsupported" in only_bad.json()["error"]["message"]
        too_big = http.post(url, files=[("files", ("big.txt", b"word " * 12_000))])  # one file over the limit
        assert too_big.status_code == 400 and "BOT_MAX_FILE_MB" in too_big.json()["error"]["message"]
        over = http.post(url, files=[("files", (f"{i}.txt", b"word " * 40_000)) for i in range(2)])
        assert over.status_code == 413 and "BOT_MAX_UPLOAD_FILES" in over.json()["error"]["message"]
        many = http.post(url, files=[("files", (f"{i}.txt", f"Note {i}.".encode())) for i in range(4)])
        assert many.status_code == 413 and "BOT_MAX_UPLOAD_FILES" in many.json()["error"]["message"]
        assert len(http.get(url).json()["data"]) == 7  # none of these changed the corpus

        gone = http.delete(f"{url}/{source}")
        assert gone.status_code == 200 and gone.json()["source"] == source and gone.json()["chunks"] > 0
        assert source not in {d["source"] for d in http.get(url).json()["data"]}
        assert not (corpus / "ops report.docx").exists()
        assert http.delete(f"{url}/{source}").status_code == 404
        assert http.delete(f"{url}/{log_source}").status_code == 200
        assert len(http.get(url).json()["data"]) == 5
    finally:
        proc.terminate()
        proc.wait(timeout=30)
