"""What each screen costs: API requests, SQL statements and bytes, opened cold in Chromium.

Issue 15 asks for one request per screen and fewer SQL statements per screen. This opens each
page of bench.lighthouse's list (signed out, as demo Jordan, and as their PA Alex, on the same
scene) in a fresh browser context, the way Lighthouse does (a cold start of a signed-in phone:
nothing in IndexedDB yet), waits until the network is quiet, and counts:

- API requests the page made (`/api/...`; a request the service worker answered from its
  cache still counts: the page asked);
- SQL statements the server ran for them, read from the server's own request log, which
  counts them per request (`sql_statements`, harbour.db) and is matched by `X-Request-ID`;
- bytes over the network, page and service worker together (headers and bodies as sent,
  compressed where the server compressed).

Each page is opened twice in its context: cold (a first visit: the service worker installs,
so the bytes include everything it precaches) and warm (opened again, as a phone in daily use
opens it: the worker and IndexedDB hold what the first visit left).

Usage (from the repository root, after `make build`):
    .venv/bin/python -m bench.screens                   # every page
    .venv/bin/python -m bench.screens --pages plan,queue
"""

import argparse
import json
import os
import platform
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from e2e.conftest import CHROMIUM_ARGS
from e2e.server import running_server
from playwright.sync_api import Browser, Request, sync_playwright

from bench.lighthouse import CHROMIUM, PAGES, Page, Scene, set_scene

PHONE = {"width": 412, "height": 823}
DESKTOP = {"width": 1350, "height": 940}


@dataclass
class Traffic:
    """One screen's requests as the browser saw them."""

    api_calls: list[str] = field(default_factory=list)  # "GET /api/v1/...", the page's
    request_ids: list[str] = field(default_factory=list)
    bytes: int = 0

    def add(self, request: Request) -> None:
        response = request.response()
        if response is None:
            return
        path = urlsplit(request.url).path
        from_worker = response.from_service_worker
        if path.startswith("/api/") and request.service_worker is None:
            self.api_calls.append(f"{request.method} {path}")
        if from_worker:
            return  # its bytes came over the network once, as the worker's own request
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        request_id = response.headers.get("x-request-id")
        if path.startswith("/api/") and request_id:
            self.request_ids.append(request_id)


@dataclass(frozen=True)
class Cost:
    api_calls: list[str]
    statements: int
    kilobytes: float


def statements_by_request(log: Path) -> dict[str, int]:
    """`sql_statements` of each request in the server's log, by request id."""
    counted: dict[str, int] = {}
    for line in log.read_text().splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("event") == "request" and entry.get("request_id"):
            counted[entry["request_id"]] = entry.get("sql_statements", 0)
    return counted


def opened(browser: Browser, page: Page, scene: Scene, base_url: str) -> tuple[Traffic, Traffic]:
    """Opens `page` in a fresh context holding the person's cookies, then again: what it
    fetched the first time (cold: until the network is quiet and the service worker has
    installed) and the second (warm: a phone in daily use, its worker and IndexedDB filled)."""
    context = browser.new_context(
        base_url=base_url,
        viewport=DESKTOP if page.desktop else PHONE,
        is_mobile=not page.desktop,
        service_workers="allow",
    )
    context.add_cookies(
        [
            {"name": c.name, "value": c.value, "url": base_url, "httpOnly": c.http_only}
            for c in scene.cookies[page.who]
        ]
    )
    cold, warm = Traffic(), Traffic()
    context.on("requestfinished", cold.add)
    tab = context.new_page()
    tab.goto(page.path.format(**scene.ids), wait_until="networkidle")
    tab.evaluate("navigator.serviceWorker.ready.then(() => true)")
    tab.wait_for_load_state("networkidle")
    context.remove_listener("requestfinished", cold.add)
    context.on("requestfinished", warm.add)
    tab.reload(wait_until="networkidle")
    context.close()
    return cold, warm


def cost(traffic: Traffic, log: Path) -> Cost:
    counted = statements_by_request(log)
    statements = sum(counted.get(request_id, 0) for request_id in traffic.request_ids)
    return Cost(traffic.api_calls, statements, traffic.bytes / 1024)


def print_costs(label: str, cold: Cost, warm: Cost, verbose: bool) -> None:
    print(
        f"{label:40} {len(cold.api_calls):>5} {cold.statements:>5} {cold.kilobytes:>7.1f}"
        f"   {len(warm.api_calls):>5} {warm.statements:>5} {warm.kilobytes:>7.1f}"
    )
    if verbose:
        for name, one in [("cold", cold), ("warm", warm)]:
            print(f"{'':42}{name}: {', '.join(one.api_calls)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", help="comma-separated words; only pages whose name has one")
    parser.add_argument("--verbose", action="store_true", help="list each page's API calls")
    args = parser.parse_args()
    words = [word.strip() for word in (args.pages or "").split(",") if word.strip()]
    pages = [page for page in PAGES if not words or any(word in page.label for word in words)]
    if not pages:
        parser.error("no page matches --pages")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"{'':40} {'cold':^21}   {'warm':^21}")
    print(f"{'screen':40} {'calls':>5} {'SQL':>5} {'KB':>7}   {'calls':>5} {'SQL':>5} {'KB':>7}")
    with (
        tempfile.TemporaryDirectory() as data_dir,
        running_server(Path(data_dir)) as base_url,
        sync_playwright() as playwright,
    ):
        scene = set_scene(base_url, Path(data_dir))
        log = Path(data_dir) / "server.log"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page in pages:
            cold, warm = opened(browser, page, scene, base_url)
            print_costs(page.label, cost(cold, log), cost(warm, log), args.verbose)
        browser.close()


if __name__ == "__main__":
    main()
