// Forms that volunteers can fill (issue 9): the error summary, the counters of long texts
// and the recurrence field. Everything here is an extra: without JavaScript the error
// summary is still at the top with links that jump to the fields, the counters show the
// count the page was sent with, and every part of the recurrence field is visible.
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]):not([disabled]), select, textarea, button";

  // --- The error summary (HDS form validation pattern) ---------------------------------

  function fieldFor(target) {
    if (target.matches(FOCUSABLE)) {
      return target;
    }
    // A group of checkboxes or radio buttons, or a field of several parts: its first input.
    return target.querySelector(FOCUSABLE);
  }

  function labelFor(field) {
    var group = field.closest("fieldset");
    if (field.id) {
      var label = document.querySelector('label[for="' + CSS.escape(field.id) + '"]');
      if (label && !(field.type === "checkbox" || field.type === "radio")) {
        return label;
      }
    }
    return group ? group.querySelector("legend") || group : field;
  }

  function onSummaryClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var field = target && fieldFor(target);
    if (!field) {
      return; // the browser jumps to the fragment as usual
    }
    event.preventDefault();
    labelFor(field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  function setUpSummaries(root) {
    var summaries = root.querySelectorAll("[data-error-summary]");
    summaries.forEach(function (summary) {
      if (summary.dataset.ready) {
        return;
      }
      summary.dataset.ready = "1";
      summary.addEventListener("click", onSummaryClick);
    });
    // After a failed submit the focus goes to the summary, which is announced.
    if (summaries.length) {
      summaries[0].focus();
    }
  }

  // --- Counters of long texts ----------------------------------------------------------

  var liveRegion = null;

  function announce(text) {
    if (!liveRegion) {
      liveRegion = document.createElement("div");
      liveRegion.className = "visually-hidden";
      liveRegion.setAttribute("aria-live", "polite");
      liveRegion.id = "char-counter-announcement";
      document.body.appendChild(liveRegion);
    }
    liveRegion.textContent = text;
  }

  function metaContent(name) {
    var meta = document.querySelector('meta[name="' + name + '"]');
    return meta ? meta.content : "";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? values[key] : match;
    });
  }

  function counterFor(area) {
    var counter = document.getElementById(area.id + "_counter");
    if (counter) {
      return counter;
    }
    // A text area of a form that did not render its own counter: make one, and let the
    // server (not the browser) refuse a text that is too long, so that nothing typed or
    // pasted is cut off.
    area.dataset.limit = area.getAttribute("maxlength");
    area.removeAttribute("maxlength");
    counter = document.createElement("div");
    counter.className = "hds-text-input__helper-text char-counter";
    counter.id = (area.id || area.name) + "_counter";
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    return counter;
  }

  function setUpCounter(area) {
    if (area.dataset.counterReady) {
      return;
    }
    area.dataset.counterReady = "1";
    var counter = counterFor(area);
    var limit = parseInt(area.dataset.limit, 10);
    var numbers = new Intl.NumberFormat(document.documentElement.lang || "fi");
    var template = counter.dataset.template || metaContent("coact-counter");
    var overTemplate = counter.dataset.overTemplate || metaContent("coact-counter-over");
    var pause = null;
    var announced = "";

    function text() {
      var count = Array.from(area.value).length; // characters, as the server counts them
      var values = {
        count: numbers.format(count),
        limit: numbers.format(limit),
        over: numbers.format(count - limit),
      };
      counter.classList.toggle("char-counter--over", count > limit);
      return fill(count > limit && overTemplate ? overTemplate : template, values);
    }

    function update() {
      var now = text();
      counter.textContent = now;
      // Announced politely once the typing pauses, not at every key press.
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        if (now !== announced) {
          announced = now;
          announce(now);
        }
      }, 1200);
    }

    counter.textContent = text();
    announced = counter.textContent;
    area.addEventListener("input", update);
  }

  function setUpCounters(root) {
    root.querySelectorAll("textarea[data-limit], textarea[maxlength]").forEach(setUpCounter);
  }

  // --- The recurrence field: the week of the month only for "once a month" -------------

  function setUpRecurrence(root) {
    root.querySelectorAll("[data-recurrence]").forEach(function (field) {
      var position = field.querySelector("[data-recurrence-position]");
      if (!position || field.dataset.ready) {
        return;
      }
      field.dataset.ready = "1";
      function update() {
        var chosen = field.querySelector("input[type=radio]:checked");
        position.hidden = !(chosen && chosen.value === "monthly");
      }
      field.addEventListener("change", update);
      update();
    });
  }

  // A field that belongs to one choice of a radio group ("repeat=custom"): shown while
  // that choice is made.
  function setUpShownWith(root) {
    root.querySelectorAll("[data-shown-with]").forEach(function (field) {
      var form = field.closest("form");
      var group = field.closest(".form-field") || field;
      var parts = field.dataset.shownWith.split("=");
      if (!form || field.dataset.shownReady) {
        return;
      }
      field.dataset.shownReady = "1";
      function update() {
        var chosen = form.querySelector('input[name="' + parts[0] + '"]:checked');
        group.hidden = !(chosen && chosen.value === parts[1]);
      }
      form.addEventListener("change", update);
      update();
    });
  }

  function setUp(root) {
    setUpSummaries(root);
    setUpCounters(root);
    setUpRecurrence(root);
    setUpShownWith(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
  // Parts of a page that htmx replaces (the network's board) are set up again.
  document.addEventListener("htmx:afterSettle", function () {
    setUp(document);
  });
})();
