"""Real files made by real tools, for the format tests: a five-page PDF (fpdf2, DejaVu Sans from
matplotlib's data, so ligature glyphs exist) with running headers and footers, a two-column page
written right column first, a hyphenated line end, an "ﬃ" ligature and a known sentence on page 3;
a Word file (python-docx) with headings; a web page with navigation, scripts and handlers."""

from pathlib import Path

PAGE3 = "The Lisbon oﬃce recorded a turnover of 4.2 million euros in the third quarter of the year."
CROSSING = ("The Porto harbour expansion will add three new berths for container ships and a rail link to the "
            "inland terminal, which the board approved after two years of studies.")  # fmt: skip
WORD = "The Braga warehouse employs 37 forklift drivers on two shifts."
WEB = "The Faro museum opens at nine in the morning on weekdays."
NAV = "Our ferry to Madeira leaves every Tuesday at noon."
FILLER = ("Regional teams met every month to review safety, training and the maintenance plans of the "
          "sites, and they reported to the board at the end of each quarter.")  # fmt: skip


def font() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def make_pdf(path: Path) -> Path:
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_y(10)
            self.cell(0, 6, "Northwind Trading Annual Report 2025")
            self.set_y(30)

        def footer(self):
            self.set_y(-12)
            self.cell(0, 6, f"Page {self.page_no()} of 5")

    pdf = Report(format="A4")
    pdf.set_margins(20, 30, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", fname=font())
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.multi_cell(170, 6, "Annual report of the board\n\n" + FILLER + "\n\n" + "This report covers the inter-\n"
                   "national activities of the company in five countries.")  # fmt: skip
    pdf.add_page()
    right = "Right column. " + "The Coimbra depot handles spare parts for the northern sites. " * 6
    left = "Left column. " + "The Evora depot handles fresh produce for the southern sites. " * 6
    pdf.set_xy(110, 40)
    pdf.multi_cell(80, 6, right)  # the right column comes first in the content stream
    pdf.set_xy(20, 40)
    pdf.multi_cell(80, 6, left)
    pdf.add_page()
    pdf.multi_cell(170, 6, FILLER + " " + PAGE3 + " " + FILLER)
    pdf.add_page()
    pdf.multi_cell(170, 6, FILLER)
    pdf.set_y(pdf.h - 20 - 2 * 6)  # two lines above the page break: the next paragraph runs onto page 5
    pdf.multi_cell(170, 6, FILLER + " " + CROSSING + " " + FILLER)
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Operations 2025", level=1)
    document.add_paragraph(FILLER)
    document.add_heading("Staffing", level=2)
    document.add_paragraph(WORD + " Most of them joined in the spring.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Site", "Braga"
    document.save(str(path))
    return path


def make_html(path: Path) -> Path:
    path.write_text(f"""<!doctype html><html><head><title>Visit Faro</title>
<script>document.write("The Faro museum is closed forever.")</script><style>p {{color: red}}</style></head>
<body><nav><a href="/">Home</a> <a href="javascript:alert(1)">{NAV}</a></nav>
<header>Tourist office of the Algarve</header>
<main><h1>Visiting the museum</h1><h2>Opening hours</h2>
<p onclick="alert('x')">{WEB} <b>Tickets</b> cost five euros at the door.</p>
<p><img src=x onerror="alert(2)">Guided tours start at <a href="javascript:void(0)">the main hall</a>.</p></main>
<footer>Copyright 2025</footer></body></html>""", encoding="utf-8")  # fmt: skip
    return path
