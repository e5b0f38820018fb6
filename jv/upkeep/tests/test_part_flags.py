"""Part flags: every module's "te controleren" boxes on parts of items reach one list through the registry."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from jv.guides.tests.factories import GuideFactory, raw, simple_decision_steps
from jv.upkeep import registry, verification
from jv.upkeep.tests.factories import EditorFactory

pytestmark = pytest.mark.django_db


def test_each_module_registers_its_part_flags_from_its_app_config():
    names = {source.name for source in registry.part_flag_sources()}
    assert {"guides.parts", "network.roles", "monitor.areas", "monitor.context_figures"} <= names
    assert registry.part_flag_source("onbekend") is None


def test_the_starter_content_puts_part_flags_of_every_module_on_the_list():
    sources = {item.source for item in verification.open_items() if item.part is not None}
    assert {"guides.parts", "network.roles", "monitor.areas"} <= sources


def test_a_part_flag_reaches_the_weekly_digest_of_the_items_owner(settings):
    owner = EditorFactory(username="gerda", email="gerda@example.org", first_name="Gerda", last_name="Stap")
    steps = simple_decision_steps()
    steps[2]["to_check"] = True
    GuideFactory(
        title="Routekaart van Gerda",
        steps=raw("routekaart", steps),
        review_owner=owner,
        last_reviewed=datetime.date(2026, 11, 1),
    )
    call_command("send_review_digest", "--date", "2026-11-30", verbosity=0)
    message = next(m for m in mail.outbox if m.to == ["gerda@example.org"])
    assert "Routekaart “Routekaart van Gerda”, stap “Stap melden”" in message.body
    assert "Routekaart “Routekaart van Gerda”, stap “Stap melden”</a>" in message.alternatives[0][0]


def test_a_non_editor_sees_no_part_flags():
    member = EditorFactory(is_superuser=False, is_staff=False)
    assert verification.open_part_items(member) == []
