"""`mkdocs serve` regenerates the pages when curators edit annotations/ or corpus/.

This guards the click pin too: click 8.2-8.3 break MkDocs' live reload.
"""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from generator.store import Project, read_site_settings

from .conftest import copy_checkout

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    return _wait_until(lambda: needle in (_fetch(url) or ""), seconds)


def _wait_until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_editing_the_taxonomy_while_serving_updates_the_served_page(tmp_path):
    root = copy_checkout(tmp_path / "checkout")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        # No --livereload flag: live reload must be the default (`make serve` also passes it).
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    mount = urlsplit(read_site_settings(Project(root)).site_url or "/").path  # serve mounts site_url's path
    url = f"http://127.0.0.1:{port}{mount}topics/action-recognition/"
    search_index = f"http://127.0.0.1:{port}{mount}pagefind/pagefind-entry.json"  # names the index's files
    try:
        assert _wait_for(url, "Action recognition"), "mkdocs serve did not come up"
        assert _wait_for(search_index, '"page_count"'), "mkdocs serve did not index the site for search"
        first_index = _fetch(search_index)
        topics = root / "annotations" / "topics.yml"
        text = topics.read_text()
        marker = "Freshly edited by a curator."
        topics.write_text(text.replace("Classifying which action", f"{marker} Classifying which action", 1))
        assert _wait_for(url, marker), "the served topic page did not pick up the edit"
        assert _wait_until(lambda: _fetch(search_index) not in (None, first_index)), "the search index was not rebuilt"
    finally:
        server.terminate()
        server.wait(timeout=30)
