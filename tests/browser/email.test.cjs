// Reader support and the email edition in a real browser: the support block
// under an essay and the subscribe form in the footer, in light and dark,
// pass axe; the form posts the address to the provider; the email edition
// renders as one column. Screenshots for review go to tests/browser/output/
// (git-ignored):
//   essay-end-light.png, essay-end-dark.png   the support block, at 1000 px
//   footer-light.png, footer-dark.png         the footer's subscribe form
//   subscribe-page-light.png, -dark.png       /subscribe/
//   essay-end-mobile-dark.png                 support block at 390 px
//   email-desktop.png, email-mobile.png       essays/…/email.html, whole
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { AxeBuilder } = require("@axe-core/playwright");
const { launch, serveSite } = require("./harness.cjs");

const ESSAY = "/essays/russia-syria-bases/";
const OUT = path.join(__dirname, "output");
let browser, server;

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await serveSite();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function open(url, { scheme = "light", width = 1000, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
  // Nothing leaves the machine: the provider's endpoint is answered here.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
    route.fulfill({ status: 200, contentType: "text/html", body: "<p>Thanks</p>" }),
  );
  const page = await context.newPage();
  await page.goto(server.url + url);
  return { context, page };
}

const violations = async (page, selectors) => {
  let builder = new AxeBuilder({ page });
  for (const selector of selectors) builder = builder.include(selector);
  const { violations } = await builder.analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
};

for (const scheme of ["light", "dark"]) {
  test(`support block and subscribe form pass axe, ${scheme}`, async () => {
    const { context, page } = await open(ESSAY, { scheme });
    assert.deepEqual(await violations(page, ["aside.support", ".site-footer .subscribe"]), []);
    await page.locator("aside.support").screenshot({ path: path.join(OUT, `essay-end-${scheme}.png`) });
    await page.locator(".site-footer").screenshot({ path: path.join(OUT, `footer-${scheme}.png`) });
    await context.close();

    const sub = await open("/subscribe/", { scheme });
    assert.deepEqual(await violations(sub.page, ["main"]), []);
    await sub.page.screenshot({ path: path.join(OUT, `subscribe-page-${scheme}.png`), fullPage: true });
    await sub.context.close();
  });
}

test("the support block is a card with one primary button", async () => {
  const { context, page } = await open(ESSAY, { scheme: "dark", width: 390, height: 844 });
  const card = await page.evaluate(() => {
    const aside = document.querySelector("aside.support");
    const primary = aside.querySelectorAll(".button-primary");
    const style = getComputedStyle(primary[0]);
    return {
      primaries: primary.length,
      buttons: aside.querySelectorAll(".button").length,
      background: style.backgroundColor,
      comment: aside.querySelector(".support-comments a")?.href ?? "",
      beforeSources: !!(aside.compareDocumentPosition(document.querySelector(".sources")) & Node.DOCUMENT_POSITION_FOLLOWING),
    };
  });
  assert.equal(card.primaries, 1);
  assert.ok(card.buttons >= 2, "tip-jar buttons beside the primary one");
  assert.notEqual(card.background, "rgba(0, 0, 0, 0)", "the primary button is filled");
  assert.match(card.comment, /russia-syria-bases/, "the comment link names the essay");
  assert.ok(card.beforeSources, "the block comes before the Sources");
  await page.locator("aside.support").screenshot({ path: path.join(OUT, "essay-end-mobile-dark.png") });
  await context.close();
});

test("the footer form posts the address to the provider", async () => {
  const { context, page } = await open(ESSAY);
  const form = page.locator(".site-footer form.subscribe-form");
  assert.equal(await form.getAttribute("method"), "post");
  const action = await form.getAttribute("action");
  assert.match(action, /^https:\/\/buttondown\.com\/api\/emails\/embed-subscribe\/global-geopolitics$/);
  const input = page.getByLabel("Email address").last();
  assert.equal(await input.getAttribute("autocomplete"), "email");
  const posted = new Promise((resolve) => page.on("request", (r) => r.url() === action && resolve(r)));
  await input.fill("reader@example.org");
  await page.locator(".site-footer button[type=submit]").click();
  const request = await posted;
  assert.equal(request.method(), "POST");
  assert.equal(new URLSearchParams(request.postData()).get("email"), "reader@example.org");
  await context.close();
});

test("the email edition is one column of inline-styled HTML", async () => {
  const url = `${ESSAY}email.html`;
  for (const [name, width] of [["email-desktop", 900], ["email-mobile", 390]]) {
    const { context, page } = await open(url, { width, height: 900 });
    const layout = await page.evaluate(() => ({
      styleSheets: document.styleSheets.length,
      scripts: document.scripts.length,
      column: document.querySelector(".email-column").getBoundingClientRect().width,
      unstyledParagraphs: [...document.querySelectorAll("p")].filter((p) => !p.getAttribute("style")).length,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    }));
    assert.equal(layout.styleSheets, 0, "no stylesheet");
    assert.equal(layout.scripts, 0, "no script");
    assert.equal(layout.unstyledParagraphs, 0, "every paragraph has inline styles");
    assert.ok(layout.column <= 600, `the column is at most 600 px (${layout.column})`);
    assert.ok(!layout.overflow, "nothing scrolls sideways");
    assert.deepEqual(await violations(page, [".email-support"]), []);
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    await context.close();
  }
});
