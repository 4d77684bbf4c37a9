"""Every internal link and anchor of the built site resolves: pages, assets, exports, fragments,
and the absolute addresses under site_url (canonical links, OpenGraph, the sitemap)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.store import Project, read_site_settings

pytestmark = pytest.mark.slow
HOST = "http://site.invalid"  # stands for the server while resolving relative links
LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("meta", "content"),
           ("source", "src"), ("form", "action")}


class _Page(HTMLParser):
    """The link targets of a page and the fragment ids it offers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.update(attrs[name] for name in ("id", "name") if attrs.get(name) and tag != "meta")
        for element, attribute in LINKING:
            value = attrs.get(attribute)
            if tag == element and value and (tag != "meta" or value.startswith(("http://", "https://"))):
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def site(built):
    """(site folder, site_url, the site's root as served under HOST: the path of site_url)."""
    root, result = built
    assert result.returncode == 0, result.stderr
    site_url = read_site_settings(Project(root)).site_url
    return root / "site", site_url, HOST + urlsplit(site_url).path


def _local(url: str, site_url: str, local: str) -> str | None:
    """The link as an address under `local`, or None when it leaves the site."""
    if url.startswith(site_url):
        return local + url.removeprefix(site_url)
    return url if url.startswith(local) else None


def _target(site_dir: Path, url: str, local: str) -> Path:
    """The file an address under `local` serves."""
    path = site_dir / unquote(urlsplit(url.removeprefix(local)).path)
    return path / "index.html" if path.is_dir() else path


def test_no_internal_link_or_anchor_is_broken(site):
    site_dir, site_url, local = site
    pages = {path: _parse(path) for path in sorted(site_dir.rglob("*.html"))}
    broken, checked, external = [], 0, set()
    for path, page in pages.items():
        base = local + path.relative_to(site_dir).as_posix()
        for link in page.links:
            url = _local(urljoin(base, link), site_url, local)
            if url is None:
                external.add(urlsplit(link).netloc)
                continue
            checked += 1
            target = _target(site_dir, url, local)
            fragment = urlsplit(url).fragment
            if not target.is_file():
                broken.append(f"{path.relative_to(site_dir)}: {link} (no {target.relative_to(site_dir)})")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site_dir)}: {link} (no #{fragment} there)")
    assert broken == [], f"{len(broken)} broken of {checked} links:\n" + "\n".join(broken[:40])
    assert checked > 15_000 and len(pages) > 400  # the nav is pruned (navigation.prune): ~44 links a page
    assert "fonts.googleapis.com" not in external and "api.github.com" not in external


def test_every_sitemap_address_is_a_page(site):
    site_dir, site_url, local = site
    locations = re.findall(r"<loc>(.*?)</loc>", (site_dir / "sitemap.xml").read_text("utf-8"))
    missing = [loc for loc in locations if not _target(site_dir, _local(loc, site_url, local), local).is_file()]
    assert missing == [] and len(locations) > 400


def test_the_404_page_links_home_and_loads_its_assets_from_the_site_root(site):
    site_dir, site_url, _ = site
    page = _parse(site_dir / "404.html")
    root_path = urlsplit(site_url).path
    assets = [link for link in page.links if "/assets/" in link and "://" not in link]
    assert len(assets) >= 4 and all(link.startswith(root_path) for link in assets)  # any missing path works
    assert f"{root_path}." in page.links  # the home link
    assert "<h1>404 - Not found</h1>" in (site_dir / "404.html").read_text("utf-8")
