"""The open data as site files: the package (CSV tables, datapackage.json, zip) in one folder and the page
that explains it, both inside the generated folder (`build.generated_files` registers them)."""

from ..content.vocabulary import Vocabulary
from . import data_package, data_page
from .pages import GENERATED_FOLDER


def open_data_files(entries, vocabulary: Vocabulary, site_url: str = "/") -> tuple[dict, list]:
    """{path relative to docs/: text or bytes}, or the problems (in the changelog) that stop it."""
    data, problems = data_package.build_open_data(entries, vocabulary, site_url=site_url)
    if problems:
        return {}, problems
    folder = f"{GENERATED_FOLDER}/{data_package.FOLDER}"
    files = {f"{folder}/{name}": content for name, content in data.files.items()}
    files[f"{GENERATED_FOLDER}/{data_package.PAGE}"] = data_page.data_page(data, entries, vocabulary)
    return files, []
