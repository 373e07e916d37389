"""Request and response bodies of the JSON API (bot/http.py). The chat shapes
are OpenAI's; the extension fields on the assistant message (``citations``,
``refused``, ``search_query``, ``note``) carry what the bot adds."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str = "text"
    text: str = ""


class Message(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(p.text for p in self.content if p.type == "text")
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="ignore")
    include_usage: bool = False


class ChatRequest(BaseModel):
    """OpenAI's chat-completions request; sampling fields (temperature, ...) are accepted and ignored:
    the answer is chosen from the documents, not sampled."""

    model_config = ConfigDict(extra="ignore")
    model: str | None = Field(None, description="Any name; the answer names the answerer that was used.")
    messages: list[Message] = Field(min_length=1, max_length=200)
    stream: bool = False
    stream_options: StreamOptions | None = None

    @field_validator("messages")
    @classmethod
    def _ends_with_a_question(cls, messages: list[Message]) -> list[Message]:
        if messages[-1].role != "user":
            raise ValueError("the last message must be the user's question (role 'user')")
        return messages

    def turns(self) -> tuple[str, list[str]]:
        """(the question, the user's earlier questions), as the chat page sees a conversation."""
        users = [m.text() for m in self.messages if m.role == "user"]
        return users[-1], users[:-1]


class CitationOut(BaseModel):
    id: int = Field(description="The n of the [n] marker in the answer text.")
    source: str = Field(description="File of the corpus, as listed by GET /v1/documents.")
    start: int = Field(description="Character offset of the quote in the file's text.")
    end: int = Field(description="text[start:end] == quote.")
    line: int = Field(description="1-based line of start.")
    quote: str
    page: int | None = Field(None, description="Page of the quote, for paged formats (PDF), from 1.")
    page_end: int | None = Field(None, description="Last page of a quote that runs onto a later page.")
    section: str | None = Field(None, description="Section heading of the quote, where the format has them.")


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="The answer; every sentence ends with its [n] markers.")
    citations: list[CitationOut] = Field(default_factory=list, description="Extension: what each [n] quotes.")
    refused: bool = Field(False, description="Extension: true when the documents do not answer the question.")
    search_query: str = Field("", description="Extension: the standalone question searched for (follow-ups).")
    note: str = Field("", description="Extension: a corrected premise or why the bot refused.")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "bot"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class RetrieveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1)
    k: int | None = Field(None, ge=1, le=50, description="Passages to return (default BOT_K).")
    source: str | None = Field(None, description="Only passages of this file (a source of GET /v1/documents).")


class PassageOut(BaseModel):
    source: str
    start: int
    end: int
    line: int
    text: str = Field(description="The chunk; the file's text[start:end].")
    score: float = Field(description="Fused reciprocal-rank score; higher is better.")
    rank: int


class RetrieveResponse(BaseModel):
    query: str
    passages: list[PassageOut]


class DocumentOut(BaseModel):
    source: str
    chunks: int


class DocumentList(BaseModel):
    data: list[DocumentOut]


class Uploaded(BaseModel):
    added: list[str] = Field(description="Sources of the documents added, as GET /v1/documents lists them.")
    chunks: int = Field(description="Passages embedded.")
    skipped: list[str] = Field(description="Files not added, each with its reason.")


class Removed(BaseModel):
    source: str
    chunks: int = Field(description="Passages deleted with it.")


class Health(BaseModel):
    status: Literal["ok", "error"]
    index_loaded: bool
    documents: int
    chunks: int
    version: str
    model: str
