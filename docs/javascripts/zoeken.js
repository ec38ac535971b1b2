/* Zoeken in de kennisbank: the static search on the page "Zoeken" (docs/doorzoeken.md), run in the browser
   with Pagefind (the index is built with the site; only the parts a query needs are fetched).

   Ranking, as the researcher search does it (search/engine): pages with all the words first; when they are
   few, pages with some of the words follow (most words first), so a place named in the query is never
   dropped; a case whose municipality or programme is named in the query comes first ("clientondersteuning
   zeist" puts Zeist on top); when nothing matches, a word with a typo at its end is shortened until it
   matches ("Dordrect" finds "Dordrecht"). Filters: role of MEE, province and year of the case pages. */
(function () {
  "use strict";

  var form = document.getElementById("kb-zoeken");
  if (!form) return;

  var PAGE_SIZE = 10;
  var ENOUGH = 3; // fewer pages with all the words than this: add pages with some of them
  var MIN_PREFIX = 4; // shortest prefix tried for a word with a typo
  var NAME_FILTER = "naam"; // hidden filter on case pages: the case's municipalities and programme
  var MIN_NAME_WORD = 3; // shorter words of a name ("'s", "T") need not be typed
  var FILTERS = [
    ["rol", "Rol van MEE"],
    ["provincie", "Provincie"],
    ["jaar", "Jaar"],
  ];
  var script = document.currentScript || document.querySelector('script[src*="javascripts/zoeken"]');
  var siteRoot = new URL("../", script.src); // also right when the site lives under a sub-path
  var input = document.getElementById("kb-zoekwoorden");
  var status = document.getElementById("kb-zoeken-status");
  var list = document.getElementById("kb-zoeken-resultaten");
  var more = document.getElementById("kb-zoeken-meer");
  var filterBox = document.getElementById("kb-zoeken-filters");
  var engine = null;
  var current = { results: [], shown: 0 };
  var searchNumber = 0;
  var timer = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        return module.options({ excerptLength: 24 }).then(function () {
          return module.init();
        }).then(function () {
          return module;
        });
      });
    }
    return engine;
  }

  function chosenFilters() {
    var chosen = {};
    FILTERS.forEach(function (filter) {
      var select = document.getElementById("kb-filter-" + filter[0]);
      if (select && select.value) chosen[filter[0]] = select.value;
    });
    return chosen;
  }

  function words(query) {
    return query.split(/\s+/).filter(Boolean);
  }

  // Lower case without accents, in words: "Cliëntondersteuning Zeist" -> ["clientondersteuning", "zeist"].
  function foldedWords(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  }

  // A name is named in the query when every word of it (of MIN_NAME_WORD letters or more) was typed.
  function isNamed(name, typed) {
    var nameWords = foldedWords(name).filter(function (w) { return w.length >= MIN_NAME_WORD; });
    return nameWords.length > 0 && nameWords.every(function (w) { return typed[w]; });
  }

  // The case pages named in the query first (in their order in the results, or added when missing), then
  // the rest: a place named in the query is what the visitor looks for.
  function namedFirst(pf, query, filters, results) {
    var typed = {};
    foldedWords(query).forEach(function (w) { typed[w] = true; });
    return pf.filters().then(function (available) {
      var names = Object.keys(available[NAME_FILTER] || {}).filter(function (name) { return isNamed(name, typed); });
      if (!names.length) return results;
      return Promise.all(names.map(function (name) {
        var only = Object.assign({}, filters);
        only[NAME_FILTER] = name;
        return pf.search(null, { filters: only });
      })).then(function (found) {
        var named = {};
        var missing = [];
        var listed = {};
        results.forEach(function (r) { listed[r.id] = true; });
        found.forEach(function (f) {
          f.results.forEach(function (r) {
            if (named[r.id]) return;
            named[r.id] = true;
            if (!listed[r.id]) missing.push(r);
          });
        });
        var front = results.filter(function (r) { return named[r.id]; });
        var rest = results.filter(function (r) { return !named[r.id]; });
        return front.concat(missing, rest);
      });
    });
  }

  function byScore(a, b) {
    return b.score - a.score;
  }

  // Pages with all the words, then (when few) pages with some of them: more words first, then score.
  function rankedResults(pf, query, filters) {
    var terms = words(query);
    return pf.search(query, { filters: filters }).then(function (all) {
      var results = all.results.slice().sort(byScore);
      if (results.length >= ENOUGH || terms.length < 2) return results;
      var seen = {};
      results.forEach(function (r) { seen[r.id] = true; });
      return Promise.all(terms.map(function (term) {
        return pf.search(term, { filters: filters });
      })).then(function (perTerm) {
        var partial = {};
        perTerm.forEach(function (found) {
          found.results.forEach(function (r) {
            if (seen[r.id]) return;
            var entry = partial[r.id] || (partial[r.id] = { result: r, words: 0, score: 0 });
            entry.words += 1;
            entry.score += r.score;
          });
        });
        var extra = Object.keys(partial).map(function (id) { return partial[id]; });
        extra.sort(function (a, b) { return b.words - a.words || b.score - a.score; });
        return results.concat(extra.map(function (e) { return e.result; }));
      });
    });
  }

  // Nothing found: shorten the longest word one letter at a time (a typo is often near the end).
  function shortenedSearch(pf, query, filters) {
    var terms = words(query);
    var longest = terms.reduce(function (a, b) { return b.length > a.length ? b : a; }, "");
    var attempts = [];
    for (var length = longest.length - 1; length >= Math.max(MIN_PREFIX, Math.ceil(longest.length * 0.6)); length--) {
      attempts.push(longest.slice(0, length));
    }
    function next(index) {
      if (index >= attempts.length) return Promise.resolve(null);
      var tried = terms.map(function (t) { return t === longest ? attempts[index] : t; }).join(" ");
      return rankedResults(pf, tried, filters).then(function (results) {
        return results.length ? { results: results, prefix: attempts[index], word: longest } : next(index + 1);
      });
    }
    return next(0);
  }

  // Pagefind's excerpt marks the matched words with <mark>; everything else is shown as plain text.
  function excerptNodes(excerpt) {
    var fragment = document.createDocumentFragment();
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>(.*)<\/mark>$/.exec(part);
      var text = (marked ? marked[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      if (marked) {
        var mark = document.createElement("mark");
        mark.textContent = text;
        fragment.appendChild(mark);
      } else if (text) {
        fragment.appendChild(document.createTextNode(text));
      }
    });
    return fragment;
  }

  function showMore() {
    var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    var number = searchNumber;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (number !== searchNumber) return;
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = (page.meta && page.meta.title) || page.url;
        var heading = document.createElement("p");
        heading.className = "kb-zoekresultaat__titel";
        heading.appendChild(link);
        var text = document.createElement("p");
        text.appendChild(excerptNodes(page.excerpt || ""));
        item.appendChild(heading);
        item.appendChild(text);
        list.appendChild(item);
      });
      current.shown += batch.length;
      more.hidden = current.shown >= current.results.length;
    });
  }

  function counted(count) {
    return count === 1 ? "1 resultaat" : count + " resultaten";
  }

  function search() {
    var query = input.value.trim();
    var number = ++searchNumber;
    var filters = chosenFilters();
    list.textContent = "";
    more.hidden = true;
    current = { results: [], shown: 0 };
    if (!query) {
      status.textContent = "";
      list.setAttribute("aria-busy", "false");
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    status.textContent = "Bezig met zoeken…";
    return pagefind().then(function (pf) {
      return rankedResults(pf, query, filters).then(function (results) {
        return namedFirst(pf, query, filters, results);
      }).then(function (results) {
        if (results.length) return { results: results };
        return shortenedSearch(pf, query, filters).then(function (found) {
          return found || { results: [] };
        });
      });
    }).then(function (found) {
      if (number !== searchNumber) return;
      current = { results: found.results, shown: 0 };
      if (!found.results.length) {
        status.textContent = "Geen resultaten voor “" + query + "”. Probeer een ander of korter woord.";
        return;
      }
      status.textContent = found.prefix
        ? "Geen resultaten voor “" + found.word + "”. " + counted(found.results.length) +
          " voor woorden die beginnen met “" + found.prefix + "”."
        : counted(found.results.length) + " voor “" + query + "”.";
      return showMore();
    }).catch(function () {
      if (number === searchNumber) status.textContent = "Zoeken lukt nu niet. Laad de pagina opnieuw.";
    }).then(function () {
      if (number === searchNumber) list.setAttribute("aria-busy", "false");
    });
  }

  function remember() {
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    FILTERS.forEach(function (filter) {
      var value = chosenFilters()[filter[0]];
      if (value) url.searchParams.set(filter[0], value);
      else url.searchParams.delete(filter[0]);
    });
    window.history.replaceState(null, "", url.href);
  }

  function buildFilters(pf, wanted) {
    return pf.filters().then(function (available) {
      FILTERS.forEach(function (filter) {
        var values = Object.keys(available[filter[0]] || {});
        if (!values.length) return;
        values.sort(new Intl.Collator("nl", { numeric: true }).compare);
        var id = "kb-filter-" + filter[0];
        var label = document.createElement("label");
        label.htmlFor = id;
        label.textContent = filter[1];
        var select = document.createElement("select");
        select.id = id;
        select.name = filter[0];
        select.appendChild(new Option("Alle", ""));
        values.forEach(function (value) {
          select.appendChild(new Option(value, value, false, value === wanted[filter[0]]));
        });
        select.addEventListener("change", function () {
          remember();
          search();
        });
        var wrapper = document.createElement("span");
        wrapper.className = "kb-zoeken__filter";
        wrapper.appendChild(label);
        wrapper.appendChild(select);
        filterBox.appendChild(wrapper);
      });
      filterBox.hidden = !filterBox.querySelector("select");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    remember();
    search();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      remember();
      search();
    }, 250);
  });
  more.addEventListener("click", function () {
    var first = current.shown;
    showMore().then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  var params = new URL(window.location.href).searchParams;
  input.value = params.get("q") || "";
  var wanted = {};
  FILTERS.forEach(function (filter) {
    if (params.get(filter[0])) wanted[filter[0]] = params.get(filter[0]);
  });
  pagefind().then(function (pf) {
    return buildFilters(pf, wanted);
  }).then(function () {
    if (input.value) search();
  }).catch(function () {
    status.textContent = "Zoeken lukt nu niet. Laad de pagina opnieuw.";
  });
})();
