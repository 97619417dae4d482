"""The studio's web side: Starlette routes over ``Studio``, run by uvicorn on 127.0.0.1.

Why Starlette and uvicorn: both are small, pure Python, well kept (Encode), and ASGI
makes the live preview plain: a build finishing in a worker thread wakes the pages'
server-sent-event streams at once, with no thread held per open page, and uvicorn stops
cleanly from a test or on Ctrl+C. The page is static HTML, CSS and JavaScript of our own
in ``static/`` (no build step, no CDN: it works offline).

Every request passes ``Guard`` first: the Host header must be this server's own address
(a DNS-rebinding page cannot reach it under another name), and every request that
changes something needs the per-server token the page carries (another site the user
visits cannot post to it, and cannot read the token: it is in the page, not a cookie).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from importlib import resources
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Route

from ..resources import data_dir
from .studio import MAX_UPLOAD, IssueState, Refused, Studio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_JSON = 3 * 1024 * 1024  # a content file (2 MB) in JSON, with room for escapes
TOKEN_HEADER = "x-bulletin-token"
STATIC = {  # name → media type: the only files /static/ serves
    "studio.css": "text/css; charset=utf-8",
    "common.js": "text/javascript; charset=utf-8",
    "list.js": "text/javascript; charset=utf-8",
    "edit.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
UI_FONTS = {"ui-regular.ttf": "NotoSansSC-Regular.ttf", "ui-bold.ttf": "NotoSansSC-Bold.ttf"}
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' blob: data:; "
     b"style-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class Guard:
    """Host check, token check and security headers around the whole app."""

    def __init__(self, app: Callable, token: str, port: int) -> None:
        self.app = app
        self.token = token.encode()
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        headers = scope["headers"]
        hosts = [v.decode("latin-1") for k, v in headers if k == b"host"]
        if len(hosts) != 1 or hosts[0].lower() not in self.hosts:
            await _refuse(scope, receive, send, 421, "这个地址不能访问工作室")
            return
        if scope["method"] not in ("GET", "HEAD"):
            token = next((v for k, v in headers if k == TOKEN_HEADER.encode()), b"")
            origin = next((v.decode("latin-1") for k, v in headers if k == b"origin"), None)
            if not hmac.compare_digest(token, self.token):
                await _refuse(scope, receive, send, 403, "缺少工作室的通行码：请重新打开页面")
                return
            if origin is not None and origin.lower() not in self.origins:
                await _refuse(scope, receive, send, 403, "别的网站不能修改工作室的文件")
                return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, secured)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    response = PlainTextResponse(text, status, headers={"cache-control": "no-store"})
    await response(scope, receive, send)


def make_app(studio: Studio, port: int, stopping: Callable[[], bool]) -> Guard:
    """The studio's routes, guarded, for a server on 127.0.0.1:``port``."""

    def page(name: str) -> Response:
        text = (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")
        text = text.replace("{{token}}", html.escape(studio.token))
        text = text.replace("{{folder}}", html.escape(studio.root.name or str(studio.root)))
        return Response(text, media_type="text/html; charset=utf-8",
                        headers={"cache-control": "no-store"})

    async def home(request: Request) -> Response:
        return page("list.html")

    async def edit(request: Request) -> Response:
        try:
            studio.issue_file(request.query_params.get("f", ""))
        except Refused:
            return RedirectResponse("/", 303)
        return page("edit.html")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name in UI_FONTS:
            return FileResponse(data_dir("fonts") / UI_FONTS[name], media_type="font/ttf",
                                headers={"cache-control": "max-age=86400"})
        if name not in STATIC:
            return PlainTextResponse("没有这个文件", 404)
        data = (resources.files(__package__) / "static" / name).read_bytes()
        return Response(data, media_type=STATIC[name], headers={"cache-control": "no-cache"})

    def issue(request: Request) -> IssueState:
        return studio.issue(request.query_params.get("f", ""))

    async def issues(request: Request) -> Response:
        found, layouts = await run_in_threadpool(studio.files)
        return _json({"folder": studio.root.name, "issues": found,
                      "layouts": [studio.rel(p) for p in layouts]})

    async def new(request: Request) -> Response:
        body = await _read_json(request)
        rel = await run_in_threadpool(studio.new_issue, str(body.get("name", "")))
        return _json({"f": rel})

    async def open_issue(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        text, sha = await run_in_threadpool(studio.read_text, state)
        await run_in_threadpool(studio.watch, state)
        choices = await run_in_threadpool(studio.layout_choices, state.path)
        return _json({"f": state.rel, "name": state.path.name, "text": text, "sha": sha,
                      "layouts": choices, "state": state.snapshot()})

    async def save(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        body = await _read_json(request)
        text, base = body.get("text"), body.get("base")
        if not isinstance(text, str) or not (base is None or isinstance(base, str)):
            raise Refused("保存的内容不对", 400)
        sha = await run_in_threadpool(studio.save, state, text, base)
        return _json({"sha": sha, "state": state.snapshot()})

    async def state_of(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        await run_in_threadpool(studio.watch, state)
        return _json(state.snapshot())

    async def events(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        loop = asyncio.get_running_loop()

        async def stream() -> AsyncIterator[str]:
            event = asyncio.Event()
            with state.lock:
                state.waiters.append((loop, event))
            try:
                last, quiet = None, 0.0
                yield "retry: 1000\n\n"
                while not stopping():
                    event.clear()
                    studio.watch(state)
                    snapshot = state.snapshot()
                    if snapshot["version"] != last:
                        last, quiet = snapshot["version"], 0.0
                        yield f"data: {json.dumps(snapshot, ensure_ascii=False)}\n\n"
                    try:
                        await asyncio.wait_for(event.wait(), 1.0)
                    except asyncio.TimeoutError:
                        quiet += 1.0
                        if quiet >= 15:  # a comment now and then keeps proxies from closing it
                            quiet = 0.0
                            yield ": ping\n\n"
            finally:
                with state.lock, contextlib.suppress(ValueError):
                    state.waiters.remove((loop, event))

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"cache-control": "no-store"})

    async def preview(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        good = state.good
        try:
            number = int(request.query_params.get("n", ""))
        except ValueError:
            number = 0
        if good is None or not 1 <= number <= len(good.pages):
            return PlainTextResponse("没有这一页", 404)
        png = await run_in_threadpool(good.pages[number - 1].png)
        return Response(png, media_type="image/png",
                        headers={"cache-control": "private, max-age=3600"})

    async def upload(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_UPLOAD):
            raise Refused(f"照片太大了（最多 {MAX_UPLOAD // 1024 // 1024} MB）", 413)
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_UPLOAD:  # no Content-Length, or a false one: counted as it comes
                raise Refused(f"照片太大了（最多 {MAX_UPLOAD // 1024 // 1024} MB）", 413)
            chunks.append(chunk)
        name = request.query_params.get("name", "")
        path = await run_in_threadpool(studio.add_photo, state, name, iter(chunks))
        return _json({"path": path})

    async def export(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        body = await _read_json(request)
        files = await run_in_threadpool(studio.export, state, str(body.get("kind", "")))
        return _json({"files": files})

    async def download(request: Request) -> Response:
        state = await run_in_threadpool(issue, request)
        path = await run_in_threadpool(studio.download, state,
                                       request.query_params.get("name", ""))
        kind = "application/pdf" if path.suffix == ".pdf" else "image/png"
        return FileResponse(path, media_type=kind, filename=path.name,
                            headers={"cache-control": "no-store"})

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refused)
        return _json({"error": exc.message}, exc.status)

    routes = [
        Route("/", home), Route("/edit", edit), Route("/static/{name}", static),
        Route("/api/issues", issues), Route("/api/new", new, methods=["POST"]),
        Route("/api/issue", open_issue), Route("/api/save", save, methods=["POST"]),
        Route("/api/state", state_of), Route("/api/events", events),
        Route("/api/page", preview), Route("/api/upload", upload, methods=["POST"]),
        Route("/api/export", export, methods=["POST"]), Route("/api/file", download),
    ]
    app = Starlette(routes=routes, exception_handlers={Refused: refused})
    return Guard(app, studio.token, port)


def _json(data: object, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status, headers={"cache-control": "no-store"})


async def _read_json(request: Request) -> dict:
    """A JSON object body, read no further than ``MAX_JSON``."""
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_JSON:
            raise Refused("内容太长了", 413)
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        raise Refused("请求的格式不对", 400) from None
    if not isinstance(body, dict):
        raise Refused("请求的格式不对", 400)
    return body


class _Uvicorn(uvicorn.Server):
    """uvicorn's server that tells the studio when it starts to stop, so the pages'
    event streams end at once and the stop does not wait for them."""

    def __init__(self, config: uvicorn.Config, studio: Studio) -> None:
        super().__init__(config)
        self.studio = studio

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.studio.closing = True
        await super().shutdown(sockets)


class StudioServer:
    """A studio on 127.0.0.1: bound at once (so the port is known), served by ``run``
    (in the foreground, Ctrl+C stops it) or ``start`` (a thread, ``stop`` ends it)."""

    def __init__(self, studio: Studio, port: int = 0) -> None:
        self.studio = studio
        self.socket = _bind(port)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        app = make_app(studio, self.port, lambda: studio.closing)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=2, server_header=False)
        self.server = _Uvicorn(config, studio)
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.studio.closing = True
            self.socket.close()

    def start(self, timeout: float = 10) -> StudioServer:
        self._thread = threading.Thread(target=self.run, daemon=True, name="studio")
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                self.stop()
                raise RuntimeError("the studio did not start")
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 10) -> bool:
        """Stop serving; whether the server's thread has ended within ``timeout``."""
        self.studio.closing = True
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True


def _bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only: the studio is for this computer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if os.name != "nt":  # on Windows this option would let another program share it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock
