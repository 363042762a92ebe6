/* Merkliste, progressive enhancement only: without this file every "Merken" button is a
   plain form POST that comes back to the same page. With it, the button changes in place:
   the same form is sent with fetch, the answer (JSON) turns the button and the count in the
   menu, focus stays on the button and a status region says what happened. */
(function () {
  "use strict";

  function status(text) {
    var region = document.querySelector("[data-watch-status]");
    if (!region) return;
    // Emptied first, so the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // One request at a time: the list lives in a cookie that each answer rewrites, so a
  // second click sent before the first answer arrived would carry the old list and drop
  // the first offering again (seen with two quick clicks on a slow connection).
  var queue = Promise.resolve();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-watch")) return;
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    var button = form.querySelector("button");
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    queue = queue.then(function () { return send(form, button); });
  });

  function send(form, button) {
    // form.action would be the hidden field named "action"
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      button.removeAttribute("aria-disabled");
      if (!answer.ok) {
        status(answer.data.error || "");
        return;
      }
      var data = answer.data;
      var id = form.elements.namedItem("id").value;
      // Every button of the same offering on the page (it may be listed twice) turns.
      Array.prototype.forEach.call(document.querySelectorAll("form[data-watch]"), function (other) {
        if (other.elements.namedItem("id").value !== id) return;
        var otherButton = other.querySelector("button");
        other.elements.namedItem("action").value = data.action;
        otherButton.classList.toggle("is-kept", data.kept);
        otherButton.querySelector(".watch-label").textContent = data.kept
          ? otherButton.getAttribute("data-remove") : otherButton.getAttribute("data-add");
      });
      Array.prototype.forEach.call(document.querySelectorAll("[data-watch-count]"),
        function (count) { count.textContent = "(" + data.count + ")"; });
      status(data.message);
    }).catch(function () {
      // No answer (offline, server error): send the form the ordinary way.
      button.removeAttribute("aria-disabled");
      form.submit();
    });
  }

  // "Drucken" on the Merkliste: the button exists for everyone, shown only where it works.
  Array.prototype.forEach.call(document.querySelectorAll("[data-watch-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
