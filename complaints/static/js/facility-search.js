/* Progressive enhancement: search the jail directory as you type (an ARIA 1.2 combobox).
   Without this script the step offers the chosen state's jails in a plain list; with it, the
   search box appears and a suggestion, once chosen, fills that list (or its hidden stand-in). */
(function () {
  "use strict";
  var box = document.querySelector(".facility-search[data-url]");
  if (!box || !window.fetch) { return; }
  var form = box.closest("form");
  var input = box.querySelector("[role=combobox]");
  var list = box.querySelector("[role=listbox]");
  var status = box.querySelector("[role=status]");
  var target = form.querySelector("[name=facility_id]");
  var state = form.querySelector("select[name=state]");
  var results = [];
  var active = -1;
  var asked = 0;
  var timer = null;

  function say(text) { status.textContent = text; }

  function label(item) {
    var where = [item.city, item.county && item.county !== item.city ? item.county : null, item.state]
      .filter(Boolean).join(", ");
    return where ? item.name + " (" + where + ")" : item.name;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    Array.prototype.forEach.call(options, function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(index) {
    var item = results[index];
    if (!item) { return; }
    var value = String(item.id);
    if (target.tagName === "SELECT") {
      var existing = Array.prototype.find.call(target.options, function (option) {
        return option.value === value;
      });
      if (!existing) { target.add(new Option(label(item), value)); }
    }
    target.value = value;
    input.value = item.name;
    close();
    say(box.getAttribute("data-chosen").replace("%(name)s", label(item)));
  }

  function show(items) {
    results = items;
    list.textContent = "";
    items.forEach(function (item, index) {
      var option = document.createElement("li");
      option.id = "facility-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "facility-option";
      option.textContent = label(item);
      // mousedown, not click: the input keeps focus and the list is still there to click.
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(index); });
      list.appendChild(option);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    active = -1;
    say(items.length
      ? box.getAttribute("data-found").replace("%(count)s", items.length.toLocaleString(document.documentElement.lang))
      : box.getAttribute("data-none"));
  }

  function search() {
    var text = input.value.trim();
    var number = ++asked;
    if (text.replace(/\s/g, "").length < 2) { results = []; close(); say(""); return; }
    var url = box.getAttribute("data-url") + "?q=" + encodeURIComponent(text) +
      (state && state.value ? "&state=" + encodeURIComponent(state.value) : "");
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (items) { if (number === asked) { show(items); } })
      .catch(function () { if (number === asked) { results = []; close(); say(box.getAttribute("data-failed")); } });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
  input.addEventListener("keydown", function (event) {
    var count = results.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      if (list.hidden) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight(active <= 0 ? count - 1 : active - 1);
    } else if (event.key === "Enter") {
      // Never send the form from the search box: Enter chooses the highlighted suggestion.
      event.preventDefault();
      if (!list.hidden && active >= 0) { choose(active); }
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
  box.hidden = false;
})();
