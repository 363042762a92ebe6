/* Progressive enhancement only: every page works without this file.
   Search forms drop empty and default fields before they are sent, so shared search
   addresses stay short ("?q=englisch&town=bensheim" instead of a list of empty fields). */
(function () {
  "use strict";
  var DEFAULTS = { sort: "relevance" };

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "get") return;
    var near = form.elements.namedItem("near");
    var nearEmpty = !near || !near.value || !near.value.trim();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled) return;
      var drop = field.value === "" ||
        DEFAULTS[field.name] === field.value ||
        (field.name === "radius_km" && nearEmpty);
      if (drop) {
        field.disabled = true;
        field.setAttribute("data-was-empty", "");
      }
    });
  });

  // Coming back with the browser's back button must show the form usable again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-was-empty]"), function (field) {
      field.disabled = false;
      field.removeAttribute("data-was-empty");
    });
  });
})();

/* Filters apply as soon as a box is ticked or a choice is made (forms marked
   data-autosubmit; the "Filter anwenden" button stays for everyone without JavaScript and
   for typed fields). On phones the filter section starts folded so the results are in view. */
(function () {
  "use strict";
  var AUTO = "input[type=checkbox], input[type=radio], select";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches(AUTO) || !field.form) return;
    var form = field.form;
    if (!form.hasAttribute("data-autosubmit")) return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  var small = window.matchMedia && window.matchMedia("(max-width: 50rem)");
  if (small && small.matches) {
    Array.prototype.forEach.call(
      document.querySelectorAll("details[data-collapse-small]"),
      function (drawer) { drawer.open = false; }
    );
  }
})();
