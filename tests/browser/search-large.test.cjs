// Search on a big site, in a real browser: past 1,000 essays Cable groups
// the text shown with results into shared files (Pagefind's fragment
// groups). A site of 1,200 short essays is generated and built with the
// release binary; a word that one essay uses, and words that many use,
// must find them with their titles and excerpts.
const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { launch, serveSite } = require("./harness.cjs");

const ESSAYS = 1200;
const CABLE = process.env.CABLE_BIN || path.join(__dirname, "..", "..", "target", "release", "cable");
let browser, server, root;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "cable-search-large-"));
  fs.writeFileSync(
    path.join(root, "site.toml"),
    'title = "Big"\nbase_url = "https://example.org"\nlanguage = "en"\n',
  );
  const dir = path.join(root, "content", "essays");
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < ESSAYS; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, "0");
    const year = 2000 + Math.floor(i / 336);
    const unique = `marker${i}word`;
    fs.writeFileSync(
      path.join(dir, `essay-${i}.md`),
      `+++\ntitle = "Essay number ${i}"\ndate = ${year}-${month}-${day}\n+++\n\n` +
        `Ports and pipelines shape essay ${i}; the ${unique} appears only here.\n\n` +
        `## Shipping lanes\n\nInsurers priced every lane of essay ${i}.\n`,
    );
  }
  execFileSync(CABLE, ["build", "--root", root], { stdio: "pipe" });
  server = await serveSite(path.join(root, "public"));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const RESULT = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link";

async function search(word) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.url}/search/?q=${encodeURIComponent(word)}`);
  await page.waitForSelector(RESULT, { timeout: 20000 });
  const found = await page.$$eval(RESULT, (links) =>
    links.map((a) => ({ href: new URL(a.href).pathname, text: a.textContent.trim() })),
  );
  const excerpts = await page.$$eval(".pagefind-ui__result-excerpt", (e) => e.map((x) => x.textContent));
  await context.close();
  return { found, excerpts, errors };
}

test("the fragments of a big site are grouped into fewer files", () => {
  const files = fs.readdirSync(path.join(root, "public", "pagefind", "fragment"));
  assert.ok(files.length <= 1000, `${files.length} fragment files`);
  assert.ok(files.every((f) => f.includes("_group_")), "every fragment file is a group");
});

test("a word one essay of 1,200 uses finds that essay", async () => {
  const { found, excerpts, errors } = await search("marker777word");
  assert.deepEqual(found, [{ href: "/essays/essay-777/", text: "Essay number 777" }]);
  assert.match(excerpts[0], /marker777word/);
  assert.deepEqual(errors, []);
});

test("a word every essay uses lists essays with their titles", async () => {
  const { found, errors } = await search("insurers");
  assert.ok(found.length >= 5, `results: ${JSON.stringify(found)}`);
  for (const { href, text } of found) {
    const n = href.match(/^\/essays\/essay-(\d+)\/$/)?.[1];
    assert.ok(n, `an essay: ${href}`);
    assert.equal(text, `Essay number ${n}`);
  }
  assert.deepEqual(errors, []);
});
