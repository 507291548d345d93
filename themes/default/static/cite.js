// Citation previews show on hover and focus through CSS alone; this script
// only lets Escape hide an open preview (WCAG 1.4.13) until the pointer or
// focus moves on.
(function () {
  function open() { return document.querySelectorAll(".cite:hover, .cite:focus-within"); }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") open().forEach(function (c) { c.classList.add("cite-dismissed"); });
  });
  function reset(e) {
    var c = e.target.closest && e.target.closest(".cite");
    if (c) c.classList.remove("cite-dismissed");
  }
  document.addEventListener("mouseout", reset);
  document.addEventListener("focusout", reset);
})();
