"""`python -m search serve`: the built site, the researcher search page and the JSON API in one process."""

import socket
import sys
from pathlib import Path

from .. import config
from ..cli import UsageError

EPILOG = """\
Adressen:
  /                   de site (uit --site, gebouwd met `make site`)
  /zoeken/            zoeken voor onderzoekers, met filters en downloads
  /api/search         dezelfde zoekfunctie als JSON
  /api/openapi.json   beschrijving van de API

Voorbeeld:
  python -m search serve --port 8080
Stoppen: Ctrl-C."""


def add_arguments(parser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="adres om op te luisteren (standaard: 127.0.0.1, alleen deze computer)"
    )
    parser.add_argument("--port", type=int, default=8000, help="poort (standaard: 8000)")
    parser.add_argument(
        "--index",
        type=Path,
        default=config.INDEX_DIR,
        help=f"map met de zoekindex (standaard: {config.INDEX_DIR.relative_to(config.REPO_ROOT)})",
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=config.SITE_DIR,
        help=f"map met de gebouwde site (standaard: {config.SITE_DIR.relative_to(config.REPO_ROOT)})",
    )
    parser.add_argument(
        "--cache-size",
        type=int,
        default=config.WEB_RESULT_CACHE_SIZE,
        metavar="N",
        help=f"zoekresultaten die de server onthoudt; 0 = geen (standaard: {config.WEB_RESULT_CACHE_SIZE})",
    )


def _check_port_free(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(f"onbekend adres '{host}'. Gebruik bijvoorbeeld --host 127.0.0.1.") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            raise UsageError(
                f"poort {port} op {host} is al in gebruik. Stop het andere programma of kies "
                f"een andere poort, bijvoorbeeld --port {port + 1}."
            ) from None


def display_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/"


def run(args) -> int:
    if args.cache_size < 0:
        raise UsageError("--cache-size kan niet negatief zijn; gebruik 0 om het onthouden uit te zetten.")
    if not 1 <= args.port <= 65535:
        raise UsageError(f"poort {args.port} bestaat niet; kies een getal van 1 tot en met 65535.")
    _check_port_free(args.host, args.port)
    if not (args.site / "index.html").is_file():
        print(f"let op: geen gebouwde site in {args.site}; draai `make site`. Zoeken werkt wel.", file=sys.stderr)
    if not args.index.is_dir():
        print(f"let op: geen zoekindex in {args.index}; draai `make index`. De site werkt wel.", file=sys.stderr)

    import uvicorn

    from ..web.app import create_app

    app = create_app(index_dir=args.index, site_dir=args.site, cache_size=args.cache_size)
    server = uvicorn.Server(
        uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", access_log=False, server_header=False)
    )
    print(f"Kennisbank draait op {display_url(args.host, args.port)} — stop met Ctrl-C", flush=True)
    # uvicorn handles Ctrl-C itself: it stops taking requests, finishes running ones and returns.
    server.run()
    if not server.started:
        print("fout: de server kon niet starten (zie de melding hierboven).", file=sys.stderr)
        return 1
    print("Kennisbank gestopt.")
    return 0
