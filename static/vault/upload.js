// Upload with a progress bar. Without JavaScript the form posts normally and works the same.
(function () {
  "use strict";
  var form = document.getElementById("vault-upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) {
    return;
  }
  var box = document.getElementById("vault-upload-progress");
  var bar = document.getElementById("vault-upload-bar");
  var status = document.getElementById("vault-upload-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        var percent = Math.round((100 * e.loaded) / e.total);
        bar.value = percent;
        bar.textContent = percent + " %";
        status.textContent = percent + " % envoyés";
      }
    });
    xhr.addEventListener("load", function () {
      // The server answers with the list's address; its messages tell what happened.
      var target = xhr.response && xhr.response.location;
      window.location.assign(target || window.location.href);
    });
    xhr.addEventListener("error", function () {
      status.textContent = "L'envoi a échoué. Vérifiez votre connexion et réessayez.";
      button.disabled = false;
    });
    box.hidden = false;
    button.disabled = true;
    status.textContent = "Envoi en cours…";
    xhr.send(new FormData(form));
  });
})();
