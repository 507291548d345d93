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

// The preview card cite.js shows: visible, and its text.
const preview = (page) =>
  page.evaluate(() => {
    const tip = document.querySelector(".cite-preview");
    if (!tip || tip.hidden) return null;
    const r = tip.getBoundingClientRect();
    const style = getComputedStyle(tip);
    if (style.display === "none" || style.visibility !== "visible" || r.width === 0) return null;
    return { text: tip.textContent, left: r.left, right: r.right, bottom: r.bottom };
  });

test("hovering a citation shows its source preview", async () => {
  const { context, page } = await open();
  assert.equal(await preview(page), null, "no preview before hover");
  await page.hover("#cite-1-1");
  const shown = await preview(page);
  assert.ok(shown, "shown on hover");
  const sourceTitle = (await page.textContent("#source-1 .source-title")).trim();
  const publisher = (await page.textContent("#source-1 .publisher")).trim();
  assert.ok(shown.text.includes(sourceTitle), `preview "${shown.text}" names the source "${sourceTitle}"`);
  assert.ok(shown.text.includes(publisher), `preview names the publisher "${publisher}"`);
  const cite = await page.evaluate(() => document.getElementById("cite-1-1").getBoundingClientRect().top);
  assert.ok(shown.bottom <= cite, "the card sits above the citation");
  assert.ok(shown.left >= 0 && shown.right <= 1280, "the card stays inside the viewport");
  await page.mouse.move(0, 0);
  assert.equal(await preview(page), null, "hidden again after the pointer leaves");
  await context.close();
});

test("a citation with a locator shows it in the preview", async () => {
  const { context, page } = await open();
  const id = await page.evaluate(() => document.querySelector(".cite a[data-locator]")?.id);
  assert.ok(id, "the essay has a citation with a locator");
  const locator = await page.getAttribute(`#${id}`, "data-locator");
  await page.hover(`#${id}`);
  assert.ok((await preview(page)).text.endsWith(locator), "the locator ends the preview");
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
  assert.ok(await preview(page), "shown on focus");
  const describedBy = await page.getAttribute("#cite-1-1", "aria-describedby");
  assert.equal(describedBy, "source-1-desc", "screen readers get the source as description");
  const description = await page.textContent("#source-1-desc");
  assert.ok(description.includes((await page.textContent("#source-1 .source-title")).trim()));
  await page.keyboard.press("Escape");
  assert.equal(await preview(page), null, "Escape hides the preview");
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
  await page.hover("#cite-1-1");
  assert.equal(await preview(page), null, "no preview without JavaScript");
  await page.click("#cite-1-1");
  assert.equal(new URL(page.url()).hash, "#source-1");
  await context.close();
});
