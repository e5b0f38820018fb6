"""Configuration from environment variables, documented in one place.

Every variable the platform reads goes through :func:`env`, which records its name, default
and help text in ``REGISTRY``. ``docs/configuration.md`` is generated from that registry
(``make docs-config``) and a test checks that the two agree, so the docs cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


REGISTRY: dict[str, EnvVar] = {}


def env(name: str, default: str = "", help: str = "", shown: str | None = None) -> str:
    """Read a variable. ``shown`` replaces a machine-specific default in the docs."""
    REGISTRY[name] = EnvVar(name, default if shown is None else shown, help)
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False, help: str = "") -> bool:
    raw = env(name, "1" if default else "0", help)
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int, help: str = "") -> int:
    raw = env(name, str(default), help)
    try:
        return int(raw.strip())
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} moet een geheel getal zijn, niet {raw!r}.") from None


def env_list(name: str, default: str = "", help: str = "") -> list[str]:
    return [item.strip() for item in env(name, default, help).split(",") if item.strip()]


RATE_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def parse_rate(rate: str) -> tuple[int, int]:
    """'60/min' -> (60, 60); '1000/hour' -> (1000, 3600)."""
    count, _slash, unit = rate.strip().partition("/")
    return int(count), RATE_UNITS[unit.strip().lower()]


def parse_rates(text: str) -> dict[str, tuple[int, int]]:
    """'search=60/min,pdf=10/min' -> {'search': (60, 60), 'pdf': (10, 60)} (API throttle rates)."""
    rates = {}
    for item in text.split(","):
        if item.strip():
            scope, _eq, rate = item.partition("=")
            rates[scope.strip()] = parse_rate(rate)
    return rates


def render_markdown() -> str:
    lines = [
        "# Configuratie",
        "",
        "Alle instellingen komen uit omgevingsvariabelen. Deze pagina wordt gegenereerd uit",
        "`jv/settings.py` (`make docs-config`); een test controleert dat ze overeenkomen.",
        "",
        "| Variabele | Standaard | Betekenis |",
        "| --- | --- | --- |",
    ]
    project_dir = str(Path(__file__).resolve().parent.parent)
    for var in sorted(REGISTRY.values(), key=lambda v: v.name):
        # Paths inside the checkout are shown as <project>/..., so the docs are the same everywhere.
        shown = var.default.replace(project_dir + os.sep, "<project>/")
        default = f"`{shown}`" if shown else "(leeg)"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines) + "\n"
