// Shared set-up for the browser tests: Debian's chromium through
// playwright-core, and the built example site (public/ at the repo root, or
// $CABLE_SITE) served on 127.0.0.1 by a small static server.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain", ".png": "image/png",
};

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

function serveSite(root = process.env.CABLE_SITE || path.join(__dirname, "..", "..", "public")) {
  root = path.resolve(root);
  if (!fs.existsSync(path.join(root, "index.html"))) {
    throw new Error(`no built site in ${root}: run \`cargo run --release -- build\` first`);
  }
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      return res.end(fs.readFileSync(path.join(root, "404.html")));
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      server.url = `http://127.0.0.1:${server.address().port}`;
      resolve(server);
    }),
  );
}

module.exports = { launch, serveSite };
