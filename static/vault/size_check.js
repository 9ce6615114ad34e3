// Refuses at once, before anything is sent, a file over the per-file limit. The limit and its
// French wording come from the input's data- attributes; the message is the server's, which
// still checks every file (without JavaScript, or if this script is bypassed).
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[type=file][data-max-file-bytes]");

  function tooLarge(input) {
    var limit = Number(input.getAttribute("data-max-file-bytes"));
    var label = input.getAttribute("data-max-file-label");
    var refused = [];
    Array.prototype.forEach.call(input.files || [], function (file) {
      if (limit && file.size > limit) {
        refused.push(
          "« " + file.name + " » dépasse la taille maximale autorisée par fichier (" + label + ")."
        );
      }
    });
    return refused;
  }

  function show(input, refused) {
    var box = document.getElementById(input.getAttribute("data-size-error"));
    if (!box) {
      return;
    }
    box.textContent = "";
    refused.forEach(function (text) {
      var line = document.createElement("p");
      line.textContent = text;
      box.appendChild(line);
    });
    if (refused.length) {
      var hint = document.createElement("p");
      hint.textContent = "Choisissez un fichier plus petit\u00a0: rien n’a été envoyé.";
      box.appendChild(hint);
    }
    box.hidden = refused.length === 0;
  }

  function check(input) {
    var refused = tooLarge(input);
    show(input, refused);
    if (refused.length) {
      // Nothing too large stays selected, so nothing too large can be sent.
      input.value = "";
    }
    return refused.length === 0;
  }

  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("change", function () {
      check(input);
    });
  });

  // Capture phase on the document: runs before the progress script's own submit handler.
  document.addEventListener(
    "submit",
    function (event) {
      var fields = event.target.querySelectorAll("input[type=file][data-max-file-bytes]");
      var ok = true;
      Array.prototype.forEach.call(fields, function (input) {
        ok = check(input) && ok;
      });
      if (!ok) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
