"""The Documents tab for real: Chromium uploads a PDF made by fpdf2 through the Gradio page, asks
a question answered on its page 3, opens the citation and sees page 3 rendered with the quote
highlighted; then removes the document with its button."""

import base64
import io
import shutil

import made_files as D
import pytest
from conftest import SEEDS
from test_app import ARTIFACTS, ask, browser  # noqa: F401 - the browser fixture

from bot.config import Settings
from evals.soak import free_port

pytestmark = pytest.mark.slow


@pytest.fixture
def served(tmp_path, embeddings):
    from bot.app import serve
    from bot.chain import Bot
    from bot.index import Index
    from bot.ingest import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_f55471ebcdeb3b91.txt", corpus)
    settings = Settings(index_path=tmp_path / "index", corpus=corpus, port=free_port())
    index = Index(settings, embeddings)
    ingest(corpus, settings, index, progress=False)
    bot = Bot(settings, index)
    running = serve(settings, block=False, bot=bot)
    yield bot, f"http://127.0.0.1:{settings.port}/"
    running.close()


def highlighted_pixels(uri: str) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
    # the translucent yellow mark over white paper is about (255, 237, 145)
    return sum(1 for r, g, b in image.get_flattened_data() if r > 235 and 220 < g < 250 and 110 < b < 180)


def test_upload_a_pdf_ask_and_see_the_highlighted_page(served, browser, tmp_path):  # noqa: F811
    bot, url = served
    pdf = D.make_pdf(tmp_path / "report.pdf")
    word = D.make_docx(tmp_path / "ops.docx")
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="load")
    page.wait_for_selector("#question textarea")
    assert "1 files" in page.inner_text("#summary")
    page.get_by_role("tab", name="Documents").click()
    page.set_input_files("#upload input[type=file]", [str(pdf), str(word)])  # two files at once
    page.wait_for_function(
        """() => { const t = document.querySelector('#upload').innerText;  // "report\\n.pdf 14.8 KB"
        return t.includes('report') && t.includes('ops') && (t.match(/KB/g) || []).length === 2; }""",
        timeout=30_000,
    )
    page.click("#add-docs")
    page.wait_for_function("() => document.querySelector('#upload-status').innerText.includes('Added 2 file')",
                           timeout=120_000)  # fmt: skip
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('3 files')", timeout=30_000)
    assert (bot.settings.corpus / "report.pdf").is_file() and (bot.settings.corpus / "ops.docx").is_file()
    page.wait_for_function("() => document.querySelectorAll('.remove-doc').length === 3")  # one per document
    page.screenshot(path=str(ARTIFACTS / "5-documents-uploaded.png"))

    page.get_by_role("tab", name="Chat").click()
    question = "What turnover did the Lisbon office record in the third quarter?"
    message = ask(page, question, 1)
    expected = bot.ask(question).citations[0]
    assert expected.page == 3 and expected.source.endswith("report.pdf")
    message.locator('a[href^="#src-1-"]').first.click()
    opened = page.locator("#src-1-1")
    assert opened.get_attribute("open") is not None
    assert " ".join(opened.locator("mark").inner_text().split()) == " ".join(expected.quote.split())
    assert "report.pdf, p. 3" in opened.locator("summary").inner_text()
    image = opened.locator("img.page-image")
    assert image.count() == 1 and image.get_attribute("title") == "page 3"
    image.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "6-pdf-citation-highlighted.png"))
    opened.screenshot(path=str(ARTIFACTS / "pdf-page-highlight.png"))
    assert highlighted_pixels(image.get_attribute("src")) > 5000  # two lines of text marked

    page.get_by_role("tab", name="Documents").click()
    page.locator(".doc-row").filter(has_text="report.pdf").locator(".remove-doc").click()
    page.wait_for_function("() => document.querySelector('#summary').innerText.includes('2 files')", timeout=30_000)
    assert not (bot.settings.corpus / "report.pdf").exists()
    assert all(not s.endswith("report.pdf") for s in bot.index.chunk_ids_by_source())
    page.close()


def test_an_upload_cut_off_half_way_changes_nothing_and_the_page_keeps_working(served, tmp_path):
    import socket
    import urllib.request

    bot, url = served
    port = int(url.rsplit(":", 1)[1].strip("/"))
    data = D.make_pdf(tmp_path / "report.pdf").read_bytes()
    before = (sorted(p.name for p in bot.settings.corpus.iterdir()), bot.index.chunk_ids_by_source())

    def body(payload: bytes) -> bytes:
        return (b'--XyZ\r\nContent-Disposition: form-data; name="files"; filename="report.pdf"\r\n'
                b"Content-Type: application/pdf\r\n\r\n" + payload + b"\r\n--XyZ--\r\n")  # fmt: skip

    whole = urllib.request.Request(f"{url}gradio_api/upload", data=body(data), method="POST",
                                   headers={"Content-Type": "multipart/form-data; boundary=XyZ"})  # fmt: skip
    with urllib.request.urlopen(whole, timeout=30) as done:  # the route takes a complete upload
        assert done.status == 200 and "report.pdf" in done.read().decode()
    head = (f"POST /gradio_api/upload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {len(body(data))}\r\n\r\n").encode()  # fmt: skip
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + body(data)[: len(data) // 2])  # the connection drops half-way
    assert (sorted(p.name for p in bot.settings.corpus.iterdir()), bot.index.chunk_ids_by_source()) == before
    with urllib.request.urlopen(url, timeout=30) as page:
        assert page.status == 200
