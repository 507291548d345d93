// Search in a real browser: the /search/ page of the built example site
// loads Pagefind's default UI, typing a word that only one essay uses lists
// that essay, and its result links to it; the box is labelled and focused.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { launch, serveSite } = require("./harness.cjs");

let browser, server;
const WORD = "Hmeimim";
const ESSAY = "/essays/russia-syria-bases/";

before(async () => {
  server = await serveSite();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.url + path);
  return { context, page, errors };
}

// The results the UI lists (one per page; the essay's matching sections
// are nested under it), once it lists some.
const RESULT = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link";
async function results(page) {
  await page.waitForSelector(RESULT, { timeout: 15000 });
  return page.$$eval(RESULT, (links) =>
    links.map((a) => ({ href: new URL(a.href).pathname, text: a.textContent.trim() })),
  );
}

test("typing a word finds the one essay that uses it", async () => {
  const { context, page, errors } = await open("/search/");
  const input = page.locator("#search input");
  await input.waitFor();
  await input.fill(WORD);
  const found = await results(page);
  assert.equal(found.length, 1, `one result for ${WORD}: ${JSON.stringify(found)}`);
  assert.equal(found[0].href, ESSAY);
  const excerpt = await page.textContent(".pagefind-ui__result-excerpt");
  assert.match(excerpt, new RegExp(WORD), `the excerpt shows the word: ${excerpt}`);
  const sections = await page.$$eval(".pagefind-ui__result-nested .pagefind-ui__result-link", (links) =>
    links.map((a) => a.textContent.trim()),
  );
  assert.ok(sections.length > 0, "the sections that use the word are listed too");
  assert.ok(sections.every((s) => !s.endsWith("#")), `no heading anchors in ${sections}`);
  await page.click(RESULT);
  await page.waitForURL(server.url + ESSAY);
  const heading = (await page.textContent("h1")).trim();
  assert.equal(found[0].text, heading, "the result is titled as the essay");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the search box is labelled and has the focus", async () => {
  const { context, page } = await open("/search/");
  await page.locator("#search input").waitFor();
  const box = await page.evaluate(() => {
    const input = document.querySelector("#search input");
    return {
      focused: document.activeElement === input,
      label: input.labels && input.labels[0] ? input.labels[0].textContent : null,
    };
  });
  assert.ok(box.focused, "the box has the focus on arrival");
  assert.ok(box.label && box.label.includes("Search"), `a <label> names the box: ${box.label}`);
  await context.close();
});

test("?q= runs a search on arrival, and a word no essay uses finds nothing", async () => {
  const { context, page } = await open(`/search/?q=${WORD}`);
  const found = await results(page);
  assert.deepEqual(found.map((r) => r.href), [ESSAY]);
  await page.locator("#search input").fill("xylophonequartz");
  await page.waitForFunction((sel) => !document.querySelector(sel), RESULT, {
    timeout: 15000,
  });
  const message = await page.textContent(".pagefind-ui__message");
  assert.match(message, /No results/i);
  await context.close();
});

test("without JavaScript the page explains itself and links the archive", async () => {
  const { context, page } = await open("/search/", { javaScriptEnabled: false });
  const text = await page.textContent("main");
  assert.match(text, /needs JavaScript/);
  assert.ok(await page.$('main a[href$="/archive/"]'), "a link to the archive");
  await context.close();
});

test("the navigation links the search page", async () => {
  const { context, page } = await open("/");
  await page.click('.site-nav a:text-is("Search")');
  await page.waitForURL(server.url + "/search/");
  await context.close();
});
