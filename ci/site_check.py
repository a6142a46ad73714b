"""A kit's course site, as a reader opens it from disk: the harness's check (ci/src/e2e/site.rs).

    python3 ci/site_check.py SITE [--search TERM=PAGE ...] [--screenshot PAGE=PNG ...]

Without options it checks, with no browser, that every link and every file an HTML page of SITE
names (href, src) is in SITE: every internal link resolves. Each --search opens SITE/index.html
in headless Chromium (Debian's `chromium`) from file://, types TERM into the site's own search
and requires PAGE (a path in SITE) among the results; every --screenshot saves a picture of a
page. Whatever it opens must ask for nothing outside the site: a request to another scheme than
file:, data: or blob: fails the check. It prints one line per check and exits 1 if one failed.

The standard library only: Chromium is driven over --remote-debugging-pipe (the DevTools
protocol, JSON messages ended by NUL on file descriptors 3 and 4).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Typed into the site's search box (zensical's: a button opens it, in a shadow root), the result
# links after the search worker has answered.
SEARCH = """(async (term) => {
  document.querySelector('.md-search__button').click();
  await new Promise(r => setTimeout(r, 800));
  const root = [...document.body.children].find(d => d.shadowRoot)?.shadowRoot;
  const input = root?.querySelector('input');
  if (!input) return {status: 'no search box', hrefs: []};
  input.value = term;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  for (let i = 0; i < 50; i++) {
    await new Promise(r => setTimeout(r, 200));
    if (root.querySelectorAll('a[href]').length) break;
  }
  return {status: root.querySelector('[role=status]')?.textContent || '',
          hrefs: [...root.querySelectorAll('a[href]')].map(a => a.href)};
})"""


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("href", "src") and value]


def broken_links(site: Path) -> tuple[int, list[str]]:
    """How many internal links the site's pages have, and those that name no file of the site."""
    count, broken = 0, []
    for page in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, data:, mailto:, or a place in the same page
            count += 1
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{page.relative_to(site)}: {link}")
    return count, broken


class Chromium:
    """Headless Chromium, driven over a pipe; remembers every request outside the site."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="site-check-")
        to_browser, self.commands = os.pipe()
        self.results, from_browser = os.pipe()

        def pipes() -> None:  # the browser reads commands on 3, writes results on 4
            read, write = os.dup(to_browser), os.dup(from_browser)
            os.dup2(read, 3)
            os.dup2(write, 4)

        program = shutil.which("chromium")
        if program is None:
            sys.exit("no chromium on PATH: `apt-get install chromium` (.ci/run installs it)")
        self.process = subprocess.Popen(
            [program, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--window-size=1280,900", f"--user-data-dir={self.profile}",
             "--remote-debugging-pipe", "about:blank"],
            preexec_fn=pipes, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self.buffer = b""
        self.sequence = 0
        self.outside: list[str] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
        self.session = attached["sessionId"]
        self.call("Network.enable", self.session)
        self.call("Page.enable", self.session)

    def receive(self) -> dict:  # type: ignore[type-arg]
        while b"\0" not in self.buffer:
            chunk = os.read(self.results, 65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: object) -> dict:  # type: ignore[type-arg]
        self.sequence += 1
        message: dict[str, object] = {"id": self.sequence, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("method") == "Network.requestWillBeSent":
                url = reply["params"]["request"]["url"]
                if not url.startswith(("file:", "data:", "blob:", "about:")):
                    self.outside.append(url)
            if reply.get("id") == self.sequence:
                if "error" in reply:
                    raise SystemExit(f"chromium: {method}: {reply['error']}")
                return reply["result"]  # type: ignore[no-any-return]

    def evaluate(self, expression: str) -> object:
        done = self.call(
            "Runtime.evaluate",
            self.session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return done["result"].get("value")

    def open(self, page: Path) -> None:
        self.call("Page.navigate", self.session, url=page.as_uri())
        for _ in range(100):
            if self.evaluate("document.readyState") == "complete":
                return
            time.sleep(0.1)
        raise SystemExit(f"{page} did not load in 10 s")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--search", action="append", default=[], help="TERM=PAGE")
    parser.add_argument("--screenshot", action="append", default=[], help="PAGE=PNG")
    args = parser.parse_args()
    site: Path = args.site.resolve()
    failed = False
    count, broken = broken_links(site)
    print(f"links: {count} internal links, {len(broken)} broken")
    for link in broken:
        print(f"  broken: {link}")
    failed |= bool(broken) or count == 0
    if not args.search and not args.screenshot:
        return int(failed)
    browser = Chromium()
    try:
        for search in args.search:
            term, expected = search.split("=", 1)
            browser.open(site / "index.html")
            found = browser.evaluate(f"{SEARCH}({json.dumps(term)})") or {}
            base = site.as_uri() + "/"
            pages = sorted(
                {
                    href.split("#")[0].split("?")[0].removeprefix(base)
                    for href in found.get("hrefs", [])  # type: ignore[attr-defined]
                    if href.startswith(base)
                }
            )
            ok = expected in pages
            failed |= not ok
            status = (found.get("status") or "").strip()  # type: ignore[attr-defined]
            verdict = "ok" if ok else f"FAILED: no {expected}"
            print(f"search {term!r}: {status}: {' '.join(pages) or '-'}: {verdict}")
        for shot in args.screenshot:
            page, png = shot.split("=", 1)
            browser.open(site / page)
            picture = browser.call("Page.captureScreenshot", browser.session, format="png")
            Path(png).write_bytes(base64.b64decode(picture["data"]))
            print(f"screenshot of {page}: {png}")
    finally:
        browser.close()
    outside = sorted(set(browser.outside))
    print(f"requests outside the site: {len(outside)}")
    for url in outside:
        print(f"  outside: {url}")
    failed |= bool(outside)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
