"""scripts/check_links.py against a real HTTP server on 127.0.0.1: what counts as broken, HEAD then GET,
redirects, one retry, timeouts and refused connections, and the Markdown report."""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.pipeline import build

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_links.py"
_spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
check_links = sys.modules.setdefault("check_links", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(check_links)


class _Handler(BaseHTTPRequestHandler):
    """/ok 200; /missing 404; /no-head 405 to HEAD, 200 to GET; /moved 301 to /ok; /flaky 503 once, then 200."""

    def do_HEAD(self):
        self._answer()

    def do_GET(self):
        self._answer()

    def _answer(self):
        self.server.seen.append((self.command, self.path, self.headers["User-Agent"]))
        if self.path == "/ok":
            self._send(200)
        elif self.path == "/no-head":
            self._send(405 if self.command == "HEAD" else 200)
        elif self.path == "/moved":
            self._send(301, Location="/ok")
        elif self.path == "/flaky":
            self._send(200 if sum(p == "/flaky" for _, p, _ in self.server.seen) > 1 else 503)
        else:
            self._send(404)

    def _send(self, status, **headers):
        self.send_response(status)
        for name, value in {"Content-Length": "0", **headers}.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent_port():
    """A port that accepts connections (the kernel completes them) but never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _links(base: str, silent: int, closed: int) -> list:
    Link = check_links.Link
    return [Link("alpha", "code", f"{base}/ok"), Link("alpha", "project page", f"{base}/missing"),
            Link("beta", "code", f"{base}/no-head"), Link("beta", "project page", f"{base}/moved"),
            Link("gamma", "code", f"{base}/flaky"), Link("gamma", "project page", f"http://127.0.0.1:{silent}/x"),
            Link("delta", "code", f"http://127.0.0.1:{closed}/x"), Link("delta", "project page", f"{base}/missing")]


def test_the_report_lists_exactly_the_broken_links(server, silent_port):
    httpd, base = server
    closed = _closed_port()
    links = _links(base, silent_port, closed)
    problems = check_links.check_links(links, timeout=0.4, workers=4, retry_delay=0)
    assert problems == {f"{base}/missing": "404 Not Found", f"http://127.0.0.1:{silent_port}/x": "timed out",
                        f"http://127.0.0.1:{closed}/x": "connection refused"}
    report = check_links.render_report(links, problems)
    assert report.splitlines() == [
        "## Broken links on the cards",
        "",
        "4 of 8 links broken (7 addresses checked).",
        "",
        "| card | link | URL | problem |",
        "| --- | --- | --- | --- |",
        f"| alpha | project page | {base}/missing | 404 Not Found |",
        f"| delta | code | http://127.0.0.1:{closed}/x | connection refused |",
        f"| delta | project page | {base}/missing | 404 Not Found |",
        f"| gamma | project page | http://127.0.0.1:{silent_port}/x | timed out |",
    ]


def test_head_first_get_when_refused_redirects_keep_head_and_a_failure_is_retried_once(server):
    httpd, base = server
    links = [check_links.Link("card", "code", f"{base}/{path}") for path in ("no-head", "moved", "flaky", "missing")]
    assert check_links.check_links(links, workers=1, retry_delay=0) == {f"{base}/missing": "404 Not Found"}
    requests = [(method, path) for method, path, _ in httpd.seen]
    assert requests == [("HEAD", "/flaky"), ("HEAD", "/flaky"),  # 503, retried: 200
                        ("HEAD", "/missing"), ("HEAD", "/missing"),  # 404 twice: broken
                        ("HEAD", "/moved"), ("HEAD", "/ok"),  # the redirect is followed with HEAD
                        ("HEAD", "/no-head"), ("GET", "/no-head")]
    assert {agent for _, _, agent in httpd.seen} == {check_links.USER_AGENT}


def test_main_reports_to_stdout_the_output_file_and_the_step_summary_and_exits_0_unless_strict(
        server, tmp_path, monkeypatch, capsys):
    _, base = server
    export = tmp_path / "papers.json"
    papers = [{"id": "alpha", "code": f"{base}/ok", "project_page": None},
              {"id": "beta", "code": None, "project_page": f"{base}/missing?a|b"},
              {"id": "gamma", "code": None, "project_page": None}]
    export.write_text(json.dumps({"papers": papers}))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(check_links.time, "sleep", lambda seconds: None)

    assert check_links.main(["--export", str(export), "--output", str(tmp_path / "report.md")]) == 0
    report = capsys.readouterr().out
    assert report.splitlines()[2:] == ["1 of 2 links broken (2 addresses checked).", "",
                                       "| card | link | URL | problem |", "| --- | --- | --- | --- |",
                                       f"| beta | project page | {base}/missing?a\\|b | 404 Not Found |"]
    assert (tmp_path / "report.md").read_text() == report
    assert summary.read_text() == "earlier step\n" + report
    assert check_links.main(["--export", str(export), "--strict"]) == 1


def test_main_says_to_generate_first_when_papers_json_is_missing(tmp_path, capsys):
    assert check_links.main(["--export", str(tmp_path / "papers.json")]) == 2
    assert capsys.readouterr().err.endswith("run `make generate` first\n")


def test_read_links_takes_the_code_and_project_page_of_every_card_in_the_real_export(tmp_path, real_project):
    export = tmp_path / "papers.json"
    export.write_text(build(real_project).pages["exports/papers.json"], encoding="utf-8")
    papers = json.loads(export.read_text())["papers"]
    links = check_links.read_links(export)
    assert len(links) == sum(bool(p["code"]) + bool(p["project_page"]) for p in papers)
    assert all(link.url.startswith(("http://", "https://")) for link in links)
