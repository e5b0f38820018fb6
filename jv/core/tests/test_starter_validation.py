"""The one implementation of the checks every starter loader needs (jv.core.starter)."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from jv.core.starter import StarterErrors, parse_date, read_yaml


def test_required_keys_duplicates_dates_and_choices_are_all_reported_at_once():
    check = StarterErrors()
    items = [
        {"slug": "a", "title": "A", "date": "2025-02-30"},
        {"slug": "a", "title": "", "date": datetime.date(2025, 1, 1)},
        {"title": "Zonder slug", "kind": "gedicht"},
    ]
    seen = set()
    dates = []
    for where, item in check.items("x.yaml", items, ("slug", "title"), seen=seen):
        dates.append(check.date(item.get("date"), where))
        check.choice(item.get("kind", "tekst"), {"tekst"}, where, "onbekende soort")
    assert dates == [None, datetime.date(2025, 1, 1), None]
    assert seen == {"a", None}
    assert check.errors == [
        "x.yaml item 1 (a): ongeldige datum '2025-02-30' (verwacht JJJJ-MM-DD)",
        "x.yaml item 2 (a): 'title' ontbreekt",
        "x.yaml item 2 (a): slug komt dubbel voor",
        "x.yaml item 3 (?): 'slug' ontbreekt",
        "x.yaml item 3 (?): onbekende soort 'gedicht'",
    ]
    with pytest.raises(ValidationError) as raised:
        check.raise_if_any()
    assert len(raised.value.messages) == 5


def test_local_datetimes_get_the_local_zone_and_bad_ones_an_error():
    check = StarterErrors()
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    parsed = check.local_datetime("2031-03-30T19:30", "e", amsterdam)
    assert parsed == datetime.datetime(2031, 3, 30, 19, 30, tzinfo=amsterdam)
    assert check.local_datetime("morgen", "e", amsterdam) is None
    assert check.errors == ["e: ongeldige datum/tijd 'morgen' (verwacht JJJJ-MM-DDTUU:MM)"]
    StarterErrors().raise_if_any()  # nothing collected: no error


def test_read_yaml_names_the_missing_or_broken_file(tmp_path):
    (tmp_path / "kapot.yaml").write_text("a: [", encoding="utf-8")
    (tmp_path / "leeg.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="weg.yaml: bestand ontbreekt"):
        read_yaml(tmp_path, "weg.yaml")
    with pytest.raises(ValidationError, match="kapot.yaml: geen geldige YAML"):
        read_yaml(tmp_path, "kapot.yaml")
    assert read_yaml(tmp_path, "leeg.yaml", default=[]) == []


def test_visibility_and_references_name_each_unknown_value():
    check = StarterErrors()
    check.visibility({}, "a")  # left out: public
    check.visibility({"visibility": "members"}, "b")
    check.visibility({"visibility": "geheim"}, "c")
    check.references(None, {"lvb"}, "d", "onbekend thema")
    check.references(["lvb", "weg", "ook-weg"], {"lvb"}, "e", "onbekend thema")
    assert check.errors == [
        "c: onbekende zichtbaarheid 'geheim'",
        "e: onbekend thema 'weg'",
        "e: onbekend thema 'ook-weg'",
    ]


def test_parse_date_raises_on_a_bad_date():
    assert parse_date("2025-01-31", "x") == datetime.date(2025, 1, 31)
    assert parse_date("", "x") is None
    with pytest.raises(ValidationError, match="x: ongeldige datum '2025-02-30'"):
        parse_date("2025-02-30", "x")
