// Small enhancements; every page works without them.
(function () {
  "use strict";

  // Live word counts under text areas that have a word limit.
  function countWords(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }
  function setupWordCounts() {
    var areas = document.querySelectorAll("textarea[data-word-limit]");
    areas.forEach(function (area) {
      var output = document.querySelector('[data-word-count-for="' + area.id + '"]');
      if (!output) return;
      var limit = parseInt(area.getAttribute("data-word-limit"), 10);
      var template = document.documentElement.lang === "ar" ? "{n} من {limit} كلمة" : "{n} of {limit} words";
      function update() {
        var n = countWords(area.value);
        output.textContent = template.replace("{n}", n).replace("{limit}", limit);
        output.classList.toggle("word-count--over", n > limit);
      }
      area.addEventListener("input", update);
      update();
    });
  }

  // Warn before leaving a form with changes that are not saved yet.
  function setupUnsavedWarning() {
    var form = document.querySelector("form.progress-form");
    if (!form) return;
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful && event.detail.elt === form) {
        var status = document.getElementById("autosave-status");
        if (status && status.classList.contains("autosave-status--saved")) dirty = false;
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  // Let an autosave still on its way finish before "Save draft" posts the form: its answer
  // carries the new version number, and a save sent with the old one would meet a conflict
  // with the user's own autosave.
  function setupSaveAfterAutosave() {
    var form = document.querySelector("form.progress-form");
    if (!form) return;
    var waiting = false;
    form.addEventListener("submit", function (event) {
      if (!form.classList.contains("htmx-request")) return;
      event.preventDefault();
      if (waiting) return;
      waiting = true;
      var submitter = event.submitter;
      form.addEventListener("htmx:afterRequest", function () {
        waiting = false;
        form.requestSubmit(submitter);
      }, { once: true });
    });
  }

  // Once "Save draft" is on its way, an autosave still waiting for its 3 s must not follow
  // it: on a slow line it would reach the server first and turn the save into a conflict.
  function setupNoAutosaveAfterSave() {
    var form = document.querySelector("form.progress-form[hx-post]");
    if (!form) return;
    var leaving = false;
    // Set at once (the listener that holds a save back while an autosave finishes runs
    // first): an autosave queued behind that one is sent as soon as it finishes.
    form.addEventListener("submit", function (event) {
      if (!event.defaultPrevented) leaving = true;
    });
    form.addEventListener("htmx:beforeRequest", function (event) {
      if (leaving) event.preventDefault();
    });
  }

  // htmx saves 3 s after typing stops; someone who types without pausing still gets a save
  // every 20 s, so a browser that dies loses at most that much.
  function setupPeriodicAutosave() {
    var form = document.querySelector("form.progress-form[hx-post]");
    if (!form) return;
    var changed = false;
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("htmx:beforeRequest", function () { changed = false; });
    window.setInterval(function () {
      if (changed) form.dispatchEvent(new CustomEvent("autosave"));
    }, 20000);
  }

  // "Cite" beside a contribution puts its citation where the writer's cursor last was (the
  // chapter's text, or the key message being typed).
  function setupCitations() {
    var buttons = document.querySelectorAll("[data-cite]");
    if (!buttons.length) { return; }
    var target = document.querySelector("textarea[data-cite-target]") ||
      document.querySelector("form textarea");
    document.querySelectorAll("form textarea").forEach(function (area) {
      area.addEventListener("focus", function () { target = area; });
    });
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        if (!target) { return; }
        var token = button.getAttribute("data-cite");
        var start = target.selectionStart, end = target.selectionEnd;
        var before = target.value.slice(0, start), after = target.value.slice(end);
        var spacer = before && !/\s$/.test(before) ? " " : "";
        target.value = before + spacer + token + after;
        var caret = (before + spacer + token).length;
        target.focus();
        target.setSelectionRange(caret, caret);
        target.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
  }

  // "Language you are writing in" sets the direction of the form's text boxes.
  function setupWritingLanguage() {
    document.querySelectorAll("input[type=radio][name=language]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked || !radio.form) { return; }
        var language = radio.value;
        radio.form.querySelectorAll("[data-follows-language]").forEach(function (box) {
          box.setAttribute("lang", language);
          box.setAttribute("dir", language === "ar" ? "rtl" : "auto");
        });
      });
    });
  }

  // A filter form that applies itself as soon as a choice changes (its button stays, for
  // keyboards and for browsers without scripts).
  function setupAutoFilters() {
    document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
      form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () { form.requestSubmit(); });
      });
    });
  }

  // Typing an answer to a reviewer's comment inside the progress form is not a change to the
  // draft: it neither starts an autosave nor warns on leaving.
  function setupCommentsInForm() {
    document.querySelectorAll(".progress-form .comment-field").forEach(function (box) {
      ["input", "change"].forEach(function (type) {
        box.addEventListener(type, function (event) { event.stopPropagation(); });
      });
    });
  }

  // After a conversation comes back from the server, put the reader where they were: on the
  // field that needs correcting, or else on the conversation itself.
  function setupCommentFocus() {
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail.target;
      if (!target || !target.closest) return;
      var swapped = document.getElementById(target.id) || target;
      if (swapped.id === "evidence-section") {
        var problem = swapped.querySelector("[aria-invalid=true]");
        var note = swapped.querySelector("[role=status]");
        if (problem) { problem.focus(); } else if (note) { note.setAttribute("tabindex", "-1"); note.focus(); }
        return;
      }
      if (!swapped.classList.contains("comment-thread") && !swapped.classList.contains("comment-field")) return;
      var invalid = swapped.querySelector("[aria-invalid=true]");
      if (invalid) { invalid.focus(); return; }
      swapped.setAttribute("tabindex", "-1");
      swapped.focus();
    });
  }

  // The fields an autosave could not keep (too long, not a number) are marked until the
  // next autosave keeps them.
  function setupHeldBackFields() {
    document.body.addEventListener("htmx:afterSwap", function () {
      var status = document.getElementById("autosave-status");
      if (!status) return;
      var held = (status.getAttribute("data-held-back") || "").split(" ").filter(Boolean);
      document.querySelectorAll(".field--held-back").forEach(function (field) {
        field.classList.remove("field--held-back");
      });
      held.forEach(function (id) {
        var input = document.getElementById(id);
        if (!input) return;
        var field = input.closest(".field");
        if (field) field.classList.add("field--held-back");
      });
    });
  }

  // Under a breakdown of a count, what its groups add up to so far, beside the value.
  function setupBreakdownSums() {
    document.querySelectorAll("table[data-adds-up-to]").forEach(function (table) {
      var output = table.querySelector("[data-sum-of-table]");
      var value = document.getElementById(table.getAttribute("data-adds-up-to"));
      if (!output || !value) return;
      function number(text) {
        var cleaned = (text || "").replace(/,/g, "").trim();
        return cleaned === "" || isNaN(Number(cleaned)) ? null : Number(cleaned);
      }
      function update() {
        var sum = 0, any = false;
        table.querySelectorAll("tbody input").forEach(function (input) {
          var n = number(input.value);
          if (n !== null) { sum += n; any = true; }
        });
        var total = number(value.value);
        output.textContent = any ? (total === null ? String(sum) : sum + " / " + total) : "—";
        output.classList.toggle("breakdown-over", any && total !== null && sum > total);
      }
      table.addEventListener("input", update);
      value.addEventListener("input", update);
      update();
    });
  }

  // A table too wide for the screen scrolls inside its box: the box takes the keyboard focus
  // (so it can be scrolled without a mouse) and is named after its table.
  function setupScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.hasAttribute("tabindex") || box.scrollWidth <= box.clientWidth) return;
      var caption = box.querySelector("caption");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (caption && caption.id) {
        box.setAttribute("aria-labelledby", caption.id);
      } else {
        box.setAttribute("aria-label", caption ? caption.textContent.trim() :
          (document.documentElement.lang === "ar" ? "جدول" : "Table"));
      }
    });
  }

  // A summary of what needs correcting takes the focus when the page opens, so that screen
  // readers read it first and keyboards start from it.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (!summary) return;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    setupScrollingTables();
    setupBreakdownSums();
    setupHeldBackFields();
    setupCommentsInForm();
    setupCommentFocus();
    setupAutoFilters();
    setupWritingLanguage();
    setupCitations();
    setupWordCounts();
    setupUnsavedWarning();
    setupSaveAfterAutosave();
    setupNoAutosaveAfterSave();
    setupPeriodicAutosave();
  });
})();
