"""Kennisbank Cliëntondersteuning: case loading, validation, search index, classifier and site pages."""
