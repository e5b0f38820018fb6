"""Main-menu entries. Each module adds its entry from its AppConfig.ready()::

navigation.register(_("Interventions"), "/interventies/", order=30)
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int


ITEMS: list[NavItem] = []


def register(label, url: str, order: int = 50) -> None:
    if all(item.url != url for item in ITEMS):
        ITEMS.append(NavItem(label, url, order))
        ITEMS.sort(key=lambda item: item.order)


def items_for(path: str) -> list[dict]:
    """Menu entries with ``current`` (the path lies in that section) and ``exact`` flags."""
    return [
        {"label": item.label, "url": item.url, "current": path.startswith(item.url), "exact": path == item.url}
        for item in ITEMS
    ]
