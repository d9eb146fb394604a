// attach-gen search: matches as you type, with no server. The index is loaded by a <script>
// (search-index.js sets window.ATTACH_GEN_SEARCH) so this also works from file://.
(function () {
  "use strict";
  var index = window.ATTACH_GEN_SEARCH;
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !input || !status || !list) return;

  // Lowercase, without diacritics: "Whānau" → "whanau". The Latin letters NFD leaves whole
  // are spelt as the index's keywords spell them (attach-gen romanises Latin letters with
  // deunicode: "Straße" → "strasse", "søvn" → "sovn"); other scripts keep their letters, but
  // Greek's final sigma is one with σ (lowercasing "ΟΔΟΣ" gives ς, a keyword's σ).
  var LATIN = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ς": "σ" };
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[ßæœøđðþłıς]/g, function (c) { return LATIN[c]; });
  }
  // Words in any script: a run of letters, marks (Devanagari's vowel signs) and digits.
  // Scripts written without spaces between words: a run of them is one "word" (睡眠与情绪), so
  // a term in them matches anywhere inside a word, not only at its start. Made with RegExp, not
  // written as literals: a browser without Unicode property escapes (before Firefox 78, Safari
  // 11.1) would refuse the whole script; there search keeps to ASCII words.
  var NOT_WORD, UNSPACED;
  try {
    NOT_WORD = new RegExp("[^\\p{L}\\p{M}\\p{N}]+", "u");
    UNSPACED = new RegExp("[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\p{Script=Lao}\\p{Script=Khmer}\\p{Script=Myanmar}\\p{Script=Tibetan}]", "u");
  } catch (e) {
    NOT_WORD = /[^a-z0-9]+/;
    UNSPACED = /(?!)/;
  }
  function words(text) {
    return fold(text).split(NOT_WORD).filter(Boolean);
  }
  // The search page sits at search/index.html, one folder below the site root.
  // On a site with several languages, each language's index says where the root is
  // (mi/search/ is two folders down) and gives the page's words in its language.
  var root = index.root || "../";
  var theme = index.words || {};
  function word(key, english) {
    return theme[key] || english;
  }
  // A word this language lacks is shown in another; the index says which (WCAG 3.1.2).
  var wordLangs = index.wl || {};
  var pageLang = document.documentElement.lang;
  // `el`'s text is in `lang`; inside `outer` (a result in another language) it says so.
  function markLang(el, lang, outer) {
    if (lang !== (outer || pageLang)) el.lang = lang;
    else el.removeAttribute("lang");
  }
  function setLang(el, key, outer) {
    markLang(el, wordLangs[key] || pageLang, outer);
  }
  // A text with language spans (a title's `th`, a category's `nh`, a snippet's `sh`): its
  // text, and each span's words in a span with that lang (WCAG 3.1.2). Only text and `lang`
  // are taken from it, never markup or other attributes.
  function textInto(el, text, html) {
    if (!html || !window.DOMParser) {
      el.textContent = text;
      return;
    }
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    parsed.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.lang) {
        var span = document.createElement("span");
        span.lang = node.lang;
        span.textContent = node.textContent;
        el.appendChild(span);
      } else {
        el.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  var pages = index.pages.map(function (p) {
    return {
      page: p,
      title: words(p.t),
      categories: words(p.c.map(function (c) { return index.categories[c].n; }).join(" ")),
      snippet: words(p.s),
      // Latin keywords are folded already; those of other scripts keep their letters.
      keywords: /[^\x00-\x7f]/.test(p.k) ? words(p.k) : p.k.split(" "),
      note: words(p.n || "")
    };
  });

  function matches(fieldWords, term, anywhere) {
    for (var i = 0; i < fieldWords.length; i++) {
      if (anywhere ? fieldWords[i].indexOf(term) !== -1 : fieldWords[i].lastIndexOf(term, 0) === 0) return true;
    }
    return false;
  }

  // Every term must match a word (by prefix; in an unspaced script, anywhere in it) somewhere;
  // title matches rank highest.
  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var anywhere = terms.map(function (t) { return UNSPACED.test(t); });
    var results = [];
    pages.forEach(function (entry, order) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i], a = anywhere[i], best = 0;
        if (matches(entry.title, t, a)) best = 10;
        else if (matches(entry.categories, t, a)) best = 5;
        else if (matches(entry.snippet, t, a)) best = 3;
        else if (matches(entry.keywords, t, a) || matches(entry.note, t, a)) best = 1;
        if (!best) return;
        score += best;
      }
      results.push({ entry: entry, score: score, order: order });
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results;
  }

  // The page's own title ("Search · Site"). A search puts its words and count before it: a
  // screen reader reads the title when the page opens from the header's box (search/?q=whanau),
  // and does not announce a live region filled while the page loads.
  var pageTitle = document.title;
  function setTitle(query, count, key) {
    var words = query.trim();
    if (!words) document.title = pageTitle;
    else if (!count) document.title = word(key, "No resources match") + " “" + words + "” · " + pageTitle;
    else document.title = "“" + words + "”: " + count + " " +
      word(key, key === "search_one_match" ? "resource matches" : "resources match") + " · " + pageTitle;
  }

  function show(query) {
    var results = search(query);
    list.textContent = "";
    results.slice(0, 50).forEach(function (r) {
      var p = r.entry.page;
      var li = document.createElement("li");
      li.className = "summary";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = root + p.u;
      textInto(a, p.t, p.th);
      if (p.l) li.lang = p.l;
      h.appendChild(a);
      li.appendChild(h);
      if (p.c.length) {
        var cats = document.createElement("p");
        cats.className = "meta";
        p.c.forEach(function (c, i) {
          if (i) cats.appendChild(document.createTextNode(", "));
          var link = document.createElement("a");
          link.href = root + index.categories[c].u;
          textInto(link, index.categories[c].n, index.categories[c].nh);
          markLang(link, index.categories[c].l || pageLang, li.lang);
          cats.appendChild(link);
        });
        li.appendChild(cats);
      }
      // A content note comes before the snippet, as it comes before the page's body.
      if (p.n) {
        var note = document.createElement("p");
        note.className = "content-note";
        var label = document.createElement("span");
        label.textContent = word("content_note", "Content note");
        setLang(label, "content_note", li.lang);
        note.appendChild(label);
        note.appendChild(document.createTextNode(": "));
        var noteText = document.createElement("span");
        textInto(noteText, p.n, p.nh);
        note.appendChild(noteText);
        li.appendChild(note);
      }
      var snippet = document.createElement("p");
      textInto(snippet, p.s, p.sh);
      li.appendChild(snippet);
      list.appendChild(li);
    });
    var key = results.length === 1 ? "search_one_match" : "search_matches";
    if (!query.trim()) {
      status.textContent = "";
      key = "";
    } else if (!results.length) {
      key = "search_no_match";
      status.textContent = word(key, "No resources match") + " “" + query + "”.";
    } else status.textContent = results.length + " " +
      word(key, key === "search_one_match" ? "resource matches" : "resources match") +
      (results.length > 50 ? "; " + word("search_first_50", "showing the first 50") + "." : ".");
    setLang(status, key);
    setTitle(query, results.length, key);
  }

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  input.value = initial;
  if (initial) show(initial);
  var pending;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { show(input.value); }, 120);
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    if (window.history && window.history.replaceState && window.location.protocol !== "file:") {
      window.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    }
  });
})();
