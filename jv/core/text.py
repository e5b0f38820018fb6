"""Small text helpers shared by search, feeds and exports."""

import html
import re

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")


def unique_anchor(text, used: set[str], fallback: str, prefix: str = "") -> str:
    """An ``id`` for a heading or term on a page: ``prefix`` + the slugified text (at most 60
    characters; ``fallback`` when nothing is left), made unique with ``-2``, ``-3``, ... against
    ``used``, to which it is added. Search results link to these anchors."""
    from django.utils.text import slugify

    base = prefix + (slugify(str(text))[:60].strip("-") or fallback)
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def html_to_text(value) -> str:
    """Plain text from (rich-text) HTML: tags removed, entities decoded, spaces collapsed."""
    if not value:
        return ""
    text = strip_tags(re.sub(r"<(br|/p|/li|/h\d)[^>]*>", " ", str(value)))
    return _SPACE.sub(" ", html.unescape(text)).strip()
