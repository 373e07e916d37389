"""A minimal LangChain chat model over llama-cpp-python (optional extra `llm`)."""

from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class ChatLlamaCpp(BaseChatModel):
    model_path: str
    n_ctx: int = 4096
    max_tokens: int = 160
    temperature: float = 0.0
    n_threads: int = 2
    _llm: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    def _model(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                from bot.errors import ConfigError

                raise ConfigError("the llamacpp provider needs an extra: run `make llm`") from exc
            self._llm = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads, verbose=False)
        return self._llm

    def _messages(self, messages: list[BaseMessage]) -> list[dict]:
        return [{"role": ROLES.get(m.type, "user"), "content": m.content} for m in messages]

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        out = self._model().create_chat_completion(self._messages(messages), max_tokens=self.max_tokens,
                                                   temperature=self.temperature, stop=stop)  # fmt: skip
        return ChatResult(generations=[ChatGeneration(message=AIMessage(out["choices"][0]["message"]["content"]))])

    def _stream(self, messages, stop=None, run_manager=None, **kwargs) -> Iterator[ChatGenerationChunk]:
        for part in self._model().create_chat_completion(self._messages(messages), max_tokens=self.max_tokens,
                                                         temperature=self.temperature, stop=stop, stream=True):  # fmt: skip
            piece = part["choices"][0]["delta"].get("content") or ""
            if piece:
                yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
