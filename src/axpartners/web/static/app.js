// Confirmation for destructive forms (no inline scripts: the CSP forbids them).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form.confirm") && !window.confirm(form.dataset.confirm || "?")) {
    event.preventDefault();
  }
});
// HTMX requests carry the CSRF token from the page's forms.
document.addEventListener("htmx:configRequest", function (event) {
  var input = document.querySelector("input[name=csrf_token]");
  if (input) { event.detail.headers["X-CSRF-Token"] = input.value; }
});
// A select with data-follows="ID" shows only the optgroup of the region chosen in #ID
// (the 시·군·구 of the chosen 시·도); without JavaScript every group stays visible.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-follows]").forEach(function (select) {
    var leader = document.getElementById(select.dataset.follows);
    if (!leader) { return; }
    function sync() {
      select.querySelectorAll("optgroup").forEach(function (group) {
        var match = !leader.value || group.dataset.region === leader.value;
        group.hidden = !match;
        group.disabled = !match;
      });
      var chosen = select.selectedOptions[0];
      if (chosen && chosen.parentElement.disabled) { select.value = ""; }
    }
    leader.addEventListener("change", sync);
    sync();
  });
});
