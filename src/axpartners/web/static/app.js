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
