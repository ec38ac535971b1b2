"""The look of the built site, read once at start-up, so the search page wears the same stylesheets.

Takes the stylesheet links, favicon, site name and Material colour attributes from the site's
index.html; without a built site it falls back to a glob for Material's CSS (or to our own CSS only).
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

DEFAULT_SITE_NAME = "Kennisbank Cliëntondersteuning"


@dataclass(frozen=True)
class Theme:
    site_name: str = DEFAULT_SITE_NAME
    stylesheets: tuple[str, ...] = ()  # root-relative URLs, in the site's order
    favicon: str | None = None
    body_attributes: dict = field(default_factory=dict)  # data-md-color-* of the site's <body>


def _local(href: str) -> str | None:
    """A root-relative URL for a link in site/index.html, or None for anything on another host."""
    url = urljoin("/", href)
    return url if url.startswith("/") and not url.startswith("//") else None


def load_theme(site_dir: Path) -> Theme:
    site_dir = Path(site_dir)
    index = site_dir / "index.html"
    if not index.is_file():
        fallback = sorted(site_dir.glob("assets/stylesheets/main.*.min.css"))
        fallback += sorted(site_dir.glob("assets/stylesheets/palette.*.min.css"))
        fallback += sorted(site_dir.glob("stylesheets/*.css"))
        return Theme(stylesheets=tuple("/" + p.relative_to(site_dir).as_posix() for p in fallback))
    soup = BeautifulSoup(index.read_text(encoding="utf-8", errors="replace"), "html.parser")
    stylesheets = []
    for link in soup.find_all("link", rel="stylesheet"):
        url = _local(link.get("href", ""))
        if url and url not in stylesheets:
            stylesheets.append(url)
    icon = soup.find("link", rel="icon")
    favicon = _local(icon.get("href", "")) if icon else None
    name_tag = soup.select_one(".md-header__topic .md-ellipsis")
    site_name = " ".join(name_tag.get_text().split()) if name_tag else DEFAULT_SITE_NAME
    body = soup.find("body")
    attributes = {
        key: value
        for key, value in (body.attrs.items() if body else [])
        if key.startswith("data-md-color-") and isinstance(value, str)
    }
    return Theme(
        site_name=site_name or DEFAULT_SITE_NAME,
        stylesheets=tuple(stylesheets),
        favicon=favicon,
        body_attributes=attributes,
    )
