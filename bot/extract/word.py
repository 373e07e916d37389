"""Word (.docx) with python-docx: paragraphs and table rows in body order, one paragraph each,
headings (styles "Heading n" and "Title") as section names. The zip is checked first: it must be
a Word document, expand to a sane size, and declare no XML entities (billion-laughs bombs)."""

import io
import zipfile

from bot.errors import ExtractError
from bot.extract.plain import join_paragraphs

MAX_EXPANDED = 200 * 2**20  # bytes all parts may expand to
MAX_RATIO = 200  # a part compressed better than this is a bomb, not a document


def check_zip(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractError(f"{name} is not a Word document: the file is damaged or not a .docx ({exc})") from exc
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ExtractError(f"{name} is a zip archive but not a Word document (no word/document.xml)")
    total = sum(i.file_size for i in infos)
    if total > MAX_EXPANDED or any(i.file_size > 2**20 and i.file_size > MAX_RATIO * max(i.compress_size, 1)
                                   for i in infos):  # fmt: skip
        raise ExtractError(f"{name} expands to {total / 2**20:,.0f} MB when unpacked: refused as a zip bomb")
    with archive:
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    head = part.read(MAX_EXPANDED)
                if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                    raise ExtractError(f"{name} declares XML entities in {info.filename}: refused as unsafe")


def extract(data: bytes, name: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    import docx
    from docx.table import Table

    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, bool]] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                    if cells:
                        blocks.append((" | ".join(cells), False))
                continue
            style = (item.style.name if item.style is not None else "") or ""
            blocks.append((item.text.strip(), style.startswith("Heading") or style == "Title"))
    except ExtractError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many kinds on damaged files
        raise ExtractError(f"{name} cannot be read as a Word document ({exc.__class__.__name__})") from exc
    return join_paragraphs(blocks)
