/* The whole survey on one page: show only the parts and questions whose conditions hold,
   updated live while the respondent answers. Progressive enhancement only: without this
   file every part and question stays on the page with its note "Nur ausfüllen, wenn …",
   and the server decides on submit (it evaluates the conditions on the posted answers and
   drops the answers of hidden questions), so hidden questions keep their values here.

   The <form data-conditions="ID"> names a JSON block (json_script, one_page._render):
     {"fields": {question code: {"kind", "names": [field names], "min", "max"}},
      "pages": [{"id", "condition", "questions": [{"code", "id", "condition"}]}]}
   Conditions use the option values the form posts (choice ids, catalog values), with the
   semantics of logic.is_visible; an answer to a hidden question counts as no answer, until
   nothing changes (one_page.visible_codes). Elements with data-condition-id="ID" get the
   `hidden` attribute. A polite status region says how many questions were hidden or shown;
   the texts come from the form's data attributes (translated in the template), "{n}" is the
   number. The focus is never moved. Plain ES2017, no libraries. */
(function () {
  "use strict";

  var CHOICE_INPUTS = { radio: true, checkbox: true };

  function load(form) {
    var block = document.getElementById(form.getAttribute("data-conditions") || "");
    if (!block) return null;
    try {
      var data = JSON.parse(block.textContent);
      return data && Array.isArray(data.pages) && data.fields ? data : null;
    } catch (error) {
      return null;
    }
  }

  /* The posted form of a number as str(Decimal) gives it, or null if the server would
     reject it (then the question counts as unanswered). Decimal comma or point. */
  function number(text, field) {
    var match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.replace(",", "."));
    if (!match || !(match[2] || match[3])) return null;
    var whole = match[2].replace(/^0+/, "") || "0";
    var fraction = match[3] || "";
    if (fraction.length > 2 || (whole === "0" ? 0 : whole.length) > 10) return null;
    var result = (match[1] === "-" ? "-" : "") + whole + (fraction ? "." + fraction : "");
    var amount = parseFloat(result);
    if (field.min !== null && field.min !== undefined && amount < parseFloat(field.min)) return null;
    if (field.max !== null && field.max !== undefined && amount > parseFloat(field.max)) return null;
    return result;
  }

  /* {question code: [values]} for the questions the conditions refer to; unanswered
     questions are left out. */
  function answers(form, fields) {
    var result = {};
    Object.keys(fields).forEach(function (code) {
      var field = fields[code];
      var values = [];
      (field.names || []).forEach(function (name) {
        var controls = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
        Array.prototype.forEach.call(controls, function (control) {
          if (control.tagName === "SELECT") {
            Array.prototype.forEach.call(control.selectedOptions, function (option) {
              if (option.value) values.push(option.value);
            });
          } else if (CHOICE_INPUTS[control.type]) {
            if (control.checked) values.push(control.value);
          } else {
            var text = control.value.trim();
            if (field.kind === "number") text = text && number(text, field);
            if (text) values.push(text);
          }
        });
      });
      if (values.length) result[code] = values;
    });
    return result;
  }

  /* logic.is_visible: {} and anything malformed hold. */
  function holds(condition, given) {
    if (!condition || typeof condition !== "object" || Array.isArray(condition)) return true;
    if ("all" in condition) {
      return (Array.isArray(condition.all) ? condition.all : []).every(function (part) {
        return holds(part, given);
      });
    }
    if ("any" in condition) {
      var parts = Array.isArray(condition.any) ? condition.any : [];
      return !parts.length || parts.some(function (part) { return holds(part, given); });
    }
    if (typeof condition.question !== "string") return true;
    var values = given[condition.question] || [];
    if (condition.op === "answered") return values.length > 0;
    var wanted = Array.isArray(condition.value) ? condition.value : [];
    var hit = values.some(function (value) { return wanted.indexOf(value) !== -1; });
    return condition.op === "not_equals" || condition.op === "not_in" ? !hit : hit;
  }

  /* Which elements (by data-condition-id) and which questions are shown: one_page.visible_codes,
     answers of hidden questions dropped until nothing changes. */
  function visibility(pages, given) {
    var state;
    for (var round = 0; round < pages.length + 2; round++) {
      state = { elements: {}, questions: new Set() };
      pages.forEach(function (page) {
        var pageShown = holds(page.condition, given);
        if (page.id) state.elements[page.id] = pageShown;
        page.questions.forEach(function (question) {
          var shown = holds(question.condition, given);
          if (question.id) state.elements[question.id] = shown;
          if (pageShown && shown) state.questions.add(question.code);
        });
      });
      var kept = {};
      var same = true;
      Object.keys(given).forEach(function (code) {
        if (state.questions.has(code)) kept[code] = given[code];
        else same = false;
      });
      if (same) break;
      given = kept;
    }
    return state;
  }

  function enhance(form) {
    var data = load(form);
    if (!data) return;
    var elements = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-condition-id]"), function (el) {
      elements[el.getAttribute("data-condition-id")] = el;
    });
    var status = document.createElement("div");
    status.id = "bedingungen-status";
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    var shown = null;

    function text(count, one, many) {
      if (!count) return "";
      if (count === 1) return form.getAttribute(one) || "";
      return (form.getAttribute(many) || "").replace("{n}", String(count));
    }

    function announce(hidden, added) {
      var message = [
        text(hidden, "data-hidden-one", "data-hidden-many"),
        text(added, "data-shown-one", "data-shown-many"),
      ].filter(Boolean).join(" ");
      if (!message) return;
      // The same words again (back and forth): a changed text makes screen readers say it.
      if (status.textContent === message) message += "\u00a0";
      status.textContent = message;
    }

    function update(speak) {
      var state = visibility(data.pages, answers(form, data.fields));
      Object.keys(elements).forEach(function (id) {
        var hide = state.elements[id] === false;
        if (elements[id].hidden !== hide) elements[id].hidden = hide;
      });
      if (speak && shown) {
        var hidden = 0;
        var added = 0;
        shown.forEach(function (code) { if (!state.questions.has(code)) hidden++; });
        state.questions.forEach(function (code) { if (!shown.has(code)) added++; });
        announce(hidden, added);
      }
      shown = state.questions;
    }

    update(false);
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("input", function () { update(true); });
    window.addEventListener("pageshow", function () { update(false); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-conditions]"), enhance);
})();
