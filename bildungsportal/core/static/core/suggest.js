/* Search box autocomplete: a WAI-ARIA 1.2 combobox with a listbox popup.
   Progressive enhancement only: without this file the search form works as it always did.

   Every <input data-suggest="/api/v1/suggest"> becomes a combobox. Texts come from the
   input's data attributes (translated in the template): data-suggest-label (the listbox's
   name), data-suggest-one / data-suggest-many (the count announced politely; "{n}" is
   replaced). Suggestions are links: choosing one opens its page. Enter without a chosen
   suggestion submits the form as before. */
(function () {
  "use strict";
  var DELAY_MS = 150;
  var MIN_CHARS = 2;

  function enhance(input, number) {
    var endpoint = input.getAttribute("data-suggest");
    var host = input.parentNode;
    var listId = (input.id || "suche-" + number) + "-vorschlaege";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var sequence = 0;

    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    host.classList.add("suggest-host");
    host.appendChild(list);
    host.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    function announce(count) {
      var text = "";
      if (count === 1) text = input.getAttribute("data-suggest-one") || "";
      else if (count > 1) text = (input.getAttribute("data-suggest-many") || "").replace("{n}", count);
      if (status.textContent !== text) status.textContent = text;
    }

    function setActive(index) {
      if (active >= 0 && list.children[active]) {
        list.children[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0) {
        var option = list.children[active];
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        if (option.scrollIntoView) option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!items.length) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function cancel() {
      clearTimeout(timer);
      sequence += 1; // any response still on its way is stale now
      if (controller) controller.abort();
      controller = null;
    }

    function render(suggestions) {
      items = suggestions;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.textContent = "";
      suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        var label = document.createElement("span");
        var kind = document.createElement("span");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "suggest-option suggest-" + suggestion.kind;
        label.className = "suggest-label";
        label.textContent = suggestion.label;
        kind.className = "suggest-kind";
        kind.textContent = suggestion.kind_label;
        option.appendChild(label);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(kind);
        list.appendChild(option);
      });
      if (suggestions.length) open();
      else close();
      announce(suggestions.length);
    }

    function choose(index) {
      var suggestion = items[index];
      if (!suggestion) return;
      close();
      window.location.assign(suggestion.url);
    }

    function fetchSuggestions() {
      var query = input.value;
      cancel();
      if (query.trim().length < MIN_CHARS) {
        render([]);
        return;
      }
      var mine = sequence;
      controller = typeof AbortController === "function" ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(query);
      fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (mine !== sequence || !body || body.query !== input.value) return; // stale
          render(Array.isArray(body.suggestions) ? body.suggestions : []);
        })
        .catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!items.length) return;
          event.preventDefault();
          if (!expanded) open();
          setActive(active + 1 < items.length ? active + 1 : 0);
          break;
        case "ArrowUp":
        case "Up":
          if (!items.length) return;
          event.preventDefault();
          if (!expanded) open();
          setActive(active > 0 ? active - 1 : items.length - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(active);
          } else {
            cancel();
            close();
          }
          break;
        case "Escape":
        case "Esc":
          if (expanded) {
            event.preventDefault(); // keep the text; a second Escape clears as usual
            cancel();
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { close(); });

    // mousedown would blur the input (and close the list) before the click arrives.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(Array.prototype.indexOf.call(list.children, option));
    });
    // Back from a suggestion's page: no stale popup.
    window.addEventListener("pageshow", function () { cancel(); close(); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), enhance);
})();
