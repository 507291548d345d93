// Citations in a real browser: hovering or focusing a citation shows its
// source preview, Escape hides it, the number jumps to the Sources entry and
// its back-link returns to the citation; with JavaScript off the jump works.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { launch, serveSite } = require("./harness.cjs");

let browser, server;
const ESSAY = "/essays/russia-syria-bases/";

before(async () => {
  server = await serveSite();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  await page.goto(server.url + ESSAY);
  return { context, page };
}

const visible = (page, id) =>
  page.evaluate((id) => getComputedStyle(document.getElementById(id)).visibility === "visible", id);

test("hovering a citation shows its source preview", async () => {
  const { context, page } = await open();
  assert.equal(await visible(page, "cite-1-1-preview"), false, "hidden before hover");
  await page.hover("#cite-1-1");
  assert.equal(await visible(page, "cite-1-1-preview"), true, "shown on hover");
  const text = await page.textContent("#cite-1-1-preview");
  const sourceText = await page.textContent("#source-1 .source-title");
  assert.ok(text.includes(sourceText.trim()), `preview "${text}" names the source "${sourceText}"`);
  await page.mouse.move(0, 0);
  assert.equal(await visible(page, "cite-1-1-preview"), false, "hidden again after the pointer leaves");
  await context.close();
});

test("focusing a citation with the keyboard shows its preview, Escape hides it", async () => {
  const { context, page } = await open();
  // Tab until the first citation has focus, as a keyboard user would.
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.id === "cite-1-1")) break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), "cite-1-1", "citation reachable by Tab");
  assert.equal(await visible(page, "cite-1-1-preview"), true, "shown on focus");
  const describedBy = await page.getAttribute("#cite-1-1", "aria-describedby");
  assert.equal(describedBy, "cite-1-1-preview", "screen readers get the preview as description");
  await page.keyboard.press("Escape");
  assert.equal(await visible(page, "cite-1-1-preview"), false, "Escape hides the preview");
  await context.close();
});

test("a citation jumps to its source and the back-link returns", async () => {
  const { context, page } = await open();
  const href = await page.getAttribute("#cite-2-1", "href");
  await page.click("#cite-2-1");
  assert.equal(new URL(page.url()).hash, href, "jumped to the Sources entry");
  assert.ok(await page.isVisible(href), "the entry is on screen");
  await page.click(`${href} .backrefs a[href="#cite-2-1"]`);
  assert.equal(new URL(page.url()).hash, "#cite-2-1", "back-link returns to the citation");
  const inView = await page.evaluate(() => {
    const r = document.getElementById("cite-2-1").getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.ok(inView, "the citation is scrolled into view");
  await context.close();
});

test("with JavaScript off the citation still jumps to its source", async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  await page.click("#cite-1-1");
  assert.equal(new URL(page.url()).hash, "#source-1");
  await context.close();
});
