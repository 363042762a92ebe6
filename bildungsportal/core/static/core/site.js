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
