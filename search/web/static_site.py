"""Serve the built static site (mkdocs `site/`) safely: no path leaves the site folder, right MIME types.

Directories answer with their index.html (after a redirect that adds the trailing slash, so the
relative links of mkdocs pages keep working); unknown paths get the site's own 404.html.

Small files are kept in memory with their headers, per generation and URL path, once the full path checks
have passed: a repeated request costs a dictionary look-up, and a browser that already has the file gets a
304 (ETag). The site path is resolved once per request, so the next request after a rebuild sees the new
generation; a generation is never changed after it is swapped in, and a site that is a plain folder (built
before generations) is checked against the file's stat on every hit.
"""

import hashlib
import mimetypes
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from .. import config
from ..generations import GENERATION_MARK
from ..site.page_security import CSP, read_manifest
from ..site.page_security import MANIFEST as MANIFEST_NAME
from .security import csp_for_file

# Types the Python default table lacks or gets wrong on some systems.
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}

NOT_BUILT_MESSAGE = (
    "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Site niet gebouwd"
    "</title></head><body><main><h1>De site is nog niet gebouwd</h1><p>Draai <code>make site"
    "</code> en laad deze pagina opnieuw. Zoeken kan al wel: <a href=\"/zoeken/\">naar de "
    "zoekpagina</a>.</p></main></body></html>"
)


def media_type(path: Path) -> str:
    known = _TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET)."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


@dataclass(frozen=True)
class CachedFile:
    """One built file in memory: its body and every header, ready to send."""

    path: str  # the resolved file, for the stat check of a plain site folder
    stamp: tuple  # (inode, mtime_ns, size) when it was read
    status: int
    body: bytes
    headers: list  # raw ASGI header pairs, content-length included
    not_modified: list  # the headers of a 304
    etag: str

    def unchanged(self) -> bool:
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size) == self.stamp

    def response(self, if_none_match: str | None = None) -> Response:
        if if_none_match and self.status == 200 and etag_matches(if_none_match, self.etag):
            return PreparedResponse(304, list(self.not_modified), b"")
        return PreparedResponse(self.status, list(self.headers), self.body)


class PreparedResponse(Response):
    """A response whose raw headers were made once, when the file was cached."""

    def __init__(self, status: int, raw_headers: list, body: bytes):
        self.status_code = status
        self.raw_headers = raw_headers
        self.body = body
        self.background = None


class FileCache:
    """Least recently used CachedFiles of one generation, at most `max_bytes` of bodies together."""

    ENTRY_OVERHEAD = 1024  # bytes counted per entry on top of its body, so many tiny files are bounded too

    def __init__(self, max_bytes: int):
        self.max_bytes = max(0, int(max_bytes))
        self.root = None
        self.used = 0
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, root: str, key: str) -> CachedFile | None:
        if root != self.root:
            return None
        entry = self._entries.get(key)  # a plain read: dict look-ups are atomic
        if entry is not None:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
        return entry

    def put(self, root: str, key: str, entry: CachedFile) -> None:
        cost = len(entry.body) + self.ENTRY_OVERHEAD
        if cost > self.max_bytes:
            return
        with self._lock:
            if root != self.root:  # a newer generation: the files of the old one are not asked for again
                self._entries.clear()
                self.root, self.used = root, 0
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= len(old.body) + self.ENTRY_OVERHEAD
            self._entries[key] = entry
            self.used += cost
            while self.used > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.used -= len(dropped.body) + self.ENTRY_OVERHEAD

    def forget(self, key: str) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.used -= len(old.body) + self.ENTRY_OVERHEAD


class StaticSite:
    """The built site under one root folder."""

    def __init__(
        self,
        root: Path,
        cache_bytes: int = config.WEB_STATIC_CACHE_BYTES,
        max_file_bytes: int = config.WEB_STATIC_CACHE_FILE_BYTES,
    ):
        self.path = Path(root).absolute()  # site/ is a symlink that each rebuild points at a new generation
        self._link = str(self.path)
        self._manifest = (None, None)  # (generation folder and manifest stat, its headers)
        self._files = FileCache(cache_bytes)
        self.max_file_bytes = max_file_bytes

    @property
    def root(self) -> Path:
        """The generation the site path points at now: resolved once per request, never cached."""
        return Path(os.path.realpath(self._link))

    def headers_for(self, path: Path, root: Path) -> dict | None:
        """The security headers the site build computed for this file (the manifest of its generation),
        read again only when the generation or the manifest changes; None when there is no manifest or
        it does not list the file."""
        try:
            stat = (root / MANIFEST_NAME).stat()
        except OSError:
            return None
        key = (root, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        if self._manifest[0] != key:
            self._manifest = (key, read_manifest(root) or {})
        return self._manifest[1].get(path.relative_to(root).as_posix())

    @property
    def built(self) -> bool:
        return (self.root / "index.html").is_file()

    def resolve(self, url_path: str, root: Path | None = None) -> Path | None:
        """The file or folder for a decoded URL path, or None when it is missing or outside the root.

        Refuses '..' segments, backslashes, NUL bytes and absolute paths outright, and then checks the
        fully resolved path (symlinks followed) is still inside the root.
        """
        if "\x00" in url_path or "\\" in url_path:
            return None
        parts = [part for part in url_path.split("/") if part not in ("", ".")]
        if any(part == ".." or ":" in part for part in parts):
            return None
        root = root or self.root
        try:
            candidate = root.joinpath(*parts).resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        if candidate != root and not candidate.is_relative_to(root):
            return None
        if not candidate.exists():
            return None
        return candidate

    def cached(self, url_path: str, if_none_match: str | None = None) -> Response | None:
        """The answer for a URL path from memory, or None when the file is not cached (then use `response`).
        Cheap enough for the event loop: at most one stat, and only for a site that is a plain folder."""
        return self._cached(os.path.realpath(self._link), url_path, if_none_match)

    def _cached(self, root: str, key: str, if_none_match: str | None = None) -> Response | None:
        entry = self._files.get(root, key)
        if entry is None:
            return None
        # A generation is never changed after its swap; a plain site folder can be, so check the file.
        if GENERATION_MARK not in os.path.basename(root) and not entry.unchanged():
            self._files.forget(key)
            return None
        return entry.response(if_none_match)

    def response(self, url_path: str, query_string: str = "", if_none_match: str | None = None) -> Response:
        root = self.root  # one generation for the whole request, even if a rebuild swaps meanwhile
        if not (root / "index.html").is_file():
            return HTMLResponse(NOT_BUILT_MESSAGE, status_code=503)
        target = self.resolve(url_path, root)
        if target is not None and target.is_dir():
            if url_path and not url_path.endswith("/"):
                # Built from the checked parts, so the target can never be another host ("//evil").
                relative = target.relative_to(root).as_posix()
                location = (
                    "/" + (relative + "/" if relative != "." else "") + (f"?{query_string}" if query_string else "")
                )
                return RedirectResponse(location, status_code=301)
            target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(root):
                target = None
        if target is None or not target.is_file():
            return self.not_found(root)
        return self._file(target, 200, root, url_path, if_none_match)

    def not_found(self, root: Path | None = None) -> Response:
        root = root or self.root
        known = self._cached(str(root), NOT_FOUND_KEY)
        if known is not None:
            return known
        page = root / "404.html"
        if page.is_file():
            return self._file(page, 404, root, NOT_FOUND_KEY)
        return HTMLResponse(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Niet gevonden"
            "</title></head><body><main><h1>Deze pagina bestaat niet</h1><p><a href=\"/\">Naar "
            "de startpagina</a></p></main></body></html>",
            status_code=404,
        )

    def _headers(self, path: Path, root: Path, kind: str) -> dict:
        headers = dict(self.headers_for(path, root) or {})
        if kind.startswith("text/html") and CSP not in headers:  # a site built without the manifest
            headers[CSP] = csp_for_file(path)
        return headers

    def _file(self, path: Path, status: int, root: Path, key: str, if_none_match: str | None = None) -> Response:
        kind = media_type(path)
        headers = self._headers(path, root, kind)
        try:
            stat = path.stat()
            if stat.st_size <= self.max_file_bytes:
                body = path.read_bytes()
                if len(body) == stat.st_size:  # else the file changed while we read it: stream it instead
                    entry = cached_file(str(path), stat, status, body, kind, headers)
                    self._files.put(str(root), key, entry)
                    return entry.response(if_none_match)
        except OSError:
            pass
        # A large file is streamed; FileResponse's ETag/Last-Modified let browsers revalidate cheaply.
        return FileResponse(path, status_code=status, media_type=kind, headers=headers)


NOT_FOUND_KEY = "\x00404"  # the cache key of the 404 page: no URL path can contain a NUL byte


def cached_file(path: str, stat: os.stat_result, status: int, body: bytes, kind: str, headers: dict) -> CachedFile:
    """A file read into memory with every header it is sent with; the ETag is a hash of the content, so a
    file that a rebuild left unchanged keeps its ETag."""
    etag = '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    modified = formatdate(stat.st_mtime, usegmt=True)
    extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    validators = [(b"etag", etag.encode("latin-1")), (b"last-modified", modified.encode("latin-1"))]
    raw = [
        (b"content-type", kind.encode("latin-1")),
        (b"content-length", str(len(body)).encode("latin-1")),
        *validators,
        *extra,
    ]
    return CachedFile(
        path=path,
        stamp=(stat.st_ino, stat.st_mtime_ns, stat.st_size),
        status=status,
        body=body,
        headers=raw,
        not_modified=validators + extra,
        etag=etag,
    )
