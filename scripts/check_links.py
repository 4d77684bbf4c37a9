"""Check the cards' external links (code repositories and project pages) and report the broken ones.

Reads the links from docs/exports/papers.json (written by `python -m generator generate`), asks each
distinct address once (HEAD, then GET when a server refuses HEAD with 403 or 405; redirects followed;
a failure is retried once), and prints a Markdown table of the broken ones with a count. In GitHub
Actions the report also goes to the run's summary ($GITHUB_STEP_SUMMARY).

Exit code 0 whatever the links answer, so that another site's outage never fails a run; 1 with
--strict when a link is broken; 2 when papers.json cannot be read. Standard library only.

    make generate && python scripts/check_links.py --output link-report.md
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import ssl
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.request import HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "docs" / "exports" / "papers.json"
LINK_FIELDS = {"code": "code", "project_page": "project page"}  # papers.json field -> name in the report
USER_AGENT = "papercards-link-check/1.0 (+https://github.com/papercards/papercards)"
HEAD_REFUSED = {403, 405}  # servers that answer HEAD so are asked again with GET


@dataclass(frozen=True)
class Link:
    """One external link of one card."""

    card: str
    kind: str
    url: str


class _KeepMethod(HTTPRedirectHandler):
    """Follow redirects with the same method (urllib turns a redirected HEAD into a GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def read_links(export: Path) -> list[Link]:
    """Every code and project link of every card in papers.json, in card order."""
    papers = json.loads(export.read_text("utf-8"))["papers"]
    return [Link(paper["id"], kind, paper[field])
            for paper in papers for field, kind in LINK_FIELDS.items() if paper.get(field)]


def request_status(url: str, method: str, timeout: float) -> int:
    """The HTTP status `url` answers to `method`, after redirects; network errors are raised."""
    opener = build_opener(_KeepMethod)
    request = Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status
    except HTTPError as error:
        error.close()
        return error.code


def describe_error(error: BaseException) -> str:
    """A short reason for a failed request, for the report."""
    if isinstance(error, URLError) and isinstance(error.reason, BaseException):
        return describe_error(error.reason)
    if isinstance(error, URLError):
        return str(error.reason)
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "host not found"
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    return f"{type(error).__name__}: {error}"


def describe_status(status: int) -> str:
    """'404 Not Found' for 404."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def probe(url: str, timeout: float) -> str | None:
    """What is wrong with `url` (None when it answers below 400): HEAD, then GET if HEAD is refused."""
    try:
        status = request_status(url, "HEAD", timeout)
        if status in HEAD_REFUSED:
            status = request_status(url, "GET", timeout)
    except (OSError, http.client.HTTPException, ValueError) as error:  # URLError and timeouts are OSErrors
        return describe_error(error)
    return describe_status(status) if status >= 400 else None


def check_url(url: str, timeout: float, retry_delay: float) -> str | None:
    """probe(), tried a second time after `retry_delay` seconds when the first answer is a failure."""
    problem = probe(url, timeout)
    if problem is None:
        return None
    time.sleep(retry_delay)
    return probe(url, timeout)


def check_links(links: list[Link], timeout: float = 10.0, workers: int = 8,
                retry_delay: float = 2.0) -> dict[str, str]:
    """The problem of each broken address, each distinct address asked once, `workers` at a time."""
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        problems = pool.map(lambda url: check_url(url, timeout, retry_delay), urls)
    return {url: problem for url, problem in zip(urls, problems, strict=True) if problem is not None}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_report(links: list[Link], problems: dict[str, str]) -> str:
    """The Markdown report: a count, then one table row per broken link (sorted by card)."""
    broken = sorted((link for link in links if link.url in problems), key=lambda link: (link.card, link.kind))
    addresses = len({link.url for link in links})
    lines = ["## Broken links on the cards", "",
             f"{len(broken)} of {len(links)} links broken ({addresses} addresses checked)."]
    if broken:
        lines += ["", "| card | link | URL | problem |", "| --- | --- | --- | --- |"]
        lines += [f"| {link.card} | {link.kind} | {_cell(link.url)} | {_cell(problems[link.url])} |"
                  for link in broken]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Check the cards' code and project links; print a Markdown report of the broken ones.",
        epilog="example: make generate && python scripts/check_links.py --output link-report.md",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--export", type=Path, default=EXPORT, help="the papers.json to read")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: 10)")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time (default: 8)")
    parser.add_argument("--strict", action="store_true", help="exit code 1 when a link is broken")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        links = read_links(args.export)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read the links from {args.export} ({error}); run `make generate` first",
              file=sys.stderr)
        return 2
    problems = check_links(links, args.timeout, args.workers)
    report = render_report(links, problems)
    print(report, end="")
    if args.output:
        args.output.write_text(report, "utf-8")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(report)
    return 1 if args.strict and problems else 0


if __name__ == "__main__":
    sys.exit(main())
