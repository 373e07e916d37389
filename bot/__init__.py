"""Answers questions from a folder of documents, citing the exact passage for every sentence.

    from bot import Bot
    bot = Bot.from_settings(corpus="my-docs/")
    answer = bot.ask("Who is Josef Kraus?")     # Answer: .text with [n] markers, .citations, .refused

Importing ``bot`` is light: ``Bot`` and the retriever load on first use, and the
web layers (gradio, fastapi) only when serving."""

from typing import TYPE_CHECKING

from bot.config import Settings
from bot.errors import BotError
from bot.types import Answer, Chunk, Citation, Document, Passage

if TYPE_CHECKING:
    from bot.chain import Bot
    from bot.retrieve import HybridRetriever

__all__ = [
    "Answer",
    "Bot",
    "BotError",
    "Chunk",
    "Citation",
    "Document",
    "HybridRetriever",
    "Passage",
    "Settings",
    "build_chain",
]


def build_chain(settings: Settings | None = None) -> "Bot":
    from bot.chain import build_chain as _build

    return _build(settings or Settings())


def __getattr__(name: str):
    if name == "Bot":
        from bot.chain import Bot

        return Bot
    if name == "HybridRetriever":
        from bot.retrieve import HybridRetriever

        return HybridRetriever
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
