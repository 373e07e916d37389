"""The JSON API on FastAPI: OpenAI-compatible chat completions with citations,
retrieval, documents, health. `serve(settings)` mounts the Gradio page at `/`
on the same app and port and runs it with uvicorn. No answering logic here:
every route calls the same `Bot` the CLI uses."""

import hmac
import ipaddress
import json
import re
import shutil
import tempfile
import threading
import time
import uuid
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot import schemas as s
from bot.chain import Bot, clean_question
from bot.config import Settings
from bot.errors import BotError, ConfigError, CorpusError, QuestionError
from bot.followup import standalone


class Gate:
    """At most `n` answers at once; the next one is refused at once (429), never queued."""

    def __init__(self, n: int):
        self.n, self.busy, self.lock = n, 0, threading.Lock()

    def __enter__(self):
        with self.lock:
            if self.busy >= self.n:
                raise HTTPException(429, f"busy: {self.n} answers in progress; retry in a second",
                                    headers={"Retry-After": "1"})  # fmt: skip
            self.busy += 1

    def __exit__(self, *exc):
        with self.lock:
            self.busy -= 1


def model_name(bot: Bot) -> str:
    return "bot-" + bot.settings.llm.rsplit("/", 1)[-1]


def create_api(bot: Bot, lifespan=None) -> FastAPI:
    settings = bot.settings
    app = FastAPI(title="bot", version=version("bot"), lifespan=lifespan,
                  description="Answers only from the indexed documents; every sentence cites its exact span.")  # fmt: skip
    key = settings.api_key or settings.password  # the page's password also guards the API: fail closed
    bearer = HTTPBearer(auto_error=False, description="BOT_API_KEY (or BOT_PASSWORD when no key is set)")
    gate = Gate(settings.api_concurrency)

    def authorized(cred: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if key is None:
            return
        given = (cred.credentials if cred else "").encode()
        if not hmac.compare_digest(given, key.get_secret_value().encode()):
            raise HTTPException(401, "missing or wrong API key: send Authorization: Bearer <BOT_API_KEY>",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip

    def question(text: str) -> str:
        try:
            return clean_question(text, settings)
        except QuestionError as exc:
            raise HTTPException(413 if len(text) > settings.max_question_chars else 400, str(exc)) from exc

    def answer(text: str, previous: list[str]):
        with gate:
            return bot.ask(text, search_query=standalone(text, previous))

    guarded = [Depends(authorized)]

    @app.post("/v1/chat/completions", response_model=s.ChatCompletion, dependencies=guarded,
              responses={200: {"content": {"text/event-stream": {}}, "description": "JSON, or SSE when stream"}})  # fmt: skip
    async def chat(req: s.ChatRequest):
        text, previous = req.turns()
        got = await run_in_threadpool(answer, question(text), [" ".join(p.split()) for p in previous])
        done = completion(got, model_name(bot))
        if not req.stream:
            return done
        include_usage = bool(req.stream_options and req.stream_options.include_usage)
        return StreamingResponse(sse(done, include_usage), media_type="text/event-stream")

    @app.get("/v1/models", response_model=s.ModelList, dependencies=guarded)
    def models():
        return s.ModelList(data=[s.ModelCard(id=model_name(bot))])

    @app.post("/v1/retrieve", response_model=s.RetrieveResponse, dependencies=guarded)
    def retrieve(req: s.RetrieveRequest):
        query = question(req.query)
        with gate:
            found = bot.retriever.passages(query, k=req.k, source=req.source)
        return s.RetrieveResponse(query=query, passages=[
            s.PassageOut(source=p.chunk.source, start=p.chunk.start, end=p.chunk.end, line=p.chunk.line,
                         text=p.chunk.text, score=p.score, rank=p.rank) for p in found])  # fmt: skip

    @app.get("/v1/documents", response_model=s.DocumentList, dependencies=guarded)
    def documents():
        by_source = bot.index.chunk_ids_by_source()
        return s.DocumentList(data=[s.DocumentOut(source=k, chunks=len(v)) for k, v in sorted(by_source.items())])

    @app.post("/v1/documents", response_model=s.Uploaded, status_code=201, dependencies=guarded)
    def upload(files: Annotated[list[UploadFile], File(description="PDF, Word, web page, text or Markdown files")]):
        """What the page's Documents tab does: each file is checked, then added (a bad one is skipped
        with its reason, a file over BOT_MAX_FILE_MB too); 400 when none could be added. One request
        carries at most BOT_MAX_UPLOAD_FILES files (413 beyond, or for a body too large for them)."""
        if len(files) > settings.max_upload_files:
            raise HTTPException(413, f"{len(files)} files in one upload; send at most {settings.max_upload_files} "
                                "at a time (BOT_MAX_UPLOAD_FILES)")  # fmt: skip
        with gate, tempfile.TemporaryDirectory(prefix="bot-upload-") as tmp:
            saved = []
            for i, f in enumerate(files):
                path = Path(tmp) / str(i)
                with path.open("wb") as out:
                    shutil.copyfileobj(f.file, out)
                saved.append((f.filename or "upload", path))
            report = bot.add(saved)
        if not report.sources:
            raise HTTPException(400, "; ".join(report.skipped) or "no file was added")
        return s.Uploaded(added=report.sources, chunks=report.chunks, skipped=report.skipped)

    @app.delete("/v1/documents/{source:path}", response_model=s.Removed, dependencies=guarded)
    def remove(source: str):
        """What the page's remove button does: the document's passages, stored text and file go."""
        try:
            return s.Removed(source=source, chunks=bot.remove(source))
        except CorpusError as exc:
            raise HTTPException(404, str(exc)) from exc

    @app.get("/health", response_model=s.Health)
    def health():
        try:
            chunks, docs = bot.index.count(), len(bot.index.chunk_ids_by_source())
        except BotError:
            return JSONResponse(s.Health(status="error", index_loaded=False, documents=0, chunks=0,
                                         version=version("bot"), model=model_name(bot)).model_dump(), 503)  # fmt: skip
        return s.Health(status="ok", index_loaded=True, documents=docs, chunks=chunks, version=version("bot"),
                        model=model_name(bot))  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        return error(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        errs = jsonable_encoder(exc.errors())
        where = ".".join(str(p) for p in errs[0]["loc"][1:]) if errs else ""
        return error(422, f"{where}: {errs[0]['msg']}" if errs else "invalid request", param=where, detail=errs)

    @app.exception_handler(BotError)
    async def bot_error(request: Request, exc: BotError):
        return error(400 if isinstance(exc, QuestionError) else 503, str(exc))

    app.add_middleware(BodyLimit, limit=settings.max_body_kb * 1024,
                       upload=settings.max_upload_files * (int(settings.max_file_mb * 2**20) + 2**16))  # fmt: skip
    return app


def error(status: int, message: str, param: str | None = None, headers=None, **extra) -> JSONResponse:
    kind = {401: "authentication_error", 429: "rate_limit_error"}.get(status, "invalid_request_error")
    body = {"error": {"message": message, "type": kind, "param": param, "code": status}, **extra}
    return JSONResponse(body, status, headers=headers)


def completion(answer, model: str) -> s.ChatCompletion:
    from bot.tokens import count

    cites = [s.CitationOut(**{f: getattr(c, f, None) for f in s.CitationOut.model_fields}) for c in answer.citations]
    message = s.AssistantMessage(content=answer.text, citations=cites, refused=answer.refused,
                                 search_query=answer.search_query, note=answer.note)  # fmt: skip
    asked, said = count(answer.question), count(answer.text)
    return s.ChatCompletion(id=f"chatcmpl-{uuid.uuid4().hex}", created=int(time.time()), model=model,
                            choices=[s.Choice(message=message)], usage=s.Usage(prompt_tokens=asked,
                            completion_tokens=said, total_tokens=asked + said))  # fmt: skip


def sse(done: s.ChatCompletion, include_usage: bool):
    """The finished, verified answer a few words per event; the last event before [DONE] carries the
    citations (and the usage when asked). Nothing unverified is ever sent."""
    msg = done.choices[0].message
    head = {"id": done.id, "object": "chat.completion.chunk", "created": done.created, "model": done.model}

    def event(delta: dict, finish=None, **extra) -> str:
        return f"data: {json.dumps({**head, 'choices': [{'index': 0, 'delta': delta, 'finish_reason': finish}], **extra})}\n\n"

    yield event({"role": "assistant", "content": ""})
    words = re.findall(r"\s*\S+", msg.content)
    for i in range(0, len(words), 4):
        yield event({"content": "".join(words[i : i + 4])})
    tail = msg.model_dump(exclude={"role", "content"})
    yield event(tail, "stop", **({"usage": done.usage.model_dump()} if include_usage else {}))
    yield "data: [DONE]\n\n"


class BodyLimit:
    """413 for a /v1 request body over `limit` bytes, declared or streamed; an upload
    (POST /v1/documents) may carry `upload` bytes: BOT_MAX_UPLOAD_FILES files of BOT_MAX_FILE_MB
    with their form; each file's own size is checked as the page checks it (bot.documents)."""

    def __init__(self, app, limit: int, upload: int):
        self.app, self.limit, self.upload = app, limit, upload

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            return await self.app(scope, receive, send)
        if scope["method"] == "POST" and scope["path"].rstrip("/") == "/v1/documents":
            limit, what = (
                self.upload,
                f"{self.upload / 2**20:.1f} MB of uploads (BOT_MAX_UPLOAD_FILES × BOT_MAX_FILE_MB)",
            )
        else:
            limit, what = self.limit, f"{self.limit // 1024} KiB (BOT_MAX_BODY_KB)"
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        too_big = error(413, f"request body over {what}")
        if not declared.isdigit() or int(declared) > limit:
            return await too_big(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise HTTPException(413, f"request body over {what}")
            return message

        await self.app(scope, limited, send)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def check_binding(settings: Settings) -> None:
    if not is_loopback(settings.host) and not settings.api_key and not settings.password:
        raise ConfigError(f"refusing to serve on {settings.host} with no access control: anyone who can reach "
                          "this machine could use the bot. Set BOT_API_KEY (API bearer key) and/or BOT_PASSWORD "
                          "(page login, also accepted as the API key), or bind 127.0.0.1")  # fmt: skip
