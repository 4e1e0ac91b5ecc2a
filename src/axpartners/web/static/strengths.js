// Strengths page: the selectors apply as soon as one changes. A new dataset drops the measure
// and year of the previous one (the server then picks the new dataset's defaults).
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("selectors");
    if (!form) { return; }
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!target || target.tagName !== "SELECT") { return; }
      if (target.name === "dataset") {
        ["measure", "year"].forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (field) { field.disabled = true; }
        });
      }
      form.submit();
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
