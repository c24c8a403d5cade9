/* Filters for the implications and citation-statement pages. No server, no network:
   the pages carry their data in data-* attributes and stay complete without script. */
(function () {
  "use strict";

  /* Material's tooltips (theme feature content.tooltips) write an element's title into the page as HTML,
     and give a label cut short by an ellipsis (navigation, header) its text as a title. A title is text:
     a record titled "<img src=x onerror=...>" would run on hover. So reading `title` gives it escaped, and
     the tooltip shows it as written. This runs before Material mounts any tooltip (on DOMContentLoaded). */
  var titleProperty = Object.getOwnPropertyDescriptor(HTMLElement.prototype, "title");
  if (titleProperty && titleProperty.get && titleProperty.configurable) {
    Object.defineProperty(HTMLElement.prototype, "title", {
      configurable: true,
      enumerable: titleProperty.enumerable,
      get: function () {
        return titleProperty.get.call(this).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
          .replace(/"/g, "&quot;");
      },
      set: titleProperty.set
    });
  }

  function countText(shown, total, noun) {
    return shown === total ? "Showing all " + total + " " + noun + "." : "Showing " + shown + " of " + total + " " + noun + ".";
  }

  function implicationFilters(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".fd-implication"));
    var moments = Array.prototype.slice.call(document.querySelectorAll(".fd-moment"));
    function checked(name) {
      return Array.prototype.slice.call(form.querySelectorAll("input[name=" + name + "]:checked")).map(function (i) { return i.value; });
    }
    /* Who the patient is: one select per population part (condition, age, setting, phase). An item matches
       when the part is "any" or the item names the chosen value; the home page's situations preset them. */
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector("option[value='" + wanted.replace(/[^a-z0-9-]/g, "") + "']")) { select.value = wanted; }
    });
    function populationOk(item) {
      return selects.every(function (select) {
        return !select.value || (item.dataset[select.name] || "").split(" ").indexOf(select.value) >= 0;
      });
    }
    function apply() {
      var audiences = checked("audience"), levels = checked("confidence"), by = checked("by"), shown = 0;
      var byFilter = form.querySelector("input[name=by]") !== null;
      items.forEach(function (item) {
        var audienceOk = item.dataset.audience.split(" ").some(function (a) { return audiences.indexOf(a) >= 0; });
        var levelOk = levels.indexOf(item.dataset.confidence) >= 0;
        var byOk = !byFilter || !item.dataset.by || by.indexOf(item.dataset.by) >= 0;
        item.hidden = !(audienceOk && levelOk && populationOk(item) && byOk);
        if (!item.hidden) { shown += 1; }
      });
      moments.forEach(function (moment) {
        moment.hidden = !moment.querySelector(".fd-implication:not([hidden])");
      });
      form.querySelector(".fd-filter-count").textContent = countText(shown, items.length, "implications");
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }

  function statementFilters(form) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".fd-statement"));
    function apply() {
      var query = form.elements.q.value.trim().toLowerCase();
      var stance = form.elements.stance.value, section = form.elements.section.value, shown = 0;
      items.forEach(function (item) {
        var ok = (!stance || item.dataset.stance === stance) && (!section || item.dataset.section === section) &&
          (!query || item.textContent.toLowerCase().indexOf(query) >= 0);
        item.hidden = !ok;
        if (ok) { shown += 1; }
      });
      form.querySelector(".fd-filter-count").textContent = countText(shown, items.length, "statements");
    }
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  /* Evidence page: show only the rows whose judgements come from the chosen sources (who says so). */
  function byFilters(form) {
    var marks = Array.prototype.slice.call(document.querySelectorAll("[data-fd-by]"));
    function apply() {
      var wanted = Array.prototype.slice.call(form.querySelectorAll("input[name=by]:checked")).map(function (i) { return i.value; });
      var shown = 0;
      marks.forEach(function (mark) {
        var row = mark.closest("tr") || mark;
        var ok = mark.dataset.fdBy.split(" ").some(function (b) { return wanted.indexOf(b) >= 0; });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      form.querySelector(".fd-filter-count").textContent = countText(shown, marks.length, "rows");
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }

  /* Touch screens have no hover: the first tap on a citation shows its reference, on a defined term its
     definition (Material shows the tooltip on focus), a second tap follows the link. */
  function touchCitations() {
    if (!window.matchMedia || !window.matchMedia("(hover: none)").matches) { return; }
    var armed = null;
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href*="#ref-"], a.fd-term');
      if (!link || link.closest(".md-nav")) { armed = null; return; }
      if (armed !== link) {
        event.preventDefault();
        armed = link;
        link.focus();
      }
    }, true);
  }

  /* A printed page says where it came from and when: the address without query or anchor, and today's date. */
  function printSource() {
    Array.prototype.forEach.call(document.querySelectorAll(".fd-print-source"), function (line) {
      var address = line.querySelector(".fd-print-address"), date = line.querySelector(".fd-print-date");
      address.textContent = window.location.origin + window.location.pathname;
      date.textContent = " on " + new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    });
  }

  var touchReady = false;

  function init() {
    if (!touchReady) { touchCitations(); touchReady = true; }
    printSource();
    var form = document.querySelector("form.fd-filters");
    if (form && form.hidden) { implicationFilters(form); }
    var statements = document.querySelector("form.fd-statement-filters");
    if (statements && statements.hidden) { statementFilters(statements); }
    var by = document.querySelector("form.fd-by-filters");
    if (by && by.hidden) { byFilters(by); }
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
