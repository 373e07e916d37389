"""`bot serve`: one uvicorn server on one port. The JSON API (bot/http.py)
answers as soon as the index is open; the Gradio page is built in a background
thread (importing gradio alone takes ~2.5 s) and mounted at `/` when ready,
with Gradio's startup run on the server's own event loop. Until then `/`
answers 404 and the API already answers."""

import asyncio
import contextlib
import logging
import threading
import time

from bot.config import Settings
from bot.http import check_binding, create_api

log = logging.getLogger(__name__)


class Running:
    """A server started with block=False (tests): its url, and close()."""

    def __init__(self, server, thread, url: str):
        self.server, self.thread, self.url = server, thread, url

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _mount_page(api, bot, settings: Settings, loop, stack: contextlib.AsyncExitStack, ready: threading.Event):
    try:
        import gradio as gr

        from bot import render
        from bot.app import create_app

        secret = settings.password or settings.api_key  # no open page next to a guarded API
        demo = create_app(bot)
        demo.queue(default_concurrency_limit=2, max_size=256)
        demo.state_session_capacity = settings.sessions  # Gradio's 10,000 grew RSS by ~58 MB per 1,000 questions
        gr.mount_gradio_app(api, demo, path="/", auth=("bot", secret.get_secret_value()) if secret else None,
                            show_error=False, css=render.CSS, head=render.HEAD,
                            max_file_size=int(settings.max_file_mb * 2**20))  # fmt: skip
        asyncio.run_coroutine_threadsafe(_start_page(api.routes[-1].app, stack), loop).result(timeout=60)
        ready.set()
    except Exception:  # noqa: BLE001 - the API keeps serving; the reason is logged
        log.exception("the chat page could not start; the API at /v1 still answers")


async def _start_page(page_app, stack: contextlib.AsyncExitStack) -> None:
    """What mount_gradio_app's lifespan does at startup, for a page mounted after it."""
    await stack.enter_async_context(page_app.router.lifespan_context(page_app))
    page_app.get_blocks().run_startup_events()
    await page_app.get_blocks().run_extra_startup_events()


def serve(settings: Settings, block: bool = True, bot=None):
    """Serve the API and the page; refuses a non-loopback address without BOT_API_KEY or BOT_PASSWORD.
    block=False returns a Running server once both answer (tests)."""
    import uvicorn

    from bot.chain import build_chain

    check_binding(settings)
    bot = bot or build_chain(settings)
    page_ready = threading.Event()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async with contextlib.AsyncExitStack() as stack:
            args = (app, bot, settings, asyncio.get_running_loop(), stack, page_ready)
            threading.Thread(target=_mount_page, args=args, daemon=True).start()
            yield

    config = uvicorn.Config(create_api(bot, lifespan=lifespan), host=settings.host, port=settings.port,
                            log_level="warning", timeout_keep_alive=30)  # fmt: skip
    server = uvicorn.Server(config)
    if block:
        log.warning("serving http://%s:%s/ (API: /v1, docs: /docs)", settings.host, settings.port)
        server.run()
        return None
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(1200):
        if server.started and page_ready.is_set():
            break
        time.sleep(0.05)
    return Running(server, thread, f"http://{settings.host}:{settings.port}/")
