"""Where things live on the site: one home for URL rules shared by the index, the site pages and the server.

URLs are root-relative: the site is served at "/" (by `python -m search serve` or any static host).
"""

from pathlib import PurePosixPath

CASES_PATH = "praktijkvoorbeelden"


def case_url(slug: str, anchor: str = "") -> str:
    return f"/{CASES_PATH}/{slug}/" + (f"#{anchor}" if anchor else "")


def page_url(relative_markdown_path: str, anchor: str = "") -> str:
    """URL of a hand-written page docs/<path>.md, as mkdocs builds it with directory URLs."""
    path = PurePosixPath(relative_markdown_path).with_suffix("")
    if path.name == "index":
        path = path.parent
    url = "/" if str(path) in ("", ".") else f"/{path}/"
    return url + (f"#{anchor}" if anchor else "")
