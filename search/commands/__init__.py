"""One module per `python -m search` command; each only wires pipeline functions together."""
