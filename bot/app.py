"""The chat page. `create_app(bot)` builds the Gradio app; `serve(settings)`
launches it (`bot serve`). Only this module imports gradio."""

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


class Running:
    """A server started with block=False (tests): its url, and close()."""

    def __init__(self, server, thread, url: str):
        self.server, self.thread, self.url = server, thread, url

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve(settings: Settings, block: bool = True, bot: Bot | None = None):
    """One server, one port: the JSON API (bot/http.py) with this page mounted at `/`, run by uvicorn.
    Refuses a non-loopback address without BOT_API_KEY or BOT_PASSWORD."""
    import threading
    import time

    import uvicorn

    from bot.chain import build_chain
    from bot.http import check_binding, create_api

    check_binding(settings)
    bot = bot or build_chain(settings)
    secret = settings.password or settings.api_key  # no open page next to a guarded API
    demo = create_app(bot)
    demo.queue(default_concurrency_limit=2, max_size=256)
    demo.state_session_capacity = settings.sessions  # Gradio's default of 10,000 grew RSS by ~58 MB per 1,000 questions
    app = gr.mount_gradio_app(
        create_api(bot), demo, path="/", auth=("bot", secret.get_secret_value()) if secret else None,
        show_error=False, css=render.CSS, head=render.HEAD,
    )  # fmt: skip
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", timeout_keep_alive=30)
    server = uvicorn.Server(config)
    if block:
        log.warning("serving http://%s:%s/ (API: /v1, docs: /docs)", settings.host, settings.port)
        server.run()
        return None
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    return Running(server, thread, f"http://{settings.host}:{settings.port}/")
