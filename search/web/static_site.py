"""Serve the built static site (mkdocs `site/`) safely: no path leaves the site folder, right MIME types.

Directories answer with their index.html (after a redirect that adds the trailing slash, so the
relative links of mkdocs pages keep working); unknown paths get the site's own 404.html.
"""

import mimetypes
from pathlib import Path

from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response

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


class StaticSite:
    """The built site under one root folder."""

    def __init__(self, root: Path):
        self.path = Path(root).absolute()  # site/ is a symlink that each rebuild points at a new generation
        self._manifest = (None, None)  # (generation folder and manifest stat, its headers)

    @property
    def root(self) -> Path:
        """The generation the site path points at now: resolved once per request, never cached."""
        return self.path.resolve()

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

    def response(self, url_path: str, query_string: str = "", head: bool = False) -> Response:
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
        return self._file(target, 200, root)

    def not_found(self, root: Path | None = None) -> Response:
        root = root or self.root
        page = root / "404.html"
        if page.is_file():
            return self._file(page, 404, root)
        return HTMLResponse(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Niet gevonden"
            "</title></head><body><main><h1>Deze pagina bestaat niet</h1><p><a href=\"/\">Naar "
            "de startpagina</a></p></main></body></html>",
            status_code=404,
        )

    def _file(self, path: Path, status: int, root: Path) -> Response:
        kind = media_type(path)
        headers = dict(self.headers_for(path, root) or {})
        if kind.startswith("text/html") and CSP not in headers:  # a site built without the manifest
            headers[CSP] = csp_for_file(path)
        # FileResponse streams the file; its ETag/Last-Modified let browsers revalidate cheaply.
        return FileResponse(path, status_code=status, media_type=kind, headers=headers)
