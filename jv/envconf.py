"""Configuration from environment variables, documented in one place.

Every variable the platform reads goes through :func:`env` or one of its typed readers
(``env_bool``, ``env_int``, ``env_float``, ``env_choice``, ``env_list``), which record its name,
default and help text in ``REGISTRY`` and stop the start with a clear Dutch error
(``ImproperlyConfigured``: "X moet een geheel getal zijn, niet 'twee'.") on a bad value. ``docs/configuration.md`` is generated from that registry
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


def _invalid(name: str, expected: str, raw: str) -> Exception:
    from django.core.exceptions import ImproperlyConfigured

    return ImproperlyConfigured(f"{name} moet {expected} zijn, niet {raw!r}.")


_TRUE = {"1", "true", "yes", "on", "ja", "aan"}
_FALSE = {"0", "false", "no", "off", "nee", "uit", ""}


def env_bool(name: str, default: bool = False, help: str = "") -> bool:
    raw = env(name, "1" if default else "0", help)
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _invalid(name, "1 of 0 (aan of uit)", raw)


def env_int(name: str, default: int, help: str = "", minimum: int | None = None) -> int:
    raw = env(name, str(default), help)
    try:
        value = int(raw.strip())
    except ValueError:
        raise _invalid(name, "een geheel getal", raw) from None
    if minimum is not None and value < minimum:
        raise _invalid(name, f"een geheel getal van minstens {minimum}", raw)
    return value


def env_float(name: str, default: float, help: str = "", minimum: float | None = None) -> float:
    raw = env(name, f"{default:g}", help)
    try:
        value = float(raw.strip())
    except ValueError:
        raise _invalid(name, "een getal (bijvoorbeeld 2.5)", raw) from None
    if value != value or (minimum is not None and value < minimum):  # NaN, or below the minimum
        raise _invalid(name, f"een getal van minstens {minimum:g}" if minimum is not None else "een getal", raw)
    return value


def env_choice(name: str, default: str, choices: tuple[str, ...], help: str = "") -> str:
    raw = env(name, default, help)
    value = raw.strip()
    if value not in choices:
        raise _invalid(name, " of ".join(f"`{c}`" for c in choices), raw)
    return value


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
