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
        image = pdf.highlight(data, page, origin[c.start : c.end], SCALE)
        buf = io.BytesIO()
        image.save(buf, "PNG", optimize=True)
        out.append((page, "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()))
    return out
