"""Build the search index: `python build_index.py [--cases DIR] [--docs DIR] [--index DIR] [--incremental]`.

A thin entry point; the work is done by `search.commands.index` and `search.index`.
"""

import sys

from search.cli import main

if __name__ == "__main__":
    sys.exit(main(["index", *sys.argv[1:]]))
