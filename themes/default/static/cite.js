// Citation previews: shows a citation's Sources entry (its aria-describedby,
// which screen readers read anyway) as a card on hover and focus; Escape or
// moving away hides it. Without JavaScript the link still jumps there.
(function () {
  var tip, current;
  function link(e) { return e.target.closest ? e.target.closest(".cite a") : null; }
  function show(a) {
    var desc = document.getElementById(a.getAttribute("aria-describedby"));
    if (!desc) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "cite-preview";
      tip.setAttribute("aria-hidden", "true");
      document.body.appendChild(tip);
    }
    tip.innerHTML = "";
    desc.childNodes.forEach(function (n) {
      var c = n.cloneNode(true);
      if (c.nodeName === "A") { var t = document.createElement("cite"); t.textContent = c.textContent; c = t; }
      tip.appendChild(c);
    });
    if (a.dataset.locator) tip.appendChild(document.createTextNode(", " + a.dataset.locator));
    tip.hidden = false;
    var r = a.getBoundingClientRect(), w = tip.offsetWidth, h = tip.offsetHeight;
    var max = document.documentElement.clientWidth - w - 8;
    tip.style.left = scrollX + Math.max(8, Math.min(r.left + r.width / 2 - w / 2, max)) + "px";
    tip.style.top = scrollY + (r.top > h + 12 ? r.top - h - 8 : r.bottom + 8) + "px";
    current = a;
  }
  function hide() { if (tip) tip.hidden = true; current = null; }
  document.addEventListener("mouseover", function (e) { var a = link(e); if (a) show(a); });
  document.addEventListener("focusin", function (e) { var a = link(e); if (a) show(a); });
  document.addEventListener("mouseout", function (e) { if (link(e) === current && current !== document.activeElement) hide(); });
  document.addEventListener("focusout", function (e) { if (link(e) === current) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
