"""Dutch stemming that really works in the site's search box (Material for MkDocs + lunr).

Material appends a `*` to every search word, and lunr skips stemming for words with a wildcard, so with
a stemmed index "gesprekken*" never meets the indexed stem "gesprek". We ship Material's own Dutch lunr
plugin with a few lines appended that stem such a word before the wildcard. The file replaces the theme's
copy (files in docs/ win over theme files); without it the site still builds and searches, only less well.
"""

from pathlib import Path

import material

ASSET = "assets/javascripts/lunr/min/lunr.nl.min.js"  # where Material's search worker loads it from
OWNED_FOLDER = "assets/javascripts/lunr"  # generated; git-ignored

QUERY_STEMMING = """
/* Kennisbank Cliëntondersteuning: stem a search word before Material's trailing wildcard (see
   search/site_search.py), so "gesprekken" also finds "gesprek" and "wijkteams" finds "wijkteam". */
(function (lunr) {
  "use strict";
  if (!lunr || !lunr.nl || !lunr.QueryParser || lunr.QueryParser.kbStemmed) return;
  var parseTerm = lunr.QueryParser.parseTerm;
  lunr.QueryParser.parseTerm = function (parser) {
    var lexeme = parser.peekLexeme();
    if (lexeme && /^[^*]+\\*$/.test(lexeme.str)) {
      var word = lexeme.str.slice(0, -1).toLowerCase();
      var token = lunr.nl.trimmer(new lunr.Token(word, {}));
      if (token && lunr.nl.stopWordFilter(token)) {
        var stem = lunr.nl.stemmer(token);
        if (stem && String(stem)) lexeme.str = String(stem) + "*";
      }
    }
    return parseTerm(parser);
  };
  lunr.QueryParser.kbStemmed = true;
})(typeof self !== "undefined" ? self.lunr : undefined);
"""


def material_asset(relative: str) -> Path:
    return Path(material.__file__).resolve().parent / "templates" / relative


def dutch_search_plugin() -> str | None:
    """Material's lunr.nl plugin plus query stemming; None when this Material has no such file."""
    original = material_asset(ASSET)
    if not original.exists():
        return None
    return original.read_text(encoding="utf-8") + "\n" + QUERY_STEMMING
