/* Tour de table — live page behaviour.
 * The server renders everything; this file only (1) keeps a Socket.IO connection and turns
 * its messages into fragment swaps or HTMX re-fetches, (2) counts the timer down locally,
 * (3) keeps unsent drafts in localStorage so a reload or a lost connection loses nothing.
 * No inline script anywhere: configuration comes from data-* attributes. */
(function () {
  "use strict";

  var body = document.body;
  var clockOffset = 0; // server time minus this device's time, in ms

  function format(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function syncClock(root) {
    var el = (root || document).querySelector("[data-timer][data-now]");
    if (el && el.dataset.now) clockOffset = parseInt(el.dataset.now, 10) - Date.now();
  }

  function tickTimers() {
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      var left;
      if (el.dataset.running === "1" && el.dataset.endsAt) {
        left = (parseInt(el.dataset.endsAt, 10) - (Date.now() + clockOffset)) / 1000;
      } else {
        left = parseInt(el.dataset.remaining || "0", 10);
      }
      el.textContent = format(left);
      el.classList.toggle("timer--over", left <= 0);
      el.classList.toggle("timer--soon", left > 0 && left <= 60);
    });
  }

  // --- drafts -------------------------------------------------------------------------------
  function restoreDrafts(root) {
    (root || document).querySelectorAll("textarea[data-draft]").forEach(function (area) {
      var saved = window.localStorage.getItem("draft:" + area.dataset.draft);
      if (saved && !area.value) area.value = saved;
    });
  }

  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area.matches && area.matches("textarea[data-draft]")) {
      window.localStorage.setItem("draft:" + area.dataset.draft, area.value);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    // HTMX swaps error responses too: a 4xx carries a message for #flash.
    if (status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    // A form that was saved no longer needs its draft (cleared before the swap restores drafts).
    // Only a form's own submission: a re-fetch of the section (refresh, resync) keeps the drafts.
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (status < 300 && form && form.tagName === "FORM") {
      form.querySelectorAll("textarea[data-draft]").forEach(function (area) {
        window.localStorage.removeItem("draft:" + area.dataset.draft);
        if (area.hasAttribute("data-clear-on-success")) area.value = "";
      });
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id !== "flash" && event.detail.xhr.status < 400) {
      var flash = document.getElementById("flash");
      if (flash) flash.innerHTML = "";
    }
    syncClock(event.detail.target);
    restoreDrafts(event.detail.target);
    tickTimers();
  });

  // --- live connection ----------------------------------------------------------------------
  function setStatus(online) {
    var el = document.getElementById("live-status");
    if (!el) return;
    el.textContent = online ? el.dataset.online : el.dataset.offline;
    el.classList.toggle("live-status--offline", !online);
  }

  function connect() {
    var audience = body.dataset.liveAudience;
    if (!audience || typeof window.io === "undefined") return;
    var auth = { audience: audience, lang: document.documentElement.lang };
    if (body.dataset.liveSession) auth.session = parseInt(body.dataset.liveSession, 10);
    if (body.dataset.liveToken) auth.token = body.dataset.liveToken;
    if (body.dataset.liveForum) auth.forum = parseInt(body.dataset.liveForum, 10);
    var socket = window.io({ auth: auth });
    var connectedBefore = false;

    socket.on("connect", function () {
      setStatus(true);
      // After a dropped connection, re-fetch everything: nothing to reconcile.
      if (connectedBefore) window.htmx.trigger(body, "live:resync");
      connectedBefore = true;
    });
    socket.on("disconnect", function () { setStatus(false); });
    socket.on("connect_error", function () { setStatus(false); });

    // A fragment rendered once for the whole room.
    socket.on("fragment", function (message) {
      var el = document.getElementById(message.target);
      if (!el) return;
      el.innerHTML = message.html;
      window.htmx.process(el);
      syncClock(el);
      tickTimers();
    });
    // Staff screens: re-fetch the parts that depend on what changed, once each.
    socket.on("changed", function (message) {
      var what = message.what || [];
      var consoleOnly = { presence: true, notes: true };
      if (what.some(function (w) { return !consoleOnly[w]; })) window.htmx.trigger(body, "live:state");
      if (what.indexOf("presence") >= 0) window.htmx.trigger(body, "live:presence");
      if (what.indexOf("notes") >= 0) window.htmx.trigger(body, "live:notes");
    });
    // Participants: something personal may have changed; spread the re-fetches a little.
    socket.on("refresh", function () {
      window.setTimeout(function () { window.htmx.trigger(body, "live:refresh"); },
        Math.random() * 400);
    });
    if (audience === "participant") {
      window.setInterval(function () { socket.emit("heartbeat"); }, 20000);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncClock();
    restoreDrafts();
    tickTimers();
    window.setInterval(tickTimers, 1000);
    connect();
  });
})();
