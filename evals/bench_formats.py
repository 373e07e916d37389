"""`bot bench --formats` (and part of `bot bench`): ingest throughput for real documents. A PDF of
`pages` pages, a Word file and a web page are made from the seed sentences (fpdf2 and python-docx,
the test extras), then ingested into a fresh index: pages per second for the PDF, and the share of
the time spent extracting text versus embedding it."""

import random
import tempfile
import time
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings

SEEDS = PROJECT_ROOT / "seeds"


def _paragraphs(n: int, seed: int = 0) -> list[str]:
    from bot.sentences import split

    pool = [s for p in sorted(SEEDS.iterdir()) for s in split(p.read_text(encoding="utf-8")) if len(s) > 40]
    rng = random.Random(seed)
    return [" ".join(rng.sample(pool, 5)) for _ in range(n)]


def make_pdf(path: Path, pages: int) -> Path:
    import matplotlib
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=10)
    pdf.set_auto_page_break(False)
    for text in _paragraphs(pages * 8):
        if pdf.page_no() == 0 or pdf.get_y() > 230:
            if pdf.page_no() == pages:
                break
            pdf.add_page()
        pdf.multi_cell(0, 5, text)
        pdf.ln(3)
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: int) -> Path:
    import docx

    document = docx.Document()
    for i, text in enumerate(_paragraphs(paragraphs, seed=1)):
        if i % 5 == 0:
            document.add_heading(f"Part {i // 5 + 1}", level=2)
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_html(path: Path, paragraphs: int) -> Path:
    import html

    body = "".join(f"<h2>Part {i}</h2><p>{html.escape(t)}</p>" for i, t in enumerate(_paragraphs(paragraphs, seed=2)))
    path.write_text(f"<html><body><nav>Home · News</nav><main>{body}</main></body></html>", encoding="utf-8")
    return path


def document_ingest(embeddings, pages: int = 40) -> dict:
    from bot.extract import read
    from bot.index import Index
    from bot.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "docs"
        corpus.mkdir()
        pdf = make_pdf(corpus / "report.pdf", pages)
        t = time.perf_counter()
        doc = read(pdf, "report.pdf")
        pdf_extract_s = time.perf_counter() - t
        make_docx(corpus / "notes.docx", 40)
        make_html(corpus / "page.html", 40)
        settings = Settings(index_path=Path(tmp) / "index", corpus=corpus)
        t = time.perf_counter()
        report = ingest(corpus, settings, Index(settings, embeddings), progress=False)
        total = time.perf_counter() - t
    return {
        "pdf_pages": len(doc.pages),
        "pdf_chars": len(doc.text),
        "pdf_extract_pages_per_s": round(len(doc.pages) / pdf_extract_s, 1),
        "files": report.files,
        "chunks": report.chunks,
        "ingest_s": round(total, 2),
        "ingest_pages_per_s": round(report.pages / total, 2),  # the whole ingest (PDF + Word + HTML) per PDF page
        "extraction_share": round(report.extract_s / total, 3),
        "embedding_share": round(report.embedding_s / total, 3),
    }


def main() -> dict:
    import json

    from bot.embeddings import MiniLMEmbeddings

    result = document_ingest(MiniLMEmbeddings())
    print(json.dumps(result))
    return result
