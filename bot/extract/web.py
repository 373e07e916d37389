"""A saved web page's main text, read with lxml's HTML parser. Scripts, styles, forms, navigation,
headers, footers and asides are dropped; `<main>`/`<article>` is preferred when present. Only text
comes out (never markup), one paragraph per block element, headings as section names."""

import re

from bot.errors import ExtractError
from bot.extract.plain import join_paragraphs

DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "nav", "header",
        "footer", "aside", "form", "button", "select", "textarea", "head", "title", "meta", "link")  # fmt: skip
BLOCK = {"p", "div", "section", "article", "main", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th",
         "dl", "dt", "dd", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "body"}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SPACE = re.compile(r"\s+")


def extract(data: bytes, name: str) -> tuple[str, list[int], list[tuple[int, str]]]:
    from lxml import etree, html

    try:
        parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"{name} cannot be read as HTML ({exc})") from exc
    for bad in root.iter(*DROP):
        if bad.getparent() is not None:
            bad.drop_tree()
    main = next(iter(root.xpath("//main | //article | //*[@role='main']")), None)
    blocks: list[tuple[str, bool]] = []  # (paragraph text, is a heading)
    _walk(main if main is not None else root, blocks, [])
    return join_paragraphs(blocks)


def _walk(el, blocks: list, buf: list[str]) -> None:
    """Depth first; a block element closes the paragraph being gathered before and after itself."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in BLOCK:
        _flush(blocks, buf, False)
    if el.text and tag not in ("br", "hr"):
        buf.append(el.text)
    for child in el:
        _walk(child, blocks, buf)
        if child.tail:
            buf.append(child.tail)
    if tag in BLOCK:
        _flush(blocks, buf, tag in HEADINGS)


def _flush(blocks: list, buf: list[str], heading: bool) -> None:
    para = SPACE.sub(" ", "".join(buf)).strip()
    buf.clear()
    if para:
        blocks.append((para, heading))
