"""Small text helpers shared by search, feeds and exports."""

import html
import re

from django.utils.html import strip_tags

_SPACE = re.compile(r"\s+")


def html_to_text(value) -> str:
    """Plain text from (rich-text) HTML: tags removed, entities decoded, spaces collapsed."""
    if not value:
        return ""
    text = strip_tags(re.sub(r"<(br|/p|/li|/h\d)[^>]*>", " ", str(value)))
    return _SPACE.sub(" ", html.unescape(text)).strip()
