"""PDF, Word and web pages in; exact citations with pages and sections out. Real files made by
fpdf2 and python-docx, the real embedding model, real Chroma, and poppler's pdftotext as the
independent witness of what page 3 says."""

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import made_files as D
import pytest

from bot.config import Settings
from bot.extract import read
from bot.sentences import split


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:\.\d+)?", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    D.make_pdf(folder / "report.pdf")
    D.make_docx(folder / "ops.docx")
    D.make_html(folder / "faro.html")
    return folder


def test_pdf_text_is_in_reading_order_without_running_heads_hyphens_or_ligatures(folder):
    doc = read(folder / "report.pdf", "report.pdf")
    assert len(doc.pages) == 5 and doc.pages[0] == 0
    assert "Northwind Trading Annual Report" not in doc.text and "of 5" not in doc.text  # header, footer
    assert "international activities" in doc.text and "inter-" not in doc.text  # hyphen at a line end
    assert "ﬃ" not in doc.text and "Lisbon office" in doc.text  # the ligature is letters
    assert doc.text.index("Left column.") < doc.text.index("Right column.")  # written right column first
    assert doc.page_of(doc.text.index("Left column.")) == 2
    assert doc.page_of(doc.text.index("Lisbon")) == 3
    sentences = split(doc.text)
    assert [s for s in sentences if "Lisbon" in s] == ["The\nLisbon office recorded a turnover of 4.2 million euros "
                                                       "in the third quarter of the year."]  # fmt: skip
    crossing = next(s for s in sentences if "Porto" in s)
    assert " ".join(crossing.split()) == D.CROSSING  # one sentence across the page break
    start = doc.text.index(crossing)
    assert doc.place(start, start + len(crossing)) == {"page": 4, "page_end": 5, "section": None}


def test_word_and_web_pages_give_paragraphs_and_sections(folder):
    word = read(folder / "ops.docx", "ops.docx")
    assert D.WORD in word.text and word.section_of(word.text.index(D.WORD)) == "Staffing"
    assert "Site | Braga" in word.text  # table rows are read too
    web = read(folder / "faro.html", "faro.html")
    assert D.WEB in web.text and web.section_of(web.text.index(D.WEB)) == "Opening hours"
    for junk in (D.NAV, "closed forever", "alert", "javascript", "Tourist office", "Copyright", "color"):
        assert junk not in web.text


def test_markdown_keeps_its_bytes_and_its_headings(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Intro\nHello there.\n\n## Details\nThe gate opens at six.\n", encoding="utf-8")
    doc = read(path, "notes.md")
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.section_of(doc.text.index("gate")) == "Details" and doc.section_of(3) == "Intro"


def bot(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("bot") or str(Path(__import__("sys").executable).parent / "bot"), *args],
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip


def test_done_when_ingest_ask_show_and_pdftotext_agree(folder, tmp_path):
    """The issue's check: cited quote == `bot show` text[start:end], page 3, and its words are on page 3
    as pdftotext prints it; the same for the Word file and the web page (nothing from its nav)."""
    import os

    env = {**os.environ, "BOT_INDEX_PATH": str(tmp_path / "index"), "BOT_CORPUS": str(folder)}
    done = bot("ingest", str(folder), env=env)
    assert done.returncode == 0, done.stderr
    assert "indexed 3 files" in done.stdout
    questions = {
        "What turnover did the Lisbon office record in the third quarter?": ("report.pdf", "4.2 million euros"),
        "How many forklift drivers does the Braga warehouse employ?": ("ops.docx", "37 forklift drivers"),
        "When does the Faro museum open?": ("faro.html", "nine in the morning"),
    }
    asked = bot("ask", "--json", *questions, env=env)
    assert asked.returncode == 0, asked.stderr
    for line, (name, fact) in zip(asked.stdout.splitlines(), questions.values()):
        answer = json.loads(line)
        assert not answer["refused"], answer
        cite = next(c for c in answer["citations"] if fact in c["quote"])
        assert cite["source"].endswith(name)
        shown = bot("show", cite["source"], env=env)
        assert shown.returncode == 0 and shown.stdout[cite["start"] : cite["end"]] == cite["quote"]
        for c in answer["citations"]:
            assert D.NAV not in c["quote"] and "closed forever" not in c["quote"]
        if name == "report.pdf":
            assert cite["page"] == 3 and cite["page_end"] is None
            page3 = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(folder / name), "-"],
                                   capture_output=True, text=True, check=True).stdout  # fmt: skip
            assert set(words(cite["quote"])) <= set(words(page3))
        elif name == "ops.docx":
            assert cite["section"] == "Staffing" and cite["page"] is None
        else:
            assert cite["section"] == "Opening hours"
    readable = bot("ask", "What turnover did the Lisbon office record in the third quarter?", env=env)
    assert "report.pdf, p. 3" in readable.stdout

    word = f"{folder}/ops.docx"
    removed = bot("remove", "--keep-file", word, env=env)
    assert removed.returncode == 0 and f"removed {word}" in removed.stdout
    gone = bot("show", word, env=env)
    assert gone.returncode == 2 and gone.stderr == f"error: {word} is not an indexed document; `bot ingest` it first\n"
    again = bot("remove", word, env=env)
    assert again.returncode == 2 and "is not an indexed document (indexed: " in again.stderr
    assert "Traceback" not in gone.stderr + again.stderr


def test_hard_wrapped_text_flows_across_single_line_breaks():
    licence = (
        "   3. Grant of Patent License. Subject to the terms and conditions of\n"
        "      this License, each Contributor hereby grants to You a perpetual,\n"
        "      worldwide, non-exclusive, no-charge, royalty-free, irrevocable\n"
        "      (except as stated in this section) patent license to make, have made,\n"
        "      use, offer to sell, sell, import, and otherwise transfer the Work,\n"
        "      where such license applies only to those patent claims licensable\n"
        "      by such Contributor that are necessarily infringed by their\n"
        "      Contribution(s) alone.\n"
    )
    patent = [s for s in split(licence) if "licensable" in s]
    assert len(patent) == 1 and patent[0].startswith("Subject to") and patent[0].endswith("Contribution(s) alone.")
    # a blank line, a heading, a list item and a short line on its own still end a paragraph
    text = ("A title line without a full stop\nThe body of a paragraph that is wrapped at a width of about\n"
            "sixty columns, as e-mails are.\n- a list item that follows\n# A heading\nText under it.")  # fmt: skip
    assert split(text) == ["A title line without a full stop",
                           "The body of a paragraph that is wrapped at a width of about\nsixty columns, as e-mails are.",
                           "- a list item that follows", "# A heading", "Text under it."]  # fmt: skip


def test_seed_articles_split_as_before():
    """One paragraph per line: every line break still ends a sentence (the seed eval depends on it)."""
    from bot.sentences import paragraphs

    for path in sorted(Settings().corpus.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert all("\n" not in text[s:e] for s, e in paragraphs(text)), path.name


def test_a_table_of_labels_and_values_keeps_its_rows_together(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    rows = [("Site", "Braga"), ("Staff", "37"), ("Shifts", "2"), ("Opened", "1999"), ("Manager", "Ana")]
    for i, (label, value) in enumerate(rows):
        pdf.set_xy(20, 30 + 8 * i)
        pdf.cell(40, 6, label)
        pdf.set_xy(130, 30 + 8 * i)
        pdf.cell(40, 6, value)
    pdf.output(str(tmp_path / "table.pdf"))
    text = read(tmp_path / "table.pdf", "table.pdf").text
    assert text.split("\n") == [part for row in rows for part in row]  # row by row, not all labels first
