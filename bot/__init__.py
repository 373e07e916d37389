"""Answers questions from a folder of documents, citing the exact passage for every sentence."""

from bot.config import Settings
from bot.errors import BotError
from bot.types import Answer, Chunk, Citation, Passage

__all__ = ["Answer", "BotError", "Chunk", "Citation", "Passage", "Settings", "build_chain"]


def build_chain(settings: Settings | None = None):
    from bot.chain import build_chain as _build

    return _build(settings or Settings())
