// `cable serve` in a real browser: an edited essay shows up without a manual
// reload and keeps the scroll position; a broken front matter shows an
// overlay naming file:line, and fixing it removes the overlay; a stylesheet
// edit in static/ is swapped in without a reload; more tabs than HTTP/1.1's
// six connections per host all load and reload (one shared stream).
//
// Runs the release binary (target/release/cable, or $CABLE_BIN) on a copy of
// the example site in a temporary folder, on a free port.
const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { launch } = require("./harness.cjs");

const REPO = path.join(__dirname, "..", "..");
const ESSAY_FILE = "content/essays/russia-syria-bases.md";
const ESSAY = "essays/russia-syria-bases/";
const PATIENCE = 20000;

let browser, server, site, url;
const originals = new Map();

// Starts `cable serve --port 0` and resolves with its URL once it prints it.
function startServer(root) {
  let bin = process.env.CABLE_BIN || path.join(REPO, "target", "release", "cable");
  if (!fs.existsSync(bin)) {
    const built = spawnSync("cargo", ["build", "--release", "--quiet"], { cwd: REPO, stdio: "inherit" });
    assert.equal(built.status, 0, "cargo build --release");
  }
  const child = spawn(bin, ["serve", "--root", root, "--port", "0"], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.log = "";
  child.stderr.on("data", (chunk) => (child.log += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cable serve printed no URL:\n${child.log}`)), PATIENCE);
    child.on("exit", (code) => reject(new Error(`cable serve exited (${code}):\n${child.log}`)));
    child.stdout.on("data", (chunk) => {
      child.log += chunk;
      const found = /^Serving .* at (http:\/\/\S+)/m.exec(child.log);
      if (found) {
        clearTimeout(timer);
        resolve({ child, url: found[1] });
      }
    });
  });
}

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "cable-serve-browser-"));
  for (const name of ["site.toml", "content", "themes", "templates", "static"]) {
    if (fs.existsSync(path.join(REPO, name))) fs.cpSync(path.join(REPO, name), path.join(site, name), { recursive: true });
  }
  // The site's own stylesheet, overriding the theme's: what the CSS test edits.
  fs.mkdirSync(path.join(site, "static"), { recursive: true });
  fs.copyFileSync(path.join(REPO, "themes", "default", "static", "style.css"), path.join(site, "static", "style.css"));
  ({ child: server, url } = await startServer(site));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.on("exit", resolve));
    server.kill("SIGINT");
    const timer = setTimeout(() => server.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

// Runs `action` (a file edit) and waits until the server has rebuilt after
// it: the next event on the live-reload stream.
async function rebuiltAfter(action) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PATIENCE);
  try {
    const response = await fetch(url.replace(/^(http:\/\/[^/]+).*$/, "$1/__cable/events"), { signal: controller.signal });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let acted = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!acted && text.includes("event: hello")) {
        acted = true;
        text = "";
        action();
      } else if (acted && /event: (reload|css|build-error)/.test(text)) {
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

// Puts back every file a test changed, and waits for that build, so that it
// cannot reload the next test's page.
afterEach(async () => {
  if (originals.size === 0) return;
  await rebuiltAfter(() => {
    for (const [file, text] of originals) fs.writeFileSync(file, text);
  });
  originals.clear();
});

function edit(relative, change) {
  const file = path.join(site, relative);
  const text = fs.readFileSync(file, "utf8");
  if (!originals.has(file)) originals.set(file, text);
  fs.writeFileSync(file, change(text));
}

// Polls `check` (which may run while the page reloads) until it is truthy.
async function eventually(page, check, what) {
  const deadline = Date.now() + PATIENCE;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await page.evaluate(check);
      if (last) return last;
    } catch {
      // The page is navigating (a reload): try again.
    }
    await page.waitForTimeout(50);
  }
  assert.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})\n${server.log}`);
}

// Opens the essay once its live-reload stream is connected.
async function open() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(url + ESSAY);
  await eventually(page, () => window.cableServe?.connected, "the live-reload connection");
  return { context, page };
}

test("an edited essay updates without a manual reload and keeps its scroll position", { timeout: 60000 }, async () => {
  const { context, page } = await open();
  const y = await page.evaluate(() => {
    window.scrollTo(0, Math.min(1200, document.body.scrollHeight - innerHeight - 10));
    window.beforeReload = true;
    return window.scrollY;
  });
  assert.ok(y > 300, `the essay scrolls (${y})`);
  edit(ESSAY_FILE, (text) => text + "\nA sentence added while the tab was open (browser-serve-test).\n");
  await eventually(page, () => document.body.innerText.includes("browser-serve-test"), "the new sentence");
  assert.equal(await page.evaluate(() => window.beforeReload), undefined, "the page reloaded by itself");
  await eventually(page, () => document.readyState === "complete", "the reloaded page");
  const after = await page.evaluate(() => window.scrollY);
  assert.ok(Math.abs(after - y) <= 2, `scroll position kept: ${after} vs ${y}`);
  await context.close();
});

test("a broken front matter shows an overlay naming file:line; fixing it removes it", { timeout: 60000 }, async () => {
  const { context, page } = await open();
  const original = fs.readFileSync(path.join(site, ESSAY_FILE), "utf8");
  const line = original.split("\n").findIndex((l) => l.startsWith("date = ")) + 1;
  assert.ok(line > 1, "the essay has a date line");
  // Markup in the broken value must show as text, never as HTML.
  edit(ESSAY_FILE, (text) => text.replace(/^date = .*$/m, 'date = "<b>someday</b>"'));
  await page.waitForSelector("#cable-error-overlay .location", { timeout: PATIENCE });
  const text = await page.evaluate(() => document.getElementById("cable-error-overlay").shadowRoot.textContent);
  assert.ok(text.includes(`${ESSAY_FILE}:${line}:`), `the overlay names ${ESSAY_FILE}:${line}: ${text}`);
  assert.ok(text.includes("<b>someday</b>"), "the offending line is quoted as text");
  assert.equal(await page.$("#cable-error-overlay b"), null, "no markup injected");
  assert.ok(await page.isVisible("#cable-error-overlay .backdrop"), "the overlay is visible");
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.getElementById("cable-error-overlay").shadowRoot.querySelector("pre")).color),
    "rgb(228, 228, 231)",
    "the site's CSS does not restyle the overlay",
  );
  // The last good build is still there beneath.
  assert.ok((await page.textContent("h1")).includes("Moscow adapts"));

  edit(ESSAY_FILE, () => original);
  await eventually(
    page,
    () => document.readyState === "complete" && window.cableServe?.connected && !document.getElementById("cable-error-overlay"),
    "the overlay to go",
  );
  await page.waitForTimeout(300);
  assert.equal(await page.$("#cable-error-overlay"), null, "the overlay stays gone");
  await context.close();
});

test("a stylesheet edit in static/ is swapped in without a reload", { timeout: 60000 }, async () => {
  const { context, page } = await open();
  await page.evaluate(() => (window.keptAcrossSwap = "still here"));
  const before = await page.evaluate(() => getComputedStyle(document.querySelector("h1")).color);
  assert.notEqual(before, "rgb(1, 2, 3)");
  edit("static/style.css", (text) => text + "\nh1 { color: rgb(1, 2, 3) !important; }\n");
  await eventually(page, () => getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)", "the new style");
  assert.equal(await page.evaluate(() => window.keptAcrossSwap), "still here", "no reload");
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('link[rel~="stylesheet"]').length),
    1,
    "the old stylesheet was removed",
  );
  await context.close();
});

test("many open tabs all load and all reload (one live-reload connection per browser)", { timeout: 90000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  const pages = [];
  // More tabs than the 6 connections per host HTTP/1.1 allows.
  for (let i = 0; i < 8; i++) {
    const page = await context.newPage();
    await page.goto(url + ESSAY, { timeout: PATIENCE });
    await eventually(page, () => window.cableServe?.connected, `tab ${i + 1} connected`);
    await page.evaluate(() => (window.beforeReload = true));
    pages.push(page);
  }
  edit(ESSAY_FILE, (text) => text + "\nEvery tab sees this (many-tabs-test).\n");
  for (const [i, page] of pages.entries()) {
    await eventually(page, () => document.body.innerText.includes("many-tabs-test"), `tab ${i + 1} reloaded`);
    assert.equal(await page.evaluate(() => window.beforeReload), undefined, `tab ${i + 1} reloaded by itself`);
  }
  await context.close();
});

test("without SharedWorker a tab keeps its own live-reload stream", { timeout: 60000 }, async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.SharedWorker = undefined;
  });
  const page = await context.newPage();
  await page.goto(url + ESSAY);
  await eventually(page, () => window.cableServe?.connected, "the live-reload connection");
  edit(ESSAY_FILE, (text) => text + "\nNo worker needed (no-worker-test).\n");
  await eventually(page, () => document.body.innerText.includes("no-worker-test"), "the new sentence");
  await context.close();
});
