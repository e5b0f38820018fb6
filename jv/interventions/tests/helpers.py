import re

RESULT_RE = re.compile(r'id="interventie-([-a-z0-9_]+)"')
MATCH_RE = re.compile(r'<li class="match">\s*<h3><a href="/interventies/([-a-z0-9_]+)/">')


def result_slugs(response) -> list[str]:
    """Slugs of the interventions listed on the catalogue page, in page order."""
    return RESULT_RE.findall(response.content.decode())


def match_slugs(response) -> list[str]:
    """Slugs of the interventions ranked by the gesprekshulp, in page order."""
    return MATCH_RE.findall(response.content.decode())
