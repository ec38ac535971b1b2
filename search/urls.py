"""Where things live on the site: one home for URL rules shared by the index, the site pages and the server.

URLs are root-relative: the search server serves the site at "/". A static copy may live under a sub-path
(SITE_URL); the site's own pages link relatively, and the data downloads give full addresses (`base`).
"""

from pathlib import PurePosixPath

CASES_PATH = "praktijkvoorbeelden"


def case_url(slug: str, anchor: str = "", base: str = "/") -> str:
    """The case page's address: from the root, or from `base` (the site's address, ending in '/')."""
    return f"{base}{CASES_PATH}/{slug}/" + (f"#{anchor}" if anchor else "")


def page_url(relative_markdown_path: str, anchor: str = "") -> str:
    """URL of a hand-written page docs/<path>.md, as mkdocs builds it with directory URLs."""
    path = PurePosixPath(relative_markdown_path).with_suffix("")
    if path.name == "index":
        path = path.parent
    url = "/" if str(path) in ("", ".") else f"/{path}/"
    return url + (f"#{anchor}" if anchor else "")
