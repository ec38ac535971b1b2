"""The researcher server (`python -m search serve`): the built site, the search page and the JSON API."""
