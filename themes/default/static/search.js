// The search page: Pagefind's default UI (pagefind-ui.js, loaded before this
// deferred script) in #search, its box labelled by the page's <label> and
// focused; /search/?q=word searches on arrival.
(function () {
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI !== "function") return;
  var ui = new PagefindUI({
    element: root,
    bundlePath: root.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    autofocus: true,
    translations: { placeholder: "Search the essays" },
  });
  var input = root.querySelector("input");
  var label = document.getElementById("search-label");
  if (input && label) {
    input.id = "search-input";
    label.htmlFor = "search-input";
  }
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
