"""Bad input gets a clear message and loses nothing: each case asserts the message and that the
corpus folder, the index (chunks and sentences) and the stored texts are exactly as before. The
files are real: fpdf2, python-docx, Pillow and zipfile make them."""

import hashlib
import html
import io
import shutil
import threading
import zipfile
from pathlib import Path

import made_files as D
import pytest
from conftest import SEEDS

from bot.config import Settings
from bot.docstore import DocStore
from bot.documents import add_files, remove, safe_name
from bot.index import Index
from bot.ingest import ingest


@pytest.fixture
def setup(tmp_path, embeddings):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_f55471ebcdeb3b91.txt", corpus)
    settings = Settings(index_path=tmp_path / "index", corpus=corpus)
    index = Index(settings, embeddings)
    ingest(corpus, settings, index, progress=False)
    return settings, index, tmp_path / "uploads"


def state(settings: Settings, index) -> dict:
    """Everything a bad upload must leave alone."""
    files = {p.relative_to(settings.corpus).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in settings.corpus.rglob("*") if p.is_file()}  # fmt: skip
    return {"files": files, "chunks": index.chunk_ids_by_source(), "sentences": sorted(index.sentences.get()["ids"]),
            "texts": DocStore.of(settings).manifest()}  # fmt: skip


def upload(folder: Path, name: str, data: bytes) -> tuple[str, Path]:
    """What the page hands over: the name the user gave and where the bytes landed."""
    folder.mkdir(exist_ok=True)
    path = folder / hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()
    path.write_bytes(data)
    return name, path


def pdf_bytes(tmp_path: Path) -> bytes:
    return D.make_pdf(tmp_path / "made.pdf").read_bytes()


def encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Secret plans for the harbour.")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def scanned_pdf(tmp_path: Path) -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).text((20, 80), "Scanned text on paper, no text layer", fill="black")
    image.save(tmp_path / "scan.png")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(tmp_path / "scan.png"), x=10, y=10, w=150)
    return bytes(pdf.output())


def zip_of(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx_with(tmp_path: Path, extra: dict[str, bytes]) -> bytes:
    """A real Word file with some parts added or replaced."""
    real = zipfile.ZipFile(D.make_docx(tmp_path / "real.docx"))
    parts = {i.filename: real.read(i) for i in real.infolist()}
    return zip_of({**parts, **extra})


BOMB_XML = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol4;</w:t>
</w:r></w:p></w:body></w:document>"""


def cases(tmp_path: Path) -> list[tuple[str, bytes, str]]:
    good_pdf = pdf_bytes(tmp_path)
    return [
        ("secret.pdf", encrypted_pdf(), "is encrypted (password protected)"),
        ("scan.pdf", scanned_pdf(tmp_path), "has no text layer"),
        ("cut.pdf", good_pdf[: len(good_pdf) // 2], "is truncated"),
        ("cut-late.pdf", good_pdf[:-40], "is truncated"),
        ("corrupt.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "is damaged or not a complete PDF"),
        ("other.docx", zip_of({"hello.txt": b"not word"}), "is a zip archive but not a Word document"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 300, "is not a Word document"),
        ("lies.docx", good_pdf, "is not a Word (.docx) file: its content looks like a PDF"),
        ("lies.pdf", D.make_docx(tmp_path / "x.docx").read_bytes(), "is not a PDF: its content looks like a zip"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "its content looks like a binary file"),
        ("bomb.docx", docx_with(tmp_path, {"word/media/zeros.bin": bytes(60 * 2**20)}), "refused as a zip bomb"),
        ("laughs.docx", docx_with(tmp_path, {"word/document.xml": BOMB_XML}), "declares XML entities"),
        ("latin1.txt", "café crème".encode("latin-1"), "is not valid UTF-8"),
        ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "unsupported file type"),
        ("CON", b"device name", "unsupported file type"),
        ("program.exe", b"MZ\x90\x00", "unsupported file type"),
    ]


def test_each_bad_file_gets_its_message_and_changes_nothing(setup, tmp_path):
    settings, index, uploads = setup
    before = state(settings, index)
    for name, data, message in cases(tmp_path):
        report = add_files([upload(uploads, name, data)], settings, index)
        assert report.files == 0 and len(report.skipped) == 1, name
        assert message in report.skipped[0], (name, report.skipped)
        assert state(settings, index) == before, name
    assert not (tmp_path / "etc").exists() and not any(settings.corpus.parent.glob("passwd*"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(setup):
    settings, index, uploads = setup
    small = settings.model_copy(update={"max_file_mb": 0.01})
    before = state(settings, index)
    report = add_files([upload(uploads, "big.txt", b"A long line of text. " * 1000)], small, index)
    assert report.skipped == ["big.txt is larger than 0.01 MB (split it, or raise BOT_MAX_FILE_MB)"]
    assert state(settings, index) == before


def test_a_bad_file_among_good_ones_never_stops_them(setup, tmp_path):
    settings, index, uploads = setup
    files = [upload(uploads, "ops.docx", D.make_docx(tmp_path / "o.docx").read_bytes()),
             upload(uploads, "secret.pdf", encrypted_pdf()),
             upload(uploads, "faro.html", D.make_html(tmp_path / "f.html").read_bytes())]  # fmt: skip
    report = add_files(files, settings, index)
    assert report.files == 2 and len(report.skipped) == 1 and "secret.pdf is encrypted" in report.skipped[0]
    assert sorted(p.name for p in settings.corpus.iterdir()) == ["000_f55471ebcdeb3b91.txt", "faro.html", "ops.docx"]
    # the same happens when a folder is ingested: the bad file is skipped with its reason
    shutil.copy(uploads / files[1][1].name, settings.corpus / "secret.pdf")
    report = ingest(settings.corpus, settings, index, progress=False)
    assert report.files == 3 and report.added == 0 and "secret.pdf is encrypted" in report.skipped[0]


def test_scripts_handlers_and_javascript_links_never_reach_the_page(setup, tmp_path):
    from bot import render

    settings, index, uploads = setup
    page = (b"<html><body><script>alert(1)</script><main><p onmouseover=\"alert(2)\">The pier closes at ten. "
            b"<a href=\"javascript:alert(3)\">More</a> &lt;script&gt;alert(4)&lt;/script&gt; is shown as text.</p>"
            b"<img src=x onerror=alert(5)></main></body></html>")  # fmt: skip
    report = add_files([upload(uploads, "pier.html", page)], settings, index)
    assert report.files == 1
    text = DocStore.of(settings).text(f"{settings.display_path(settings.corpus)}/pier.html")
    assert "alert(1)" not in text and "onmouseover" not in text and "javascript" not in text and "onerror" not in text
    assert "<script>alert(4)</script> is shown as text." in text  # literal text, escaped on the page
    shown = render.document_html(text)
    assert "<script" not in shown and html.escape("<script>alert(4)</script>") in shown


@pytest.mark.parametrize(
    "given, stored",
    [("../../evil.txt", "evil.txt"), ("..\\..\\win.md", "win.md"), ("CON.txt", "_CON.txt"), ("nul.md", "_nul.md"),
     ("a\x00b.txt", "a_b.txt"), ("line\nbreak.md", "line_break.md"), (".hidden.txt", "hidden.txt"),
     ("Report 2025.PDF", "Report 2025.pdf"), ("/abs/path/notes.htm", "notes.htm")],
)  # fmt: skip
def test_upload_names_are_made_safe(given, stored):
    assert safe_name(given) == stored


def test_unsafe_names_land_inside_the_corpus_folder(setup):
    settings, index, uploads = setup
    report = add_files([upload(uploads, "../../evil.txt", b"The evil twin lives in the attic.\n"),
                        upload(uploads, "bad\nname\x00.md", b"The cellar is dry.\n")], settings, index)  # fmt: skip
    assert report.files == 2 and report.skipped == []
    assert {"evil.txt", "bad_name.md"} <= {p.name for p in settings.corpus.iterdir()}
    assert not (settings.corpus.parent.parent / "evil.txt").exists()


def test_an_upload_interrupted_half_way_leaves_nothing_behind(setup, tmp_path, monkeypatch):
    settings, index, uploads = setup
    before = state(settings, index)
    good = pdf_bytes(tmp_path)
    report = add_files([upload(uploads, "half.pdf", good[: len(good) // 2])], settings, index)  # the bytes stop
    assert "half.pdf is truncated" in report.skipped[0] and state(settings, index) == before

    def dies(texts):  # the process is stopped while the upload is being embedded
        raise KeyboardInterrupt

    monkeypatch.setattr(index.embeddings, "embed", dies)
    with pytest.raises(KeyboardInterrupt):
        add_files([upload(uploads, "whole.pdf", good)], settings, index)
    assert state(settings, index) == before


def test_two_uploads_at_the_same_moment_both_land(setup, tmp_path):
    settings, index, uploads = setup
    pdf = upload(uploads, "report.pdf", pdf_bytes(tmp_path))
    other = tmp_path / "other.pdf"
    from fpdf import FPDF

    small = FPDF()
    small.add_page()
    small.set_font("Helvetica", size=12)
    small.cell(0, 10, "The Faro pier is 300 metres long.")
    small.output(str(other))  # a different PDF under the same name
    reports = []
    threads = [threading.Thread(target=lambda f=f: reports.append(add_files([f], settings, index)))
               for f in (pdf, ("report.pdf", other))]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.files for r in reports) == [1, 1]
    names = sorted(p.name for p in settings.corpus.iterdir())
    assert names == ["000_f55471ebcdeb3b91.txt", "report-2.pdf", "report.pdf"]
    assert len(index.chunk_ids_by_source()) == 3 and len(DocStore.of(settings).manifest()) == 3


def test_same_bytes_twice_are_stored_once_and_remove_deletes_only_that_document(setup, tmp_path):
    settings, index, uploads = setup
    seed_ids = index.chunk_ids_by_source()
    data = D.make_docx(tmp_path / "o.docx").read_bytes()
    first = add_files([upload(uploads, "ops.docx", data)], settings, index)
    second = add_files([upload(uploads, "copy.docx", data)], settings, index)
    source = f"{settings.display_path(settings.corpus)}/ops.docx"
    assert (
        first.files == 1 and second.files == 0 and second.skipped == [f"copy.docx is already in the corpus as {source}"]
    )
    assert not (settings.corpus / "copy.docx").exists()
    assert remove(source, settings, index) > 0
    assert index.chunk_ids_by_source() == seed_ids  # the seed keeps its ids
    assert index.sentences.get(where={"source": source})["ids"] == []
    assert not (settings.corpus / "ops.docx").exists() and source not in DocStore.of(settings).manifest()
    with pytest.raises(Exception, match="is not an indexed document"):
        remove(source, settings, index)


def test_an_upload_reports_progress_while_reading_and_embedding(setup, tmp_path):
    settings, index, uploads = setup
    seen: list[tuple[float, str]] = []
    files = [upload(uploads, "report.pdf", pdf_bytes(tmp_path)), upload(uploads, "bad.pdf", b"%PDF-1.4 cut")]
    report = add_files(files, settings, index, progress=lambda fraction, text: seen.append((fraction, text)))
    assert report.files == 1 and len(report.skipped) == 1
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [t for _, t in seen[:2]] == ["reading report.pdf", "reading bad.pdf"]
    sentences = len(
        index.sentences.get(where={"source": f"{settings.display_path(settings.corpus)}/report.pdf"})["ids"]
    )
    total = report.chunks + sentences * (2 if settings.qa_vectors else 1)  # a vector per model per sentence
    assert any(t == f"embedding 1 file(s): {total}/{total} vectors" for _, t in seen)
