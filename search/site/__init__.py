"""The static site: generated Markdown pages, downloads, the map, and the mkdocs build."""
