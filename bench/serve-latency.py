#!/usr/bin/env python3
"""Edit-to-served latency of `cable serve` (run through bench/serve-latency.sh).

Copies SITE to a temporary folder, starts `cable serve --port 0` there, then
EDITS times appends a unique sentence to one essay and polls the essay's page
until the server returns it with the sentence. The time is measured from just
before the file is written to the first response that contains the sentence,
so it includes the watcher's debounce (50 ms), the rebuild and one HTTP
round trip. Standard library only.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

SITE_PARTS = ["site.toml", "content", "themes", "templates", "static"]


def copy_site(source, target):
    for part in SITE_PARTS:
        path = os.path.join(source, part)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(target, part), symlinks=True)
        elif os.path.isfile(path):
            shutil.copy2(path, os.path.join(target, part))


def pick_essay(root):
    """The first published essay file (by path) and its URL path."""
    config = open(os.path.join(root, "site.toml"), encoding="utf-8").read()
    found = re.search(r'^permalink\s*=\s*"([^"]+)"', config, re.M)
    permalink = found.group(1) if found else "/essays/{slug}/"
    essays = os.path.join(root, "content", "essays")
    for folder, dirs, files in sorted(os.walk(essays)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            text = open(path, encoding="utf-8").read()
            front = text.split("+++")[1] if text.startswith("+++") else ""
            if re.search(r"^draft\s*=\s*true", front, re.M):
                continue
            slug = re.search(r'^slug\s*=\s*"([^"]+)"', front, re.M)
            if slug:
                slug = slug.group(1)
            elif name == "index.md":
                slug = os.path.basename(folder)
            else:
                slug = name[:-3]
            date = re.search(r"^date\s*=\s*(\d{4})-(\d{2})-(\d{2})", front, re.M)
            url = permalink.replace("{slug}", slug)
            if date:
                url = url.replace("{year}", date.group(1)).replace("{month}", date.group(2))
                url = url.replace("{day}", date.group(3))
            return path, url
    sys.exit("serve-latency: no essay under content/essays/")


def get(address, path):
    host, port = address.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cable", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="cable-serve-latency-")
    server = None
    try:
        copy_site(args.site, work)
        essay, url_path = pick_essay(work)
        server = subprocess.Popen(
            [args.cable, "serve", "--root", work, "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        log = []
        ready = threading.Event()
        url = {}

        def read_output():
            for line in server.stdout:
                log.append(line.rstrip("\n"))
                found = re.match(r"Serving .* at http://([^/\s]+)(/\S*)", line)
                if found:
                    url["address"], url["base"] = found.group(1), found.group(2)
                    ready.set()

        threading.Thread(target=read_output, daemon=True).start()
        started = time.perf_counter()
        if not ready.wait(300):
            sys.exit("serve-latency: the server printed no URL:\n" + "\n".join(log))
        print(f"site: {args.site}", file=sys.stderr)
        print(f"first build and start: {(time.perf_counter() - started) * 1000:.0f} ms ({log[0]})", file=sys.stderr)
        address = url["address"]
        page = url["base"].rstrip("/") + url_path
        status, _ = get(address, page)
        if status != 200:
            sys.exit(f"serve-latency: {page} gives {status}")
        print(f"editing {os.path.relpath(essay, work)}, polling http://{address}{page}", file=sys.stderr)

        times = []
        for run in range(1, args.edits + 1):
            marker = f"Latency marker {run} {uuid.uuid4().hex}."
            before = len(log)
            start = time.perf_counter()
            with open(essay, "a", encoding="utf-8") as file:
                file.write(f"\n{marker}\n")
            deadline = start + 120
            while True:
                status, body = get(address, page)
                if status == 200 and marker.encode() in body:
                    break
                if time.perf_counter() > deadline:
                    sys.exit(f"serve-latency: edit {run} never showed up:\n" + "\n".join(log[before:]))
                time.sleep(0.002)
            elapsed = (time.perf_counter() - start) * 1000
            times.append(elapsed)
            # Let the server settle (and print its line) before the next edit.
            time.sleep(0.3)
            rebuilt = [line for line in log[before:] if "rebuilt" in line]
            reported = re.search(r" in (\d+) ms", rebuilt[-1]) if rebuilt else None
            build = f"  (serve: rebuilt in {reported.group(1)} ms)" if reported else ""
            print(f"edit {run:2}: {elapsed:7.1f} ms{build}", file=sys.stderr)

        builds = [int(m.group(1)) for line in log if "rebuilt" in line for m in [re.search(r" in (\d+) ms", line)] if m]
        print(
            f"edit-to-served latency over {len(times)} edits: median {statistics.median(times):.0f} ms, "
            f"min {min(times):.0f} ms, max {max(times):.0f} ms"
            + (f"; rebuild alone: median {statistics.median(builds):.0f} ms" if builds else "")
        )
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
