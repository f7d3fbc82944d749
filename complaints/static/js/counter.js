/* Progressive enhancement: a live character count under long text boxes.
   The form works the same without it; the server checks the length and keeps every word. */
(function () {
  "use strict";
  var areas = document.querySelectorAll("textarea[data-counter-max]");
  Array.prototype.forEach.call(areas, function (area) {
    var max = parseInt(area.getAttribute("data-counter-max"), 10);
    var left = area.getAttribute("data-counter-left");
    var over = area.getAttribute("data-counter-over");
    var note = document.createElement("p");
    note.className = "hint counter";
    note.id = area.id + "-counter";
    note.setAttribute("aria-live", "polite");
    area.parentNode.insertBefore(note, area.nextSibling);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    function update() {
      var remaining = max - area.value.length;
      var template = remaining >= 0 ? left : over;
      note.textContent = template.replace("%(count)s", Math.abs(remaining).toLocaleString(document.documentElement.lang));
      note.classList.toggle("error-message", remaining < 0);
    }
    area.addEventListener("input", update);
    update();
  });
})();
