"""Small HTML inspection helpers for the quality tests (standard library only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# Attributes through which a page makes the browser load something (not plain links).
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)

    def defaults(self) -> dict[str, str]:
        values = {}
        for item in self.fields:
            if item.kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if item.kind in {"checkbox", "radio"} and not item.value:
                continue
            values.setdefault(item.name, item.value)
        return values


@dataclass
class PageScan:
    loads: list[str] = field(default_factory=list)  # URLs the browser would fetch
    inline_scripts: list[dict] = field(default_factory=list)  # attrs of <script> without src
    inline_styles: int = 0  # <style> blocks
    style_attributes: list[str] = field(default_factory=list)  # tags with style=""
    event_handlers: list[str] = field(default_factory=list)  # on*="" attributes
    javascript_urls: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()
        self._form: Form | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            if attributes.get(name):
                if name.endswith("srcset"):
                    self.scan.loads += [part.strip().split()[0] for part in attributes[name].split(",") if part.strip()]
                else:
                    self.scan.loads.append(attributes[name])
        if tag == "link" and attributes.get("href"):
            rels = set(attributes.get("rel", "").lower().split())
            if rels & LOADING_LINK_RELS:
                self.scan.loads.append(attributes["href"])
        if tag == "script" and not attributes.get("src"):
            self.scan.inline_scripts.append(attributes)
        if tag == "style":
            self.scan.inline_styles += 1
        if "style" in attributes:
            self.scan.style_attributes.append(tag)
        self.scan.event_handlers += [f"{tag}[{name}]" for name in attributes if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if attributes.get(name, "").strip().lower().startswith("javascript:"):
                self.scan.javascript_urls.append(f"{tag}[{name}]")
        if tag == "form":
            self._form = Form(attributes.get("method", "get").lower(), attributes.get("action", ""))
            self.scan.forms.append(self._form)
        elif self._form is not None and attributes.get("name"):
            if tag == "input":
                self._form.fields.append(
                    FormField(attributes["name"], attributes.get("type", "text").lower(), attributes.get("value", ""))
                )
            elif tag == "button" and attributes.get("name"):
                self._form.fields.append(FormField(attributes["name"], "button", attributes.get("value", "")))
            elif tag == "select":
                self._select = FormField(attributes["name"], "select")
                self._form.fields.append(self._select)
            elif tag == "textarea":
                self._textarea = FormField(attributes["name"], "textarea")
                self._form.fields.append(self._textarea)
        if tag == "option" and self._select is not None:
            value = attributes.get("value", "")
            self._select.options.append(value)
            if "selected" in attributes or not self._select.value and len(self._select.options) == 1:
                self._select.value = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data


def scan(html: str) -> PageScan:
    parser = _Scanner()
    parser.feed(html)
    parser.close()
    return parser.scan


def css_references(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def is_same_origin(url: str, page_url: str = "http://testserver/") -> bool:
    """True for relative URLs, our own origin, and data:/blob: (nothing leaves the site)."""
    url = url.strip()
    if url.startswith(("data:", "blob:", "#")):
        return True
    absolute = urljoin(page_url, url)
    own, other = urlsplit(page_url), urlsplit(absolute)
    return (other.scheme, other.netloc) == (own.scheme, own.netloc)
