"""The researcher server: the built site at /, the search page at /zoeken/, the JSON API at /api/search.

One process, read-only over the index. Searches run in worker threads with the engine's time limit,
so a slow query never blocks other visitors (a few plain words on a small index, about a millisecond of
work, are answered on the event loop: handing them to a thread would cost more than the search); the engine reopens the index after an atomic swap, and
recent result pages are kept in a small cache that a swap empties. At most a few uncached searches and
downloads run at once (Slots); a few more may wait a short while for a place, and beyond that a request
gets a 503 with Retry-After at once. Downloads are streamed, and capped in groups and rows.
"""

import asyncio
import logging
import threading
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from .. import config
from ..content.vocabulary import load_vocabulary
from . import export
from .cache import ResultCache, index_stamp
from .cases_api import CasesPage, CaseTable, OpenDataUnavailable, Page, PageSize
from .models import ApiError, SearchResponse, search_response
from .params import SearchRequest, search_parameters, validation_messages
from .render import PageRenderer
from .security import SECURITY_HEADERS, STRICT_CSP, SecurityHeadersMiddleware
from .static_site import StaticSite

log = logging.getLogger("search.web")

STATIC_DIR = Path(__file__).resolve().parent / "static"
INDEX_MISSING = "Zoekindex ontbreekt; draai `make index`."
SERVER_ERROR = "Er ging iets mis aan onze kant. Probeer het later nog eens."
BUSY = "Het is nu erg druk op de zoekfunctie. Probeer het over een paar seconden opnieuw."
STATUS_MESSAGES = {
    404: "Dit adres bestaat niet.",
    405: "Deze methode is hier niet toegestaan; gebruik GET.",
}


class IndexUnavailable(Exception):
    """The index is missing or cannot be opened; the visitor gets a 503 with what to do."""


class Busy(Exception):
    """Every slot for uncached work is taken; the visitor gets a 503 with Retry-After."""


class Slots:
    """At most `size` uncached searches and downloads at once. A request that finds every slot taken waits
    for one, in turn, but at most `wait` seconds and only while fewer than `waiting` others wait: a burst
    of ordinary searches (a few milliseconds each) is answered, while a pile-up of slow ones (each may take
    the whole time limit) gets a 503 with Retry-After instead of a long queue."""

    def __init__(self, size: int, waiting: int = config.WEB_MAX_WAITING_SEARCHES, wait: float = config.WEB_MAX_WAIT):
        self.size = max(1, int(size))
        self.semaphore = asyncio.Semaphore(self.size)
        self.max_waiting, self.wait = max(0, int(waiting)), wait
        self.waiting = 0

    async def enter(self) -> None:
        if not self.semaphore.locked():
            await self.semaphore.acquire()  # a free slot: returns at once
            return
        if self.waiting >= self.max_waiting:
            raise Busy()
        self.waiting += 1
        try:
            # wait_for, not asyncio.timeout: if the slot comes just as the time runs out, wait_for keeps it
            await asyncio.wait_for(self.semaphore.acquire(), self.wait)
        except TimeoutError:
            raise Busy() from None
        finally:
            self.waiting -= 1

    def leave(self) -> None:
        self.semaphore.release()


class Engines:
    """Opens the one SearchEngine of this app on first use, so the server starts even before `make index`."""

    def __init__(
        self,
        index_dir: Path,
        cache_size: int = config.WEB_RESULT_CACHE_SIZE,
        slots: int = config.WEB_MAX_CONCURRENT_SEARCHES,
        waiting: int = config.WEB_MAX_WAITING_SEARCHES,
    ):
        self.index_dir = Path(index_dir)
        self.cache = ResultCache(cache_size)
        self.slots = Slots(slots, waiting)
        self._engine = None
        self._lock = threading.Lock()

    def get(self):
        from ..engine.query import IndexMissing, SearchEngine  # late: keeps `serve --help` quick

        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    try:
                        self._engine = SearchEngine(self.index_dir)
                    except IndexMissing as error:
                        raise IndexUnavailable(str(error)) from None
        return self._engine

    def search(self, request: SearchRequest, *, page: int, page_size: int):
        from ..engine.query import IndexMissing

        engine = self.get()
        try:
            return engine.search(
                request.text,
                request.filters(),
                page=page,
                page_size=page_size,
                sort=request.sort,
                time_limit=config.WEB_QUERY_TIME_LIMIT,
            )
        except IndexMissing as error:
            raise IndexUnavailable(str(error)) from None

    def is_quick(self, request: SearchRequest) -> bool:
        """A few plain words, one ordinary page, a small index: answered on the event loop (see config)."""
        if request.pagina != 1 or request.per_pagina > config.WEB_DEFAULT_PAGE_SIZE or request.sort != "relevance":
            return False
        from ..engine.query import IndexMissing

        try:
            return self.get().is_quick(request.text, config.WEB_INLINE_MAX_WORDS, config.WEB_INLINE_MAX_SECTIONS)
        except IndexMissing:
            return False  # the worker thread's search says so, in the usual way

    def export(self, request: SearchRequest):
        """The first WEB_EXPORT_LIMIT groups of a result set, matched once; groups are made as they stream."""
        from ..engine.query import IndexMissing

        engine = self.get()
        try:
            return engine.export(
                request.text,
                request.filters(),
                sort=request.sort,
                limit=config.WEB_EXPORT_LIMIT,
                time_limit=config.WEB_QUERY_TIME_LIMIT,
            )
        except IndexMissing as error:
            raise IndexUnavailable(str(error)) from None

    async def answer(self, kind, request: SearchRequest, render):
        """The rendered answer (`render(results)`) for one page of results, from the cache when possible.

        A cached answer is returned straight from the event loop; only a new search goes to a worker
        thread, so popular questions stay fast while a slow one is being worked out.
        """
        stamp = index_stamp(self.index_dir)
        key = (kind, request)
        cached = self.cache.get(stamp, key)
        if cached is not None:
            return cached

        def work():
            results = self.search(request, page=request.pagina, page_size=request.per_pagina)
            return results.timed_out, render(results)

        if self.is_quick(request):
            timed_out, body = work()
            if not timed_out:
                self.cache.put(stamp, key, body)
            return body
        await self.slots.enter()
        try:
            timed_out, body = await run_in_threadpool(work)
        finally:
            self.slots.leave()
        if not timed_out:  # an incomplete answer is not worth keeping
            self.cache.put(stamp, key, body)
        return body


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.startswith("/zoeken/export")


class HeadAsGet:
    """Answer HEAD like GET on every page: HTTP expects it of GET resources, and link checkers use it.
    The ASGI server sends the headers only, because it still sees the original HEAD request."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "HEAD":
            scope = dict(scope, method="GET")
        await self.app(scope, receive, send)


def create_app(
    index_dir: Path = config.INDEX_DIR,
    site_dir: Path = config.SITE_DIR,
    cache_size: int = config.WEB_RESULT_CACHE_SIZE,
    max_concurrent: int = config.WEB_MAX_CONCURRENT_SEARCHES,
    max_waiting: int = config.WEB_MAX_WAITING_SEARCHES,
) -> FastAPI:
    vocabulary = load_vocabulary()
    site = StaticSite(site_dir)
    engines = Engines(index_dir, cache_size, max_concurrent, max_waiting)
    pages = PageRenderer(site_dir, vocabulary)
    read_parameters = search_parameters(vocabulary)
    Parameters = Annotated[SearchRequest, Depends(read_parameters)]

    app = FastAPI(
        title="Kennisbank Cliëntondersteuning — zoek-API",
        version="1",
        description="Zoeken in alle secties van de praktijkvoorbeelden en pagina's van de kennisbank. "
        "Alleen lezen. Dezelfde parameters als de zoekpagina /zoeken/.",
        docs_url=None,
        redoc_url=None,  # their pages load scripts from a CDN; the JSON description stays
        openapi_url="/api/openapi.json",
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadAsGet)
    app.state.engines = engines

    # --- errors: Dutch, never a traceback -------------------------------------------------------------
    @app.exception_handler(RequestValidationError)
    async def invalid_parameters(request: Request, error: RequestValidationError):
        messages = validation_messages(error.errors())
        if _wants_json(request):
            body = ApiError(fout="De zoekvraag klopt niet.", meldingen=messages)
            return JSONResponse(body.model_dump(), status_code=422)
        return HTMLResponse(pages.error("De zoekvraag klopt niet", [m["melding"] for m in messages]), status_code=422)

    @app.exception_handler(IndexUnavailable)
    async def index_unavailable(request: Request, error: IndexUnavailable):
        log.warning("zoekindex niet beschikbaar: %s", error)
        if _wants_json(request):
            return JSONResponse(ApiError(fout=INDEX_MISSING).model_dump(), status_code=503)
        return HTMLResponse(pages.error("Zoeken kan nu niet", [INDEX_MISSING]), status_code=503)

    @app.exception_handler(Busy)
    async def busy(request: Request, error: Busy):
        headers = {"retry-after": str(config.WEB_RETRY_AFTER)}
        if _wants_json(request):
            return JSONResponse(ApiError(fout=BUSY).model_dump(), status_code=503, headers=headers)
        return HTMLResponse(pages.error("Even geduld", [BUSY]), status_code=503, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        message = STATUS_MESSAGES.get(error.status_code, "Dit verzoek kunnen we niet uitvoeren.")
        headers = dict(error.headers or {})
        if _wants_json(request) or error.status_code != 404:
            return JSONResponse(ApiError(fout=message).model_dump(), status_code=error.status_code, headers=headers)
        return site.not_found()

    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception):
        # Runs in the outermost middleware, so the security headers are set here by hand.
        log.exception("onverwachte fout bij %s", request.url.path)
        headers = {**SECURITY_HEADERS, "content-security-policy": STRICT_CSP}
        if _wants_json(request):
            return JSONResponse(ApiError(fout=SERVER_ERROR).model_dump(), status_code=500, headers=headers)
        return HTMLResponse(pages.error("Er ging iets mis", [SERVER_ERROR]), status_code=500, headers=headers)

    error_responses = {
        422: {"model": ApiError, "description": "Een parameter klopt niet."},
        503: {
            "model": ApiError,
            "description": "De zoekindex ontbreekt, of het is te druk (dan met een Retry-After-header).",
        },
    }
    html_errors = {
        422: {"description": "Een parameter klopt niet (HTML-pagina).", "content": {"text/html": {}}},
        503: {
            "description": "De zoekindex ontbreekt, of het is te druk (HTML-pagina; Retry-After als het druk is).",
            "content": {"text/html": {}},
        },
    }

    # --- JSON API ---------------------------------------------------------------------------------------
    @app.get(
        "/api/search",
        response_model=SearchResponse,
        responses=error_responses,
        tags=["zoeken"],
        summary="Zoek in praktijkvoorbeelden en pagina's",
    )
    async def api_search(parameters: Parameters) -> Response:
        # Serialised once and cached as bytes; the response_model above documents the shape.
        body = await engines.answer("api", parameters, lambda results: search_response(results).model_dump_json())
        return Response(body, media_type="application/json")

    cases = CaseTable(site_dir)

    @app.get(
        "/api/cases",
        response_model=CasesPage,
        responses={
            422: error_responses[422],
            503: {"model": ApiError, "description": "De open data ontbreekt: de site is nog niet gebouwd."},
        },
        tags=["open data"],
        summary="Alle praktijkvoorbeelden, met dezelfde kolommen als cases.csv",
    )
    def api_cases(pagina: Page = 1, per_pagina: PageSize = config.WEB_DEFAULT_PAGE_SIZE):
        try:
            return cases.page(pagina, per_pagina)
        except OpenDataUnavailable as error:
            return JSONResponse(ApiError(fout=str(error)).model_dump(), status_code=503)

    # --- search page and downloads ----------------------------------------------------------------------
    @app.get("/zoeken", include_in_schema=False)
    def search_page_without_slash(request: Request):
        query = request.url.query
        return RedirectResponse("/zoeken/" + (f"?{query}" if query else ""), status_code=301)

    @app.get(
        "/zoeken/", response_class=HTMLResponse, responses=html_errors, tags=["pagina"], summary="Zoekpagina (HTML)"
    )
    async def search_page(parameters: Parameters) -> HTMLResponse:
        if not (parameters.text or parameters.has_filters):
            return HTMLResponse(pages.search(parameters, None))
        body = await engines.answer(
            ("page", pages.look_version()), parameters, lambda results: pages.search(parameters, results)
        )
        return HTMLResponse(body)

    async def streamed_export(request: Request, parameters: SearchRequest, kind: str, media_type: str, filename: str):
        """A download streamed as it is made, in a slot (Slots) that it holds until the last row is sent."""
        from ..engine.query import RowStream

        base_url = str(request.base_url)
        query = {key: value for key, value in vars(parameters).items() if key not in ("pagina", "per_pagina")}
        limits = {"groepen": config.WEB_EXPORT_LIMIT, "rijen": config.EXPORT_MAX_ROWS}
        await engines.slots.enter()

        async def body():
            try:
                ranking = await run_in_threadpool(engines.export, parameters)
                rows = RowStream(ranking.groups(), config.EXPORT_MAX_ROWS)
                if kind == "csv":
                    chunks = export.csv_chunks(rows, base_url)
                else:
                    chunks = export.json_chunks(
                        rows, base_url, query, ranking.total_groups, limits, lambda: ranking.cut or rows.cut
                    )
                async for chunk in iterate_in_threadpool(chunks):
                    yield chunk
            finally:
                engines.slots.leave()

        # Start the stream here: a missing index still becomes a 503, and once started, the generator gives its
        # slot back even when the visitor leaves before the first byte (its `finally` runs when it is closed).
        stream = body()
        first = await stream.__anext__()

        async def everything():
            yield first
            async for chunk in stream:
                yield chunk

        return StreamingResponse(
            everything(), media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'}
        )

    @app.get(
        "/zoeken/export.csv",
        response_class=Response,
        responses={
            200: {
                "content": {"text/csv": {}},
                "description": f"Alle resultaten als CSV, tot {config.WEB_EXPORT_LIMIT} praktijkvoorbeelden en "
                f"{config.EXPORT_MAX_ROWS} rijen.",
            },
            **error_responses,
        },
        tags=["download"],
        summary="Resultaten als CSV",
    )
    async def export_csv(request: Request, parameters: Parameters) -> Response:
        return await streamed_export(request, parameters, "csv", "text/csv; charset=utf-8", "zoekresultaten.csv")

    @app.get(
        "/zoeken/export.json",
        response_class=Response,
        responses={
            200: {
                "content": {"application/json": {}},
                "description": f"Alle resultaten als JSON, tot {config.WEB_EXPORT_LIMIT} praktijkvoorbeelden en "
                f"{config.EXPORT_MAX_ROWS} rijen; 'afgekapt' zegt of er meer waren.",
            },
            **error_responses,
        },
        tags=["download"],
        summary="Resultaten als JSON",
    )
    async def export_json(request: Request, parameters: Parameters) -> Response:
        return await streamed_export(request, parameters, "json", "application/json", "zoekresultaten.json")

    app.mount("/zoeken/static", StaticFiles(directory=STATIC_DIR), name="zoeken-static")

    # --- the built site, last: it answers every path nothing above claimed ---------------------------
    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def static_site(path: str, request: Request) -> Response:
        if path == "api" or path.startswith("api/"):
            raise StarletteHTTPException(404)  # an API client wants JSON, not the site's 404 page
        if_none_match = request.headers.get("if-none-match")
        # A file already in memory is answered from the event loop; anything that reads the disk goes to a thread.
        cached = site.cached(path, if_none_match)
        if cached is not None:
            return cached
        return await run_in_threadpool(site.response, path, request.url.query, if_none_match)

    return app
