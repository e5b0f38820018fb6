"""One typed reader for environment values: every setting documented, every bad value a clear error."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from jv import envconf


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(envconf, "REGISTRY", {})
    return envconf.REGISTRY


@pytest.mark.parametrize(
    ("reader", "args", "raw", "message"),
    [
        (envconf.env_int, (3,), "twee", "JV_TEST moet een geheel getal zijn, niet 'twee'."),
        (envconf.env_int, (3,), "-1", "JV_TEST moet een geheel getal van minstens 0 zijn"),
        (envconf.env_float, (1.5,), "anderhalf", "JV_TEST moet een getal (bijvoorbeeld 2.5) zijn"),
        (envconf.env_float, (1.5,), "nan", "JV_TEST moet een getal"),
        (envconf.env_bool, (False,), "misschien", "JV_TEST moet 1 of 0 (aan of uit) zijn, niet 'misschien'."),
        (envconf.env_choice, ("json", ("json", "text")), "xml", "JV_TEST moet `json` of `text` zijn, niet 'xml'."),
    ],
)
def test_a_bad_value_stops_with_a_clear_dutch_message(registry, monkeypatch, reader, args, raw, message):
    monkeypatch.setenv("JV_TEST", raw)
    kwargs = {"minimum": 0} if "minstens" in message else {}
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        reader("JV_TEST", *args, **kwargs)


def test_typed_values_and_defaults_are_read_and_documented(registry, monkeypatch):
    monkeypatch.setenv("JV_INT", " 7 ")
    monkeypatch.setenv("JV_FLOAT", "2.5")
    monkeypatch.setenv("JV_BOOL", "aan")
    monkeypatch.setenv("JV_LIST", "a, b,,c")
    assert envconf.env_int("JV_INT", 3, "Een getal.") == 7
    assert envconf.env_float("JV_FLOAT", 1, "Een kommagetal.") == 2.5
    assert envconf.env_bool("JV_BOOL", False, "Een schakelaar.") is True
    assert envconf.env_list("JV_LIST", "", "Een lijst.") == ["a", "b", "c"]
    assert envconf.env_int("JV_UNSET_INT", 3, "Standaard.") == 3
    assert envconf.env_bool("JV_UNSET_BOOL", True, "Standaard aan.") is True
    assert {name: var.default for name, var in registry.items()} == {
        "JV_INT": "3",
        "JV_FLOAT": "1",
        "JV_BOOL": "0",
        "JV_LIST": "",
        "JV_UNSET_INT": "3",
        "JV_UNSET_BOOL": "1",
    }
    assert "| `JV_INT` | `3` | Een getal. |" in envconf.render_markdown()


def test_every_setting_the_code_reads_is_defined_in_the_settings():
    """No ``getattr(settings, NAME, default)``: a setting has one definition, in jv/settings.py."""
    import re
    from pathlib import Path

    root = Path(envconf.__file__).resolve().parent
    offenders = [
        f"{path.relative_to(root)}: {match}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        for match in re.findall(r"getattr\(settings,\s*\"[A-Z_]+\",[^)]*\)", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
