// « Copier la réponse »: shown only with JavaScript; without it, the doctor selects the
// checked text in its read-only field. The check itself is always done by the server.
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = "Réponse copiée";
    });
  });
});
