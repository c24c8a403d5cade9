/* Site search with Pagefind (the findings plugin's `search: pagefind`): a button in Material's header, where
   Material's own search box would be, opens a dialog with Pagefind's UI. Nothing loads until the first open:
   then pagefind/pagefind-ui.js fetches only the index fragments each query needs.

   Paths are worked out from this script's own URL (<site>/assets/pagefind-search.js), so the site works from any
   sub-path. Pagefind needs the site served over http(s): from file:// the browser refuses to fetch the index, and
   the dialog says so. Keys: "/" or "s" opens search (as in Material), Escape closes, Tab stays inside the dialog. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var siteRoot = new URL("../", script.src);
  var bundle = new URL("pagefind/", siteRoot);
  var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 ' +
    '6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

  var dialog = null, opener = null, ui = null, loading = null;

  function loadUi() {
    if (loading) { return loading; }
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("pagefind-ui.css", bundle).href;
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = new URL("pagefind-ui.js", bundle).href;
      js.onload = function () { resolve(); };
      js.onerror = function () { loading = null; js.remove(); reject(new Error("could not load " + js.src)); };
      document.head.appendChild(js);
    });
    return loading;
  }

  // Pagefind's UI lists the filters of the first results if they arrive before its own list of every filter
  // (a race it loses on a busy machine): audience and confidence would be missing whenever the first query
  // matches no implication. Loading the list first (the same module instance the UI imports) settles it.
  function loadFilters() {
    return import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
      return pagefind.options({ baseUrl: siteRoot.pathname }).then(function () { return pagefind.filters(); });
    }).catch(function () { return null; });  // the UI reports a broken bundle itself
  }

  function status(text) {
    dialog.querySelector(".fd-search-status").textContent = text;  // a live region: present, empty when idle
  }

  function focusInput() {
    var input = dialog.querySelector(".pagefind-ui__search-input");
    if (input) { input.focus(); }
  }

  function startUi() {
    if (location.protocol === "file:") {
      status("Search needs the site served over http(s), for example with `python -m http.server`; " +
        "it cannot work from files opened directly.");
      return;
    }
    status("Loading search…");
    loadUi().then(loadFilters).then(loadTerms).then(function (terms) {
      status("");
      if (!ui) {
        ui = new window.PagefindUI({
          processTerm: function (query) { return expandAbbreviations(query, terms); },
          element: dialog.querySelector(".fd-search-ui"),
          bundlePath: bundle.pathname,
          baseUrl: siteRoot.pathname,
          showSubResults: true,
          showImages: false,
          resetStyles: false,
          autofocus: false,
          translations: { placeholder: "Search findings, excerpts and implications" }
        });
      }
      if (dialog.open) { focusInput(); }
    }, function () {
      status("Search could not be loaded. Check your connection and try again.");
    });
  }

  /* The site's abbreviations (from its glossary), searched for as the terms they stand for: Pagefind ignores case,
     so "AN" would otherwise find every "an". Matched as written and as whole words. */
  function loadTerms() {
    return fetch(new URL("assets/findings-search-terms.json", siteRoot).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
  }

  function expandAbbreviations(query, terms) {
    return query.replace(/[^\s"]+/g, function (word) {
      return Object.prototype.hasOwnProperty.call(terms, word) ? terms[word] : word;
    });
  }

  function trapTab(event) {
    if (event.key !== "Tab") { return; }
    var items = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (el) {
      return el.offsetParent !== null || el === document.activeElement;
    });
    if (!items.length) { event.preventDefault(); return; }
    var first = items[0], last = items[items.length - 1];
    if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !dialog.contains(document.activeElement))) {
      event.preventDefault();
      first.focus();
    }
  }

  function makeDialog() {
    var box = document.createElement("dialog");
    box.id = "fd-search-dialog";
    box.className = "fd-search-dialog";
    box.setAttribute("aria-labelledby", "fd-search-title");
    box.innerHTML =
      '<div class="fd-search-dialog__inner">' +
      '<div class="fd-search-dialog__head">' +
      '<h2 id="fd-search-title" class="fd-search-dialog__title">Search this site</h2>' +
      '<button type="button" class="fd-search-dialog__close" aria-label="Close search">' +
      '<span aria-hidden="true">×</span></button></div>' +
      '<p class="fd-search-status" role="status"></p>' +
      '<div class="fd-search-ui"></div></div>';
    box.querySelector(".fd-search-dialog__close").addEventListener("click", close);
    box.addEventListener("keydown", trapTab);
    // Escape closes the dialog and keeps the query (Pagefind's box would clear it first): caught on the way down.
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(); }
    }, true);
    box.addEventListener("cancel", function (event) { event.preventDefault(); close(); });
    box.addEventListener("click", function (event) {
      if (event.target === box) { close(); return; }  // the backdrop
      var link = event.target.closest && event.target.closest("a[href]");
      if (link) { close(); }  // a result on this very page only changes the hash: close the dialog anyway
    });
    document.body.appendChild(box);
    return box;
  }

  function open() {
    dialog = dialog || makeDialog();
    if (dialog.open) { return; }
    opener = document.activeElement;
    dialog.showModal();
    document.documentElement.classList.add("fd-search-open");
    if (ui) { focusInput(); } else { dialog.querySelector(".fd-search-dialog__close").focus(); startUi(); }
  }

  function close() {
    if (!dialog || !dialog.open) { return; }
    dialog.close();
    document.documentElement.classList.remove("fd-search-open");
    if (opener && opener.focus && document.contains(opener)) { opener.focus(); }
  }

  function addButton() {
    if (document.querySelector(".fd-search-button")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button fd-search-button";
    button.setAttribute("aria-haspopup", "dialog");
    button.setAttribute("aria-controls", "fd-search-dialog");
    button.setAttribute("aria-keyshortcuts", "/ s");
    button.innerHTML = ICON + '<span class="fd-search-button__label">Search</span>';
    button.addEventListener("click", open);
    var header = document.querySelector(".md-header__inner");
    if (header) {
      header.insertBefore(button, header.querySelector(".md-header__source"));
    } else {
      button.classList.add("fd-search-button--floating");
      document.body.insertBefore(button, document.body.firstChild);
    }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if ((event.key === "/" || event.key === "s") && !(dialog && dialog.open)) {
      event.preventDefault();
      open();
    }
  });

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(addButton);  // Material's instant navigation may redraw the header
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButton);
  } else {
    addButton();
  }
})();
