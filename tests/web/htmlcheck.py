"""Reading served HTML in tests: links, form fields and landmarks, with the standard parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    """What the accessibility and no-external-resource tests look at in one HTML page."""

    html_lang: str | None = None
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    tags: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    id_list: list[str] = field(default_factory=list)  # in document order, to find duplicates
    label_for: set[str] = field(default_factory=set)
    fields: list[dict[str, str | None]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # text of inline <script> elements
    text: str = ""


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_script = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.append(tag)
        if tag == "html":
            self.page.html_lang = values.get("lang")
        if values.get("id"):
            self.page.ids.add(values["id"] or "")
            self.page.id_list.append(values["id"] or "")
        for name in ("href", "src", "action", "srcset", "poster", "data"):
            if values.get(name):
                self.page.urls.append((tag, name, values[name] or ""))
        if tag == "label" and values.get("for"):
            self.page.label_for.add(values["for"] or "")
        if tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.page.fields.append(values)
        if tag == "script":
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.page.scripts.append(data)
        else:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        self.page.text = "".join(self._text)


def parse_page(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def is_external(url: str) -> bool:
    """True for a URL that points at another host (absolute or protocol-relative)."""
    lowered = url.strip().lower()
    return lowered.startswith(("http://", "https://", "//", "ftp://"))
