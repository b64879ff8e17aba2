// Vigil's own script: only what htmx does not do by itself. Pages work
// without it.

// Uploads show their progress in the form's <progress> element.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest && event.target.closest("form");
  var bar = form && form.querySelector("progress[data-upload]");
  if (!bar || !event.detail.lengthComputable) return;
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
});
