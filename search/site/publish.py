"""Where the built site will live: SITE_URL (its public address, possibly a sub-path) and SEARCH_URL (the
researcher search, which only exists where `python -m search serve` runs).

mkdocs already writes relative links between pages; what depends on the address is the sitemap, the
canonical links, the 404 page (which mkdocs links from the site root) and the page addresses in the data
downloads. Without SITE_URL the local default in mkdocs.yml stays. Without SEARCH_URL every link to the
researcher search is left out, so a static host never links to a page it does not have.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .static_search import DEFAULT_ENGINE, mkdocs_plugins

SITE_URL_VARIABLE = "SITE_URL"
SEARCH_URL_VARIABLE = "SEARCH_URL"
# How hand-written pages link to the researcher search; the build points it at SEARCH_URL or drops it.
SEARCH_LINK = "/zoeken/"
SEARCH_NAV_TITLE = "Zoeken voor onderzoekers"
# A Markdown link to the researcher search, with an optional query or anchor after the path.
_SEARCH_LINK = re.compile(r"\]\(" + re.escape(SEARCH_LINK) + r"([^)\s]*)\)")


class AddressError(ValueError):
    """SITE_URL or SEARCH_URL is not an address the site can use; the message says what to write."""


def site_url_from(value: str | None, default: str) -> str:
    """The site's address with a trailing slash: `value` when given (SITE_URL), else the default."""
    value = (value or "").strip()
    if not value:
        return default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise AddressError(
            f"{SITE_URL_VARIABLE}='{value}' is geen volledig webadres. Schrijf het zo: "
            f"{SITE_URL_VARIABLE}=https://voorbeeld.github.io/kennisbank/ (met http:// of https://)."
        )
    return value if value.endswith("/") else value + "/"


def search_url_from(value: str | None, site_url: str) -> str | None:
    """The researcher search's address (SEARCH_URL), or None when there is none.

    An absolute http(s) address works anywhere. A path from the root ('/zoeken/') is for a site that
    `python -m search serve` serves at the root of the same host (what `make serve` does)."""
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if not parts.scheme and not parts.netloc and value.startswith("/"):
        if urlsplit(site_url).path not in ("", "/"):
            raise AddressError(
                f"{SEARCH_URL_VARIABLE}='{value}' is een pad zonder host, maar de site staat niet in de root "
                f"({site_url}). Geef een volledig adres, bijvoorbeeld {SEARCH_URL_VARIABLE}=https://server.example/zoeken/."
            )
        return value
    raise AddressError(
        f"{SEARCH_URL_VARIABLE}='{value}' is geen bruikbaar adres. Schrijf een volledig adres "
        f"(https://server.example/zoeken/) of, als de site en de zoekserver samen draaien, /zoeken/."
    )


def addresses(site_url: str | None, search_url: str | None, default_site_url: str) -> tuple[str, str | None]:
    """SITE_URL (else the default) and SEARCH_URL (else none), checked; raises AddressError."""
    site = site_url_from(site_url, default_site_url)
    return site, search_url_from(search_url, site)


def from_environment(environ=None) -> tuple[str | None, str | None]:
    """SITE_URL and SEARCH_URL as set in the environment (CI sets SITE_URL from the Pages address)."""
    environ = os.environ if environ is None else environ
    return environ.get(SITE_URL_VARIABLE) or None, environ.get(SEARCH_URL_VARIABLE) or None


def read_config(text: str) -> dict:
    """mkdocs.yml as plain data (it uses no custom YAML tags)."""
    return yaml.safe_load(text) or {}


def staged_config(text: str, site_url: str, search_url: str | None, search_engine: str = DEFAULT_ENGINE) -> str:
    """mkdocs.yml for one build: the site's address, the plugins of the site's own search engine, and the
    menu item for the researcher search only when there is one (mkdocs.yml itself has no such item)."""
    data = read_config(text)
    data["site_url"] = site_url
    data["plugins"] = mkdocs_plugins(list(data.get("plugins") or []), search_engine)
    if search_url:
        data["nav"] = list(data.get("nav") or []) + [{SEARCH_NAV_TITLE: search_url}]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def researcher_search_links(markdown: str, search_url: str | None) -> str:
    """A hand-written page with its links to the researcher search pointed at SEARCH_URL, or, without
    one, with each line that holds such a link left out (so put such a link in a list item of its own)."""
    if SEARCH_LINK not in markdown:
        return markdown
    if search_url:
        return _SEARCH_LINK.sub(lambda m: f"]({search_url}{m.group(1)})", markdown)
    return "\n".join(line for line in markdown.split("\n") if not _SEARCH_LINK.search(line))


def default_site_url(config_text: str) -> str:
    """site_url in mkdocs.yml: the local address `python -m search serve` uses."""
    value = read_config(config_text).get("site_url") or "/"
    return value if value.endswith("/") else value + "/"


def stage(
    root: Path,
    config_name: str,
    config_text: str,
    site_url: str,
    search_url: str | None,
    search_engine: str = DEFAULT_ENGINE,
) -> None:
    """Prepare a staging copy (root/config_name and root/docs/) for one build at these addresses."""
    (root / config_name).write_text(staged_config(config_text, site_url, search_url, search_engine), encoding="utf-8")
    for page in (root / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        changed = researcher_search_links(text, search_url)
        if changed != text:
            page.write_text(changed, encoding="utf-8")
