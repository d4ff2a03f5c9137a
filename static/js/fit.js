/* Tour de table — the projector fits the step's content to its screen.
 * Every text is shown whole, never cut. The script picks the number of columns and the type size
 * that let the whole content fill the space under the step's header, as large as it can. When
 * even the smallest readable size is not enough, it splits the content into pages and shows the
 * page the facilitator turned to from the console (``data-page``, server state), with
 * "page n/total". Sizes scale with the screen: 20 px at 1920×1080 is 13 px at 1280×720 (the
 * same size on the wall).
 *
 * The templates say what may move: ``data-fit-list`` lists take columns, ``data-fit-item``
 * elements are the units that go to one page or another. See docs/room.md. */
(function () {
  "use strict";

  var LARGEST = 44; // px at 1920×1080
  var SMALLEST = 20; // px at 1920×1080: the smallest size read from the back of a room
  var LAST_RESORT = 9; // px: one text too long for a page alone is shown whole, smaller
  var MAX_COLUMNS = 4;

  function scale() { return Math.min(window.innerWidth / 1920, window.innerHeight / 1080); }

  function label(page, total) {
    return (document.body.dataset.pageLabel || "{n}/{total}")
      .replace("{n}", String(page)).replace("{total}", String(total));
  }

  // The console's preview is this page in a frame: it tells the console how many pages there
  // are, so the page control reads "page 2 / 3" (static/js/pages.js).
  function report(page, total) {
    if (window.parent === window) return;
    window.parent.postMessage({ projectorPages: { page: page, total: total } }, window.location.origin);
  }

  function Fitter(live) {
    this.live = live;
    this.board = live.querySelector(".board");
    this.frame = live.querySelector(".live-frame");
    this.pageno = live.querySelector("[data-fit-pageno]");
    this.items = this.board ? Array.prototype.slice.call(this.board.querySelectorAll("[data-fit-item]")) : [];
    this.columns = this.board && this.board.querySelector("[data-fit-list]") ? MAX_COLUMNS : 1;
  }

  Fitter.prototype.set = function (size, columns) {
    this.board.style.setProperty("--fit-size", size + "px");
    this.board.style.setProperty("--fit-cols", String(columns));
  };

  // The board ends above the bottom of the screen, nothing sticks out sideways, and no element
  // hides part of its content (a clipped or clamped box is taller inside than outside).
  Fitter.prototype.fits = function () {
    if (this.board.getBoundingClientRect().bottom > this.live.getBoundingClientRect().bottom + 0.5) return false;
    if (this.board.scrollWidth > this.board.clientWidth + 1) return false;
    return this.items.every(function (item) {
      return item.hidden || (item.scrollHeight <= item.clientHeight + 1 && item.scrollWidth <= item.clientWidth + 1);
    });
  };

  // The largest size in [low, high] at which the content fits with ``columns``, or null.
  Fitter.prototype.largest = function (low, high, columns) {
    this.set(low, columns);
    if (!this.fits()) return null;
    while (low < high) {
      var middle = Math.ceil((low + high) / 2);
      this.set(middle, columns);
      if (this.fits()) low = middle; else high = middle - 1;
    }
    return low;
  };

  Fitter.prototype.show = function (shown) {
    this.items.forEach(function (item) { item.hidden = shown.indexOf(item) < 0; });
  };

  // Items in order, as many to a page as fit at the current size.
  Fitter.prototype.paginate = function () {
    var pages = [];
    var current = [];
    var self = this;
    this.show([]);
    this.items.forEach(function (item) {
      item.hidden = false;
      if (!self.fits() && current.length) {
        current.forEach(function (earlier) { earlier.hidden = true; });
        pages.push(current);
        current = [];
      }
      current.push(item);
    });
    if (current.length) pages.push(current);
    return pages;
  };

  Fitter.prototype.run = function () {
    if (!this.board || !this.frame) return;
    var ratio = scale();
    var largest = Math.round(LARGEST * ratio);
    var smallest = Math.max(LAST_RESORT, Math.round(SMALLEST * ratio));
    var best = null;
    var columns;
    this.show(this.items);
    if (this.pageno) this.pageno.hidden = true;
    for (columns = 1; columns <= this.columns; columns++) {
      var size = this.largest(smallest, largest, columns);
      if (size !== null && (!best || size > best.size)) best = { size: size, columns: columns };
    }
    if (best) { this.set(best.size, best.columns); report(1, 1); return; }

    // Too much for one screen: pages, at the smallest readable size, with the columns that
    // need the fewest; of those, the columns that let the first page be set the largest (ten
    // long items on two pages read better in two columns than in one). The choice never depends
    // on the page shown, so turning the pages shows every item once.
    if (this.pageno) { this.pageno.hidden = false; this.pageno.textContent = label(88, 88); }
    var plans = [];
    for (columns = 1; columns <= this.columns; columns++) {
      this.set(smallest, columns);
      plans.push({ pages: this.paginate(), columns: columns });
    }
    var fewest = Math.min.apply(null, plans.map(function (plan) { return plan.pages.length; }));
    var wanted = parseInt(this.frame.dataset.page || "0", 10) || 0;
    var page = Math.min(Math.max(wanted, 0), fewest - 1);
    var self = this;
    var fitted = function (plan, index) {
      self.show(plan.pages[index]);
      return self.largest(smallest, largest, plan.columns) ||
        self.largest(Math.round(LAST_RESORT * ratio) || 1, smallest, plan.columns) ||
        Math.round(LAST_RESORT * ratio) || 1;
    };
    var chosen = null;
    plans.filter(function (plan) { return plan.pages.length === fewest; }).forEach(function (plan) {
      var size = fitted(plan, 0);
      if (!chosen || size > chosen.size) chosen = { plan: plan, size: size };
    });
    var size = fitted(chosen.plan, page);
    if (this.pageno) {
      this.pageno.hidden = fewest < 2;
      this.pageno.textContent = label(page + 1, fewest);
    }
    report(page + 1, fewest);
    this.set(size, chosen.plan.columns);
  };

  function fit() {
    var live = document.getElementById("projector-live");
    if (live) new Fitter(live).run();
  }

  var pending = false;
  function fitSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fit(); });
  }

  document.addEventListener("live:fragment", fit);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "projector-live") fit();
  });
  window.addEventListener("resize", fitSoon);
  document.addEventListener("DOMContentLoaded", function () {
    fit();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(fit);
  });
})();
