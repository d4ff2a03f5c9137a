/* Tour de table — live page behaviour.
 * The server renders everything; this file only (1) keeps a Socket.IO connection and turns
 * its messages into fragment swaps or HTMX re-fetches, (2) counts the timer down locally,
 * (3) keeps unsent drafts in localStorage so a reload or a lost connection loses nothing,
 * (4) keeps a form whose sending failed whole (radios and texts), says so at once, and sends
 * it again when the connection returns; a re-fetch never overwrites a form with unsent input.
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

  // --- unsent forms -------------------------------------------------------------------------
  // A form is "dirty" from the first change until the server's answer replaces it. A form whose
  // request never got an answer (no network, server down) is "unsent": it stays as it is, says
  // so, is remembered in localStorage (reload-proof), and is sent again on reconnection when
  // sending twice is harmless: it carries an idempotency key (client_key) or says data-resend
  // (e.g. a versioned form). "Saved" only ever comes from the server's answer.
  function formKey(form) {
    if (form.id) return "#" + form.id;
    var url = form.getAttribute("hx-post") || "";
    var same = Array.prototype.filter.call(document.querySelectorAll("form[hx-post]"),
      function (other) { return other.getAttribute("hx-post") === url; });
    return url + "@" + same.indexOf(form);
  }

  function storageKey(form) { return "unsent:" + window.location.pathname + "|" + formKey(form); }

  function snapshot(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrf_token" || field.type === "submit" || field.type === "button") return;
      if (field.type === "radio" || field.type === "checkbox") {
        fields.push([field.name, field.value, field.checked]);
      } else {
        fields.push([field.name, field.value]);
      }
    });
    return { fields: fields, unsent: form.dataset.unsent === "1" };
  }

  function apply(form, state) {
    state.fields.forEach(function (entry) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== entry[0]) return;
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.value === entry[1]) field.checked = entry[2];
        } else {
          field.value = entry[1];
        }
      });
    });
    form.dataset.dirty = "1";
    dropSaved(form);
    if (state.unsent) markUnsent(form);
  }

  function dropSaved(form) {
    form.querySelectorAll(".saved").forEach(function (el) { el.remove(); });
  }

  function resendable(form) {
    return form.hasAttribute("data-resend") || !!form.querySelector("input[name=client_key]");
  }

  function markUnsent(form) {
    form.dataset.unsent = "1";
    form.dataset.dirty = "1";
    dropSaved(form);
    var note = form.querySelector(".unsent");
    if (!note) {
      note = document.createElement("p");
      note.className = "unsent";
      note.setAttribute("role", "alert");
      var button = form.querySelector("[type=submit]");
      if (button) button.parentNode.insertBefore(note, button); else form.appendChild(note);
    }
    note.textContent = resendable(form) ? body.dataset.msgUnsent : body.dataset.msgUnsentManual;
    try {
      window.localStorage.setItem(storageKey(form), JSON.stringify(snapshot(form)));
    } catch (e) { /* storage full or denied: the form on the page still holds everything */ }
  }

  function forget(form) {
    window.localStorage.removeItem(storageKey(form));
  }

  function resendUnsent() {
    document.querySelectorAll("form[data-unsent]").forEach(function (form) {
      if (!resendable(form) || form.classList.contains("htmx-request")) return;
      if (form.requestSubmit) form.requestSubmit(); else window.htmx.trigger(form, "submit");
    });
  }

  function restoreUnsent() {
    var prefix = "unsent:" + window.location.pathname + "|";
    document.querySelectorAll("form[hx-post]").forEach(function (form) {
      var saved = window.localStorage.getItem(prefix + formKey(form));
      if (!saved) return;
      try { apply(form, JSON.parse(saved)); } catch (e) { forget(form); }
    });
  }

  // What a re-fetch of ``root`` must not lose: the input of its dirty forms, and the "saved"
  // confirmation of forms just saved (the re-fetch shows the same stored state, unconfirmed).
  function dirtyForms(root) {
    var kept = { dirty: {}, saved: {} };
    if (!root) return kept;
    // The answer to the participant's last action, shown above all forms, outlives a re-fetch
    // that follows right after it (their own vote tells every phone to re-fetch).
    var confirmed = root.querySelector(":scope > .saved[data-shown]");
    if (confirmed && Date.now() - parseInt(confirmed.dataset.shown, 10) < 5000) {
      kept.root = root; kept.confirmed = confirmed.outerHTML;
    }
    var forms = root.matches && root.matches("form[hx-post]") ? [root] : [];
    root.querySelectorAll("form[hx-post]").forEach(function (form) { forms.push(form); });
    forms.forEach(function (form) {
      var saved = form.querySelector(".saved");
      if (form.dataset.dirty) kept.dirty[formKey(form)] = snapshot(form);
      else if (saved) kept.saved[formKey(form)] = saved.outerHTML;
    });
    return kept;
  }

  function findForm(key) {
    return Array.prototype.find.call(document.querySelectorAll("form[hx-post]"),
      function (candidate) { return formKey(candidate) === key; });
  }

  function putBack(kept) {
    if (kept.confirmed && kept.root.isConnected && !kept.root.querySelector(":scope > .saved")) {
      kept.root.insertAdjacentHTML("afterbegin", kept.confirmed);
    }
    Object.keys(kept.dirty).forEach(function (key) {
      var form = findForm(key);
      if (form) apply(form, kept.dirty[key]);
    });
    Object.keys(kept.saved).forEach(function (key) {
      var form = findForm(key);
      var button = form && form.querySelector("[type=submit]");
      if (button && !form.querySelector(".saved")) button.insertAdjacentHTML("beforebegin", kept.saved[key]);
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("hx-post")) { form.dataset.dirty = "1"; dropSaved(form); }
  });

  function failed(event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (form && form.tagName === "FORM") markUnsent(form);
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var status = event.detail.xhr && event.detail.xhr.status;
    if (!form || form.tagName !== "FORM" || !status) return;
    if (status === 502 || status === 503 || status === 504) { markUnsent(form); return; }
    // The server answered: nothing is pending any more (its answer says saved, or what is wrong).
    forget(form);
    delete form.dataset.unsent;
    var note = form.querySelector(".unsent");
    if (note) note.remove();
    retryRefetches();
  });

  // A re-fetch that would replace a form while it is being sent waits for the answer.
  var waitingRefetches = [];
  function retryRefetches() {
    var waiting = waitingRefetches;
    waitingRefetches = [];
    waiting.forEach(function (elt) {
      if (!document.body.contains(elt)) return;
      window.htmx.ajax("GET", elt.getAttribute("hx-get"),
        { source: elt, target: elt, swap: elt.getAttribute("hx-swap") || "innerHTML" });
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
    if (area.form && area.form.hasAttribute("hx-post")) { area.form.dataset.dirty = "1"; dropSaved(area.form); }
  });

  // --- overload: a 503 is sent again -------------------------------------------------------
  // Under a burst the server may answer 503 with Retry-After. The form is sent again after
  // that delay (a little more, spread), with the same idempotency key (its client_key field
  // is still the same), so a request that did go through is not stored twice.
  var MAX_RETRIES = 5;

  function retryLater(event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!elt || !elt.isConnected) return;
    var tries = parseInt(elt.dataset.retries || "0", 10);
    if (tries >= MAX_RETRIES) return;
    elt.dataset.retries = String(tries + 1);
    var seconds = parseFloat(event.detail.xhr.getResponseHeader("Retry-After")) || 2;
    window.setTimeout(function () {
      if (!elt.isConnected || elt.classList.contains("htmx-request")) return;
      if (elt.tagName !== "FORM") window.htmx.trigger(elt, "click");
      else if (elt.requestSubmit) elt.requestSubmit(); else window.htmx.trigger(elt, "submit");
    }, seconds * 1000 * (1 + Math.random() * 0.5));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 503) {
      event.detail.shouldSwap = true; // the message, in #flash: "votre envoi repart dans un instant"
      event.detail.isError = false;
      retryLater(event);
      return;
    }
    // HTMX swaps error responses too: a 4xx carries a message for #flash.
    if (status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    // A form that was saved no longer needs its draft (cleared before the swap restores drafts);
    // nor one the server answered with a fresh copy of itself (a 409 showing what is stored
    // now). Only a form's own submission: a re-fetch of the section keeps the drafts.
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    var own = form && form.tagName === "FORM";
    var fresh = status === 409 && !event.detail.xhr.getResponseHeader("HX-Retarget");
    if (own && (status < 300 || fresh)) {
      form.querySelectorAll("textarea[data-draft]").forEach(function (area) {
        window.localStorage.removeItem("draft:" + area.dataset.draft);
        if (area.hasAttribute("data-clear-on-success")) area.value = "";
      });
    }
    // A re-fetch (not a form's own answer): never over a form being sent, never over unsent input.
    var target = event.detail.target;
    var refetcher = own ? null : form;
    if (refetcher && status < 300 && target) {
      if (target.querySelector("form.htmx-request")) {
        event.detail.shouldSwap = false;
        if (refetcher.getAttribute("hx-get") && waitingRefetches.indexOf(refetcher) < 0) {
          waitingRefetches.push(refetcher);
        }
        return;
      }
      target.keptForms = dirtyForms(target);
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id !== "flash" && event.detail.xhr.status < 400) {
      var flash = document.getElementById("flash");
      if (flash) flash.innerHTML = "";
    }
    // A page's form answered with itself and its mistakes: the first field to fix gets the focus.
    var sent = event.detail.requestConfig && event.detail.requestConfig.elt;
    var swapped = sent && sent.id && document.getElementById(sent.id);
    if (swapped && swapped.matches("form[hx-select]") && event.detail.xhr.status >= 400) {
      var fix = swapped.querySelector("[aria-invalid=true]") || swapped.querySelector(".form-error");
      if (fix) { if (!fix.matches("input, select, textarea")) fix.setAttribute("tabindex", "-1"); fix.focus(); }
    }
    var answered = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (answered && answered.tagName === "FORM" && event.detail.target) {
      event.detail.target.querySelectorAll(":scope > .saved").forEach(function (el) {
        el.dataset.shown = String(Date.now());
      });
    }
    syncClock(event.detail.target);
    restoreDrafts(event.detail.target);
    var target = event.detail.target;
    if (target && target.keptForms) { putBack(target.keptForms); target.keptForms = null; }
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
    if (body.dataset.liveSecret) auth.secret = body.dataset.liveSecret;
    if (body.dataset.liveForum) auth.forum = parseInt(body.dataset.liveForum, 10);
    var socket = window.io({ auth: auth });
    var connectedBefore = false;

    socket.on("connect", function () {
      setStatus(true);
      // Forms that could not be sent go first; then, after a dropped connection, re-fetch
      // everything (a re-fetch waits for a form being sent, and keeps unsent input).
      resendUnsent();
      if (connectedBefore) window.htmx.trigger(body, "live:resync");
      connectedBefore = true;
    });
    socket.on("disconnect", function () { setStatus(false); });
    socket.on("connect_error", function () { setStatus(false); });

    // A fragment rendered once for the whole room.
    socket.on("fragment", function (message) {
      var el = document.getElementById(message.target);
      if (!el) return;
      var kept = dirtyForms(el);
      el.innerHTML = message.html;
      putBack(kept);
      window.htmx.process(el);
      syncClock(el);
      tickTimers();
      el.dispatchEvent(new CustomEvent("live:fragment", { bubbles: true }));
    });
    // A projector link that was revoked: the reload shows that it no longer works.
    socket.on("revoked", function () { socket.disconnect(); window.location.reload(); });
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
    restoreUnsent();
    tickTimers();
    window.setInterval(tickTimers, 1000);
    window.addEventListener("online", resendUnsent);
    connect();
    if (!body.dataset.liveAudience) resendUnsent();  // no live connection to wait for
  });
})();
