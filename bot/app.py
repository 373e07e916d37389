"""The chat page. `create_app(bot)` builds the Gradio app; bot/server.py mounts
it at `/` next to the JSON API (`bot serve`). Only this module and that mount
import gradio."""

import logging
from pathlib import Path

import gradio as gr

from bot import render
from bot.chain import Bot
from bot.config import Settings
from bot.errors import BotError
from bot.followup import standalone

log = logging.getLogger(__name__)
EXAMPLES = [
    "Where does Abbas Gallyamov live now?",
    "Which hard-line advisers is Putin increasingly relying on?",
    "When was the NATO-Russia Council founded?",
    "What is the capital of Australia?",
]


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(_text(c) for c in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def corpus_documents(bot: Bot) -> dict[str, Path]:
    """Indexed sources that are regular files inside the corpus folder (no escapes, no symlinks out)."""
    root = bot.settings.corpus.resolve()
    allowed = {}
    for source in sorted(bot.index.chunk_ids_by_source()):
        path = bot.settings.source_path(source)
        if path.is_file() and path.resolve().is_relative_to(root):
            allowed[source] = path.resolve()
    return allowed


def read_document(bot: Bot, name: str | None) -> str:
    if not name:
        return ""
    if name not in corpus_documents(bot):
        return '<div class="no-sources">That is not a document of this corpus.</div>'
    try:
        return render.document_html(bot.show(name))
    except BotError as exc:
        return f'<div class="no-sources">{render.md_escape(str(exc))}</div>'


def summary(bot: Bot) -> str:
    return (f"## Ask the documents\n{len(corpus_documents(bot))} files · {bot.index.count()} passages · last indexed "
            f"{bot.index.last_indexed()} · every sentence cites its source; click a [n] to see the passage.")  # fmt: skip


def upload(bot: Bot, paths: list[str] | None, progress) -> str:
    """The Documents tab's upload: each file added (or refused with its reason), as one message."""
    from pathlib import Path

    if not paths:
        return "Choose one or more files first (.pdf .docx .html .htm .txt .md)."
    try:
        report = bot.add([(Path(p).name, p) for p in paths], progress=lambda f, text: progress(f, desc=text))
    except BotError as exc:
        return f"⚠️ {render.md_escape(str(exc))}"
    lines = [f"Added {report.files} file(s), {report.chunks} passages."]
    lines += [f"- ⚠️ {render.md_escape(reason)}" for reason in report.skipped]
    return "\n".join(lines)


def create_app(bot: Bot) -> gr.Blocks:
    def read(source: str) -> str:
        try:
            return bot.show(source)
        except BotError:  # its text is gone (removed meanwhile): the quote alone is still shown
            return ""

    def pictures(c):
        from bot.pageview import page_images

        try:
            return page_images(bot.settings, c)
        except BotError:
            return []

    def respond(message, history):
        previous = [_text(m["content"]) for m in history if m.get("role") == "user"]
        turn = len(previous) + 1
        try:
            query = standalone(_text(message), previous)
            answer = None
            for part in bot.stream(_text(message), search_query=query):
                if isinstance(part, str):  # a model is writing: show its draft as it grows
                    yield render.md_escape(part), "<i>checking every sentence against its source…</i>", ""
                else:
                    answer = part
        except BotError as exc:
            yield f"⚠️ {render.md_escape(str(exc))}", "", ""
            return
        searched = f"Searched for: *{render.md_escape(answer.search_query)}*"
        if bot.model is None:
            words = render.answer_plain(answer).split(" ")
            for i in range(4, len(words), 4):  # stream a few words at a time
                yield " ".join(words[:i]), "", searched
        yield render.answer_markdown(answer, turn), render.sources_html(answer, turn, read, pictures), searched

    docs = list(corpus_documents(bot))
    with gr.Blocks(title="Ask the documents") as demo:
        head = gr.Markdown(summary(bot), elem_id="summary")
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    searched = gr.Markdown(elem_id="searched", render=False)
                    sources = gr.HTML(elem_id="sources", render=False)
                    gr.ChatInterface(
                        fn=respond,
                        chatbot=gr.Chatbot(elem_id="chat", height=520, label="Answers"),
                        textbox=gr.Textbox(placeholder="Ask a question about the documents…", elem_id="question"),
                        examples=EXAMPLES,
                        run_examples_on_click=True,
                        additional_outputs=[sources, searched],
                        api_name="respond",
                        concurrency_limit=2,
                    )
                with gr.Column(scale=2):
                    gr.Markdown("### Sources of this answer")
                    searched.render()
                    sources.render()
        with gr.Tab("Documents"):
            files = gr.File(file_count="multiple", file_types=[".pdf", ".docx", ".html", ".htm", ".txt", ".md"],
                            type="filepath", label="Add documents (drop several files here)", elem_id="upload")  # fmt: skip
            add = gr.Button("Add to the corpus", variant="primary", elem_id="add-docs")
            status = gr.Markdown(elem_id="upload-status")
            listed = gr.State(docs)
            pick = gr.Dropdown(choices=docs, label="Open a document of the corpus", elem_id="doc-pick")
            viewer = gr.HTML(elem_id="doc-view")
            pick.change(lambda name: read_document(bot, name), pick, viewer, api_name="document")

            def refreshed(message: str):
                now = list(corpus_documents(bot))
                return message, now, gr.update(choices=now, value=None), summary(bot), None

            def added(paths, progress=gr.Progress()):  # noqa: B008 - the way Gradio passes a progress bar
                return refreshed(upload(bot, paths, progress))

            outputs = [status, listed, pick, head, files]
            add.click(added, files, outputs, api_name="upload", concurrency_limit=1)

            @gr.render(inputs=listed)
            def document_list(sources: list[str]):
                gr.Markdown(f"**{len(sources)} documents in the corpus**")
                for source in sources:
                    with gr.Row(elem_classes="doc-row"):
                        gr.Markdown(render.md_escape(source))
                        remove = gr.Button("Remove", size="sm", scale=0, elem_classes="remove-doc", key=f"rm-{source}")

                    def removed(source=source):
                        try:
                            chunks = bot.remove(source)
                        except BotError as exc:
                            return refreshed(f"⚠️ {render.md_escape(str(exc))}")
                        return refreshed(f"Removed {render.md_escape(source)} ({chunks} passages).")

                    remove.click(removed, None, outputs, concurrency_limit=1)

    return demo


def serve(settings: Settings, block: bool = True, bot: Bot | None = None):
    """`bot serve` (kept here for callers of bot.app.serve): see bot.server.serve."""
    from bot.server import serve as _serve

    return _serve(settings, block=block, bot=bot)
