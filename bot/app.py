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


def read_document(bot: Bot, name: str) -> str:
    path = corpus_documents(bot).get(name or "")
    if path is None:
        return '<div class="no-sources">That is not a document of this corpus.</div>'
    return render.document_html(path.read_text(encoding="utf-8"))


def create_app(bot: Bot) -> gr.Blocks:
    def read(source: str) -> str:
        return bot.settings.source_path(source).read_text(encoding="utf-8")

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
        yield render.answer_markdown(answer, turn), render.sources_html(answer, turn, read), searched

    docs = list(corpus_documents(bot))
    summary = (f"{len(docs)} files · {bot.index.count()} passages · last indexed {bot.index.last_indexed()} · "
               "every sentence cites its source; click a [n] to see the passage.")  # fmt: skip
    with gr.Blocks(title="Ask the documents") as demo:
        gr.Markdown(f"## Ask the documents\n{summary}", elem_id="summary")
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
            pick = gr.Dropdown(choices=docs, label="Open a document of the corpus", elem_id="doc-pick")
            viewer = gr.HTML(elem_id="doc-view")
            pick.change(lambda name: read_document(bot, name), pick, viewer, api_name="document")
    return demo


def serve(settings: Settings, block: bool = True, bot: Bot | None = None):
    """`bot serve` (kept here for callers of bot.app.serve): see bot.server.serve."""
    from bot.server import serve as _serve

    return _serve(settings, block=block, bot=bot)
