// Live preview of Markdown fields in the admin's change form, rendered by the portal's own
// renderer (the admin's markdown-preview endpoint), so editors see what readers will see.
(function () {
  "use strict";
  var config = document.getElementById("markdown-preview-config");
  if (!config) return;
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function attach(textarea) {
    var panel = document.createElement("section");
    panel.className = "markdown-preview";
    panel.setAttribute("aria-live", "polite");
    var heading = document.createElement("h3");
    heading.textContent = config.dataset.label;
    var output = document.createElement("div");
    output.className = "markdown-preview-output";
    panel.appendChild(heading);
    panel.appendChild(output);
    // Below the field and its help text, full width, rather than squeezed beside the textarea.
    var row = textarea.closest(".form-row") || textarea.parentNode;
    row.appendChild(panel);

    var timer = null;
    var latest = 0;
    var pending = null;
    function refresh() {
      var request = ++latest;
      var body = new FormData();
      body.append("text", textarea.value);
      // A newer text replaces the request still under way, rather than queueing behind it.
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(config.dataset.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        signal: pending.signal,
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (request !== latest) return;
          if (data.error) {
            // Why the text cannot be shown (too long, nested too deeply, too slow to format), as plain text.
            output.textContent = data.error;
            panel.classList.add("markdown-preview-error");
          } else {
            // The renderer's output is sanitized HTML, the same that the public page shows.
            output.innerHTML = data.html;
            panel.classList.remove("markdown-preview-error");
          }
        })
        .catch(function () {});
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    refresh();
  }

  document.querySelectorAll("textarea[name^=body]").forEach(attach);
})();
