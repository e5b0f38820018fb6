"""Post an admin edit form back as a browser would: every field of the rendered form, changed where asked."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.depth = 0
        self.data: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_values: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.inside:
            if self.form_id is None and attrs.get("method", "").lower() == "post" or attrs.get("id") == self.form_id:
                self.inside = True
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_values, self._first_option = name, [], None
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select_values.append(value)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.data.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._multiple and self._first_option is not None:
                values = [self._first_option]
            self.data.extend((self._select, v) for v in values)
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_data(html: str, form_id: str | None = None, **changes) -> dict[str, list[str] | str]:
    """The fields of the first POST form (or the form with ``form_id``) with ``changes`` applied."""
    parser = _FormParser(form_id)
    parser.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    result: dict[str, list[str] | str] = {k: v if len(v) > 1 else v[0] for k, v in data.items()}
    result.pop("csrfmiddlewaretoken", None)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result
