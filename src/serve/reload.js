// Cable's live reload, injected by `cable serve` into every HTML page (never
// into built sites). Listens to /__cable/events (Server-Sent Events), through
// the SharedWorker of worker.js, which shares one stream between all tabs:
//   hello  {version}        on connect; a page older than the build reloads
//   reload {version}        the site was rebuilt: reload, keeping the scroll position
//   css    {version}        only stylesheets changed: swap them, no reload
//   build-error {errors}    the build failed: show an overlay until it is fixed
(() => {
  "use strict";
  const script = document.currentScript;
  let version = script ? script.dataset.version : "";
  const KEY = "cable-serve-scroll:" + location.pathname;

  // Put the page back where it was before a reload.
  const saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    const [x, y] = JSON.parse(saved);
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    const restore = () => window.scrollTo(x, y);
    restore();
    if (document.readyState !== "complete") addEventListener("load", restore, { once: true });
  }

  function reload() {
    sessionStorage.setItem(KEY, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  }

  function swapStylesheets() {
    const stamp = Date.now().toString(36);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("cable", stamp);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      // Drop the old sheet only once the new one applies: no flash of unstyled text.
      const done = () => link.remove();
      fresh.addEventListener("load", done, { once: true });
      fresh.addEventListener("error", done, { once: true });
      link.after(fresh);
    }
  }

  // The overlay lives in a shadow root, so the site's CSS cannot restyle it.
  const OVERLAY = "cable-error-overlay";
  const STYLE = `
    :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: block; }
    .backdrop { position: absolute; inset: 0; overflow: auto; padding: 2rem 1rem; box-sizing: border-box;
      background: rgba(20, 20, 24, .94); color: #f4f4f5; font: 15px/1.5 system-ui, sans-serif; }
    .box { max-width: 60rem; margin: 0 auto; }
    h2 { margin: 0 0 .25rem; font-size: 1.3rem; color: #fca5a5; }
    .lead { margin: 0 0 1rem; color: #d4d4d8; }
    section { margin: 0 0 1rem; padding: .75rem 1rem; border-left: 4px solid #f87171; background: #27272a; }
    .location { margin: 0; font: 600 14px/1.4 ui-monospace, monospace; color: #fde68a; }
    .message { margin: .25rem 0 .5rem; font-weight: 600; }
    pre { margin: 0; overflow: auto; font: 13px/1.45 ui-monospace, monospace; white-space: pre; color: #e4e4e7; background: none; }
    button { font: inherit; padding: .3rem .9rem; border: 1px solid #71717a; border-radius: 4px;
      background: #3f3f46; color: inherit; cursor: pointer; }
    button:focus-visible { outline: 2px solid #fde68a; outline-offset: 2px; }`;
  function hideErrors() {
    document.getElementById(OVERLAY)?.remove();
  }
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // text, never HTML
    return node;
  }
  function showErrors(errors) {
    hideErrors();
    const host = document.createElement(OVERLAY);
    host.id = OVERLAY;
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    const backdrop = el("div", "backdrop");
    backdrop.setAttribute("role", "alertdialog");
    backdrop.setAttribute("aria-modal", "true");
    backdrop.setAttribute("aria-labelledby", "title");
    const box = el("div", "box");
    const title = el("h2", "", errors.length === 1 ? "The build failed" : `The build failed: ${errors.length} errors`);
    title.id = "title";
    box.append(title, el("p", "lead",
      "Fix it and save: this page updates by itself. Until then, the server keeps the last good build."));
    for (const error of errors) {
      const item = el("section", "error");
      if (error.location) item.append(el("p", "location", error.location));
      item.append(el("p", "message", error.message));
      if (error.detail) item.append(el("pre", "detail", error.detail));
      box.append(item);
    }
    const close = el("button", "", "Hide");
    close.type = "button";
    close.addEventListener("click", hideErrors);
    box.append(close);
    backdrop.append(box);
    backdrop.addEventListener("keydown", (event) => { if (event.key === "Escape") hideErrors(); });
    root.append(style, backdrop);
    document.body.append(host);
  }

  function handle(name, data) {
    if (name === "hello") {
      // A build finished between serving this page and connecting (or the
      // server restarted): this page is stale.
      if (String(data.version) !== version) reload();
      else window.cableServe = { connected: true }; // for tests: events will arrive
    } else if (name === "reload") {
      if (String(data.version) !== version) reload();
    } else if (name === "css") {
      version = String(data.version);
      hideErrors();
      swapStylesheets();
    } else if (name === "build-error") {
      showErrors(data.errors);
    }
  }

  // One connection for all tabs through a SharedWorker (see worker.js);
  // a stream of this tab's own where there is none.
  if (typeof SharedWorker === "function") {
    try {
      const worker = new SharedWorker("/__cable/worker.js", { name: "cable-serve" });
      worker.port.onmessage = (event) => handle(event.data.name, event.data.data);
      worker.port.start();
      addEventListener("pagehide", () => worker.port.postMessage("bye"));
      return;
    } catch {
      // Fall through to a stream of this tab's own.
    }
  }
  const events = new EventSource("/__cable/events");
  for (const name of ["hello", "reload", "css", "build-error"]) {
    events.addEventListener(name, (event) => handle(name, JSON.parse(event.data)));
  }
  // When the server stops, EventSource retries by itself; "hello" then tells
  // whether the page is stale.
})();
