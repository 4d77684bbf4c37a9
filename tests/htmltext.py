"""Reading visible text back out of HTML, the way a browser shows it."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr"}


class _Collector(HTMLParser):
    """Collects the text of each element matching `tag` (and class, if given)."""

    def __init__(self, tag: str, css_class: str | None):
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class = tag, css_class
        self.depth = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.depth:
            self.depth += 1
        elif tag == self.tag and (self.css_class is None or self.css_class in (dict(attrs).get("class") or "").split()):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.found[-1] += data


def texts(html: str, tag: str, css_class: str | None = None) -> list[str]:
    """Visible text of every `tag` (with `css_class`) in `html`, white space collapsed."""
    collector = _Collector(tag, css_class)
    collector.feed(html)
    collector.close()
    return [" ".join(text.split()) for text in collector.found]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """Every start tag in `html` with its attributes, in order (comments and text left out)."""
    collector = _Elements()
    collector.feed(html)
    collector.close()
    return collector.found
