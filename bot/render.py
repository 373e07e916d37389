"""Answers as the chat page shows them. Every piece of document text is
escaped: a document holding <script> or markdown shows as text, never runs."""

import html
import re

from bot.types import Answer

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
CONTEXT = 240  # characters of the file shown around a quote


def md_escape(text: str) -> str:
    """Text that markdown renders literally: HTML escaped, markdown syntax backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def anchor(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def answer_markdown(answer: Answer, turn: int) -> str:
    """The chat message: each sentence escaped, each [n] a link to its source in the panel."""
    if answer.refused:
        return f"🚫 **Not in the documents.** {md_escape(answer.text)}"
    by_id = {c.id: c for c in answer.citations}
    parts = []
    for sentence, ids in answer.sentences:
        links = "".join(f'[\\[{n}\\]](#{anchor(turn, n)} "{by_id[n].where()}")' for n in ids if n in by_id)
        parts.append(f"{md_escape(sentence)} {links}")
    note = f"*{md_escape(answer.note)}*\n\n" if answer.note else ""
    removed = ""
    if answer.dropped:
        items = "".join(f"\n- ~~{md_escape(d['sentence'])}~~ — {md_escape(d['reason'])}" for d in answer.dropped)
        removed = f"\n\n<details><summary>{len(answer.dropped)} unsupported sentence(s) removed</summary>\n{items}\n</details>"
    return note + " ".join(parts) + removed


def answer_plain(answer: Answer) -> str:
    """What streams before the final message: the text with plain markers."""
    return md_escape(answer.text)


def sources_html(answer: Answer, turn: int, read, pictures=None) -> str:
    """The sources panel: only what this answer cites, each quote highlighted in its context. A refusal
    shows the closest passage it found, marked as not an answer. `pictures(citation)` gives
    (page, image URI) pairs: a PDF citation shows its page with the quote highlighted."""
    if answer.refused:
        closest = ""
        if answer.closest is not None:
            closest = _passage(answer.closest, read, "closest", "Closest, but not an answer:", True, pictures)
        return '<div class="no-sources">No sources: the documents do not answer this question.</div>' + closest
    items = [_passage(c, read, anchor(turn, c.id), f"[{c.id}]", False, pictures) for c in answer.citations]
    return '<div class="sources">' + "".join(items) + "</div>"


def _passage(c, read, id_: str, label: str, open_: bool = False, pictures=None) -> str:
    text = read(c.source)
    before = text[max(0, c.start - CONTEXT) : c.start]
    after = text[c.end : c.end + CONTEXT]
    images = "".join(
        f'<img class="page-image" src="{html.escape(uri)}" alt="{html.escape(c.source)}, page {page}, '
        f'the quote highlighted" title="page {page}">'
        for page, uri in (pictures(c) if pictures else [])
    )
    return (
        f'<details class="src" id="{id_}"{" open" if open_ else ""}><summary><b>{html.escape(label)}</b> '
        f"{html.escape(c.where())}</summary>"
        f'<div class="passage">…{html.escape(before)}<mark>{html.escape(c.quote)}</mark>'
        f"{html.escape(after)}…</div>{images}</details>"
    )


def document_html(text: str) -> str:
    return f'<pre class="doc">{html.escape(text)}</pre>'


CSS = """
.src { border: 1px solid var(--border-color-primary); border-radius: 6px; margin: 6px 0; padding: 4px 8px; }
.src.flash { outline: 3px solid #f5a623; }
.src summary { cursor: pointer; }
.passage { white-space: pre-wrap; font-size: 0.9em; margin-top: 6px; }
.passage mark { background: #ffe58a; color: #000; }
.no-sources { color: #a33; font-style: italic; }
.page-image { width: 100%; border: 1px solid var(--border-color-primary); margin-top: 6px; }
.doc-row { align-items: center; }
pre.doc { white-space: pre-wrap; max-height: 70vh; overflow-y: auto; }
#searched { font-size: 0.8em; opacity: 0.8; }
"""

# A click (or Enter) on an [n] link opens and highlights that source in the panel.
HEAD = """
<script>
document.addEventListener('click', function (e) {
  const a = e.target.closest && e.target.closest('a[href^="#src-"]');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  const el = document.getElementById(a.getAttribute('href').slice(1));
  if (!el) return;
  el.open = true;
  el.scrollIntoView({block: 'nearest'});
  el.classList.add('flash');
  setTimeout(() => el.classList.remove('flash'), 1500);
}, true);
</script>
"""
