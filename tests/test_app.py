"""The chat page, for real: a Gradio server on loopback, driven by Debian's
Chromium through Playwright, by gradio_client and by plain HTTP."""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import Settings
from evals.soak import free_port

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def page_url(seeded):
    from bot.app import serve

    settings = seeded.settings.model_copy(update={"port": free_port()})
    demo = serve(settings, block=False, bot=seeded)
    yield f"http://127.0.0.1:{settings.port}/"
    demo.close()


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def ask(page, question: str, turn: int):
    page.fill("#question textarea", question)
    page.keyboard.press("Enter")
    # The final message carries [n] links (or the refusal mark); streaming shows plain text first.
    page.wait_for_function(
        """(turn) => {
            const bots = document.querySelectorAll('#chat [data-testid="bot"]');
            if (bots.length < turn) return false;
            const last = bots[bots.length - 1];
            return last.querySelector('a[href^="#src-"]') || last.textContent.includes('Not in the documents');
        }""",
        arg=turn,
        timeout=30_000,
    )
    bots = page.locator('#chat [data-testid="bot"]')
    return bots.nth(bots.count() - 1)


def test_ask_open_a_citation_and_follow_up_in_a_real_browser(page_url, browser, seeded):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_url, wait_until="load")
    page.wait_for_selector("#question textarea")
    assert "5 files" in page.inner_text("#summary")
    assert "Where does Abbas Gallyamov live now?" in page.content()  # an example question
    page.screenshot(path=str(ARTIFACTS / "0-empty.png"))

    message = ask(page, "Who is Abbas Gallyamov?", 1)
    links = message.locator('a[href^="#src-1-"]')
    assert links.count() >= 1
    expected = seeded.ask("Who is Abbas Gallyamov?").citations[0]
    links.first.click()
    opened = page.locator("#src-1-1")
    assert opened.get_attribute("open") is not None
    assert opened.locator("mark").inner_text() == expected.quote
    assert expected.source in opened.locator("summary").inner_text()
    page.screenshot(path=str(ARTIFACTS / "1-answer-citation-open.png"))

    follow = ask(page, "and where does he live now?", 2)
    assert "Tel Aviv" in follow.inner_text()
    assert "Abbas Gallyamov" in page.inner_text("#searched")
    links = follow.locator('a[href^="#src-2-"]')
    n = next(i for i in range(1, links.count() + 1) if "Tel Aviv" in page.locator(f"#src-2-{i} mark").text_content())
    follow.locator(f'a[href="#src-2-{n}"]').first.click()
    assert page.locator(f"#src-2-{n}").get_attribute("open") is not None
    mark = page.locator(f"#src-2-{n} mark").inner_text()
    text = (seeded.settings.source_path("seeds/004_23f3e9abca8474ef.txt")).read_text(encoding="utf-8")
    assert mark in text and "Tel Aviv" in mark
    assert page.locator("#sources details").count() == follow.locator('a[href^="#src-2-"]').count()
    page.screenshot(path=str(ARTIFACTS / "2-follow-up.png"))

    refusal = ask(page, "What is the capital of Australia?", 3)
    assert "Not in the documents" in refusal.inner_text()
    assert page.locator('#sources details[id^="src-"]').count() == 0  # nothing cited...
    assert "Closest, but not an answer" in page.inner_text("#sources")  # ...but what came closest is shown
    page.screenshot(path=str(ARTIFACTS / "3-refusal.png"))
    page.close()


def test_separate_sessions_keep_separate_histories(page_url, browser):
    first, second = browser.new_page(), browser.new_page()
    for page in (first, second):
        page.goto(page_url, wait_until="load")
        page.wait_for_selector("#question textarea")
    ask(first, "Who is Josef Kraus?", 1)
    assert second.locator('#chat [data-testid="bot"]').count() == 0
    first.close()
    second.close()


def test_the_chat_endpoint_answers_through_gradio_client(page_url):
    from gradio_client import Client

    client = Client(page_url, verbose=False)
    message, sources, searched = client.predict("When was the NATO-Russia Council founded?", api_name="/respond")
    assert "2002" in message and "#src-1-1" in message
    assert "<mark>" in sources and "seeds/002_a32b31f8f4665c4d.txt" in sources
    assert "NATO-Russia Council" in searched


def test_twenty_concurrent_chats_are_served_without_errors(page_url):
    from gradio_client import Client

    questions = ["Where does Abbas Gallyamov live now?", "Who is Josef Kraus?", "What is the capital of Australia?",
                 "How many Kremlin insiders spoke to Bloomberg?"]  # fmt: skip

    def one(i: int):
        return Client(page_url, verbose=False).predict(questions[i % 4], api_name="/respond")

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(one, range(20)))
    assert len(results) == 20
    assert all(("[\\[1\\]]" in r[0]) or ("Not in the documents" in r[0]) for r in results)


def test_the_document_viewer_serves_only_corpus_files(page_url, seeded):
    from gradio_client import Client

    def client():  # one request per client: gradio_client's shared session stream can drop a reused one's event
        return Client(page_url, verbose=False)

    good = client().predict("seeds/004_23f3e9abca8474ef.txt", api_name="/document")
    assert "Gallyamov" in good and good.startswith('<pre class="doc">')
    for bad in ("../../etc/passwd", "/etc/passwd", "seeds/../../../etc/passwd", "pyproject.toml"):
        try:
            out = client().predict(bad, api_name="/document")
        except Exception:  # noqa: BLE001 - gradio rejects a value outside the dropdown's choices
            continue
        assert "root:" not in out and "not a document of this corpus" in out


def test_hostile_html_in_a_document_is_shown_as_text(tmp_path, embeddings, browser):
    from bot.app import corpus_documents, serve
    from bot.chain import Bot
    from bot.index import Index
    from bot.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "evil.md").write_text(
        "The mayor of Springfield is <b>Joe Quimby</b><script>window.pwned = 1</script>"
        "<img src=x onerror=\"window.pwned = 2\">.\n", encoding="utf-8")  # fmt: skip
    outside = tmp_path / "secret.txt"
    outside.write_text("top secret password", encoding="utf-8")
    (corpus / "link.txt").symlink_to(outside)
    settings = Settings(index_path=tmp_path / "index", corpus=corpus, port=free_port())
    index = Index(settings, embeddings)
    ingest(corpus, settings, index, progress=False)
    bot = Bot(settings, index)
    assert list(corpus_documents(bot)) == [settings.display_path(corpus / "evil.md")]

    demo = serve(settings, block=False, bot=bot)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{settings.port}/", wait_until="load")
        page.wait_for_selector("#question textarea")
        message = ask(page, "Who is the mayor of Springfield?", 1)
        assert "<script>" in message.inner_text()
        message.locator('a[href^="#src-1-"]').first.click()
        assert "<script>window.pwned = 1</script>" in page.locator("#src-1-1 mark").inner_text()
        assert page.evaluate("window.pwned") is None
        page.screenshot(path=str(ARTIFACTS / "4-html-as-text.png"))
        page.close()
    finally:
        demo.close()


def test_a_small_soak_has_zero_errors_and_stable_memory(page_url):
    from evals.soak import soak

    report = soak(page_url, os.getpid(), questions=200, clients=8)
    print("soak:", report)
    assert report["errors"] == 0, report["first_errors"]
    assert report["rss_end_mb"] < report["rss_start_mb"] + 200


def test_bad_input_through_the_page_api_gets_a_friendly_message(page_url):
    import httpx

    from evals.soak import ask_once

    with httpx.Client(timeout=60) as http:
        for bad in ("", "   ", "x" * 100_000):
            message = ask_once(http, page_url, bad)
            assert message.startswith("⚠️") and "Traceback" not in message
        message = ask_once(http, page_url, "\x00\x1b[2JWho is Josef Kraus?\x07")
    assert "security analyst" in message


def test_a_password_protects_the_page(seeded):
    from gradio_client import Client

    from bot.app import serve

    settings = seeded.settings.model_copy(update={"port": free_port(), "password": SecretStr("s3cret-pass")})
    demo = serve(settings, block=False, bot=seeded)
    try:
        url = f"http://127.0.0.1:{settings.port}/"
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error without auth
            Client(url, verbose=False).predict("Who is Josef Kraus?", api_name="/respond")
        ok = Client(url, auth=("bot", "s3cret-pass"), verbose=False).predict("Who is Josef Kraus?", api_name="/respond")
        assert "security analyst" in ok[0]
    finally:
        demo.close()
