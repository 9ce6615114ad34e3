// django-celery-beat's periodic task form, as its template's inline script did it (the CSP
// runs no inline script): the crontab's help says the chosen schedule in plain words, and the
// separate read-only line that repeats it is hidden.
"use strict";
{
  const data = document.getElementById("readable-crontabs");
  const help = document.querySelector(".field-crontab .help");
  const select = document.getElementById("id_crontab");
  for (const row of document.querySelectorAll(".field-crontab_translation")) {
    row.classList.add("hidden");
  }
  if (data && help && select) {
    const crontabs = JSON.parse(data.textContent);
    const original = help.textContent.trim();
    const show = () => {
      const plain = crontabs[select.value];
      help.textContent = original;
      if (plain) {
        help.append(document.createElement("br"), `En clair\u00a0: ${plain}`);
      }
    };
    select.addEventListener("change", show);
    show();
  }
}
