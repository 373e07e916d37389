"""PDF text with pypdfium2 (PDFium), in reading order, with every character traced back to its
page and its box so a quote can be highlighted on the rendered page.

- Lines split where a horizontal gap is wider than ~1.5 character heights; when a page has a
  vertical gutter that most lines keep clear of, its left column is read before its right one.
- A line that repeats at the top or bottom of most pages (running headers, "Page 3 of 9") is
  dropped; digits are ignored when comparing.
- A hyphen at a line end before a lowercase letter joins the word ("inter-\\nnational" ->
  "international"); ligatures (ﬁ, ﬂ, ...) become their letters.
- Pages follow each other with a single line break, so a sentence may run onto the next page;
  its citation then names both pages."""

import re
import unicodedata
from dataclasses import dataclass, field

from bot.errors import ExtractError

Origin = tuple[int, int]  # (page number from 0, PDFium char index); (-1, -1) for inserted characters
NONE: Origin = (-1, -1)


@dataclass
class Segment:
    chars: list[tuple[str, int]] = field(default_factory=list)
    box: list[float] = field(default_factory=lambda: [1e9, 1e9, -1e9, -1e9])  # x0, y0, x1, y1

    def add(self, ch: str, index: int, box) -> None:
        self.chars.append((ch, index))
        if box is not None:
            b = self.box
            b[0], b[1], b[2], b[3] = min(b[0], box[0]), min(b[1], box[1]), max(b[2], box[2]), max(b[3], box[3])

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


def open_pdf(data: bytes, name: str):
    import pypdfium2 as pdfium

    if b"%%EOF" not in data[-2048:]:  # PDFium repairs some cut-off files: a partial text would pass for the whole
        raise ExtractError(f"{name} is truncated (it does not end as a PDF ends): upload or export it again")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractError(
                f"{name} is encrypted (password protected): save an unprotected copy and add that"
            ) from exc
        raise ExtractError(f"{name} is damaged or not a complete PDF ({exc}); export it again") from exc


def extract(data: bytes, name: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    text, pages, _ = read(data, name)
    return text, pages, []


def read(data: bytes, name: str) -> tuple[str, list[int], list[Origin]]:
    """(text, offset where each page starts, the origin of every character of text)."""
    pdf = open_pdf(data, name)
    try:
        layout = [_page_segments(pdf, i) for i in range(len(pdf))]
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium reports damage in many ways
        raise ExtractError(f"{name} is damaged: a page cannot be read ({exc}); export it again") from exc
    finally:
        pdf.close()
    if not any(seg.text.strip() for segs, _ in layout for seg in segs):
        raise ExtractError(f"{name} has no text layer (a scanned image?): run it through OCR "
                           "(e.g. ocrmypdf) and add the result")  # fmt: skip
    _drop_repeated([segs for segs, _ in layout])
    out: list[str] = []
    origin: list[Origin] = []
    starts: list[int] = []
    prev: Segment | None = None
    for page, (segs, _) in enumerate(layout):
        starts.append(len(out))
        for seg in segs:
            chars = _normalised(seg, page)
            if not chars:
                continue
            if out:
                if out[-1] in "-\ufffe" and len(out) > 1 and out[-2].isalpha() and chars[0][0].islower():
                    out.pop(), origin.pop()  # a word hyphenated at the line end
                    starts[-1] = min(starts[-1], len(out))
                else:
                    gap = prev is not None and starts[-1] < len(out) and prev.box[1] - seg.box[3] > 0.8 * _height(prev)
                    joiner = "\n\n" if gap else "\n"
                    out += joiner
                    origin += [NONE] * len(joiner)
                    if starts[-1] == len(out) - len(joiner):
                        starts[-1] = len(out)
            for ch, org in chars:
                out.append(ch)
                origin.append(org)
            prev = seg
    text = "".join(out).replace("\ufffe", "-")
    return text, starts, origin


def _height(seg: Segment) -> float:
    return max(seg.box[3] - seg.box[1], 1.0)


def _normalised(seg: Segment, page: int) -> list[tuple[str, Origin]]:
    chars: list[tuple[str, Origin]] = []
    for ch, index in seg.chars:
        if ch in "\u00a0\t":
            ch = " "
        elif ch in ("\u00ad", "\x02"):  # a soft hyphen; PDFium reports one it found at a line end as 0x02
            ch = "\ufffe"
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and ch != "\ufffe":
            continue
        for part in unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb06" else ch:
            chars.append((part, (page, index)))
    while chars and chars[0][0].isspace():
        chars.pop(0)
    while chars and chars[-1][0].isspace():
        chars.pop()
    return chars


def _page_segments(pdf, number: int) -> tuple[list[Segment], float]:
    import pypdfium2.raw as raw

    page = pdf[number]
    textpage = page.get_textpage()
    width = page.get_width()
    lines: list[Segment] = [Segment()]
    last_box = None
    for i in range(textpage.count_chars()):
        code = raw.FPDFText_GetUnicode(textpage.raw, i)
        ch = chr(code) if code else ""
        if ch == "\n":
            lines.append(Segment())
            last_box = None
            continue
        if ch in ("", "\r"):
            continue
        box = None if ch.isspace() else textpage.get_charbox(i, loose=True)
        if box is not None and last_box is not None:
            gap = box[0] - last_box[2]
            if gap > 1.5 * max(last_box[3] - last_box[1], 4.0) or box[2] < last_box[0] - 1:
                lines.append(Segment())  # a wide gap or a jump back: another column or cell
        lines[-1].add(ch, i, box)
        last_box = box if box is not None else last_box
    segs = [s for s in lines if s.text.strip()]
    return _reading_order(segs, width), width


def _reading_order(segs: list[Segment], width: float) -> list[Segment]:
    """Left column before right column when a vertical gutter runs between them."""
    if len(segs) < 6:
        return segs
    centre = width / 2
    gutter = None
    for dx in range(0, int(width * 0.2), 2):
        for x in (centre - dx, centre + dx):
            left = sum(s.box[2] <= x for s in segs)
            right = sum(s.box[0] >= x for s in segs)
            if left >= 3 and right >= 3 and left + right >= 0.7 * len(segs) and _prose(segs, x):
                gutter = x
                break
        if gutter is not None:
            break
    if gutter is None:
        return segs
    out: list[Segment] = []
    pending: list[Segment] = []
    for s in sorted(segs, key=lambda s: -s.box[3]):
        if s.box[0] < gutter < s.box[2]:  # full width: a title or a paragraph above or below the columns
            out += _columns(pending, gutter)
            pending = []
            out.append(s)
        else:
            pending.append(s)
    return out + _columns(pending, gutter)


def _prose(segs: list[Segment], gutter: float) -> bool:
    """Both sides hold lines of running text, not the cells of a table (labels and values)."""
    sides = ([s for s in segs if s.box[2] <= gutter], [s for s in segs if s.box[0] >= gutter])
    return all(sum(len(s.text) for s in side) / len(side) >= 20 for side in sides)


def _columns(segs: list[Segment], gutter: float) -> list[Segment]:
    return [s for s in segs if s.box[2] <= gutter] + [s for s in segs if s.box[2] > gutter]


def _drop_repeated(pages: list[list[Segment]]) -> None:
    """Remove running headers and footers: the top or bottom two lines of a page whose text (digits
    aside) recurs in those places on at least half of the pages (and on three or more)."""
    if len(pages) < 3:
        return

    def key(seg: Segment) -> str:
        return re.sub(r"\d+", "#", " ".join(seg.text.split()).lower())

    edges = []
    for segs in pages:
        by_height = sorted(segs, key=lambda s: -s.box[3])
        edges.append({id(s): s for s in by_height[:2] + by_height[-2:]})
    counts: dict[str, int] = {}
    for edge in edges:
        for k in {key(s) for s in edge.values()}:
            counts[k] = counts.get(k, 0) + 1
    repeated = {k for k, n in counts.items() if n >= max(3, len(pages) / 2)}
    for segs, edge in zip(pages, edges):
        segs[:] = [s for s in segs if not (id(s) in edge and key(s) in repeated)]
