"""What the page shows for a PDF citation: the cited page rendered as an image, with the quote
highlighted by the PDF's own character boxes. Returned as a ``data:`` URI, so the page needs no
file route; nothing here imports gradio."""

import base64
import functools
import io

from bot.config import Settings
from bot.docstore import DocStore
from bot.extract import digest, pdf
from bot.types import Citation

SCALE = 1.3  # 72 dpi * 1.3: an A4 page is 774 x 1095 pixels


@functools.lru_cache(maxsize=8)
def _layout(path: str, mtime: float) -> tuple[bytes, str, list]:
    with open(path, "rb") as f:
        data = f.read()
    _, _, origin = pdf.read(data, path)
    return data, digest(data), origin


def page_images(settings: Settings, c: Citation) -> list[tuple[int, str]]:
    """(page, data URI) for each page the quote is on; [] when the citation is not on a PDF page
    or the file has changed since it was indexed (then its offsets would not match)."""
    if not c.page:
        return []
    path = settings.source_path(c.source)
    doc = DocStore.of(settings).document(c.source)
    if doc is None or doc.kind != "pdf" or not path.is_file():
        return []
    data, found, origin = _layout(str(path), path.stat().st_mtime)
    if found != doc.hash:
        return []
    out = []
    for page in range(c.page, (c.page_end or c.page) + 1):
        image = highlight(data, page, origin[c.start : c.end], SCALE)
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True)
        out.append((page, "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()))
    return out


def highlight(data: bytes, page: int, origins: list[pdf.Origin], scale: float = 1.5):
    """Page `page` (1-based) rendered as a PIL image, with the characters at `origins` (from read())
    marked by their boxes, merged into one rectangle per line."""
    from PIL import Image, ImageDraw

    doc = pdf.open_pdf(data, "document")
    try:
        pg = doc[page - 1]
        height = pg.get_height()
        textpage = pg.get_textpage()
        boxes = [textpage.get_charbox(i, loose=True) for p, i in origins if p == page - 1]
        image = pg.render(scale=scale).to_pil().convert("RGBA")
    finally:
        doc.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for x0, y0, x1, y1 in _merge(boxes):
        draw.rectangle([x0 * scale, (height - y1) * scale, x1 * scale, (height - y0) * scale], fill=(255, 214, 0, 110),
                       outline=(230, 140, 0, 255))  # fmt: skip
    return Image.alpha_composite(image, overlay).convert("RGB")


def _merge(boxes: list) -> list[tuple[float, float, float, float]]:
    """Character boxes merged into one rectangle per line."""
    rows: list[list[float]] = []
    for x0, y0, x1, y1 in boxes:
        row = next((r for r in rows if abs(r[1] - y0) < 0.5 * (y1 - y0) and x0 - r[2] < 3 * (y1 - y0)), None)
        if row is None:
            rows.append([x0, y0, x1, y1])
        else:
            row[0], row[1], row[2], row[3] = min(row[0], x0), min(row[1], y0), max(row[2], x1), max(row[3], y1)
    return [tuple(r) for r in rows]
