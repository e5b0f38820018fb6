"""Configuration from environment variables, documented in one place.

Every variable the platform reads goes through :func:`env`, which records its name, default
and help text in ``REGISTRY``. ``docs/configuration.md`` is generated from that registry
(``make docs-config``) and a test checks that the two agree, so the docs cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


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


def env_list(name: str, default: str = "", help: str = "") -> list[str]:
    return [item.strip() for item in env(name, default, help).split(",") if item.strip()]


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
    for var in sorted(REGISTRY.values(), key=lambda v: v.name):
        default = f"`{var.default}`" if var.default else "(leeg)"
        lines.append(f"| `{var.name}` | {default} | {var.help} |")
    return "\n".join(lines) + "\n"
