"""The admin in Dutch where Wagtail's own Dutch catalog stops: the rich-text toolbar and menus."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from jv.editorial import roles, wagtail_nl
from jv.editorial.tests.factories import client_for, user_in


@pytest.mark.django_db
def test_the_rich_text_toolbar_speaks_dutch_in_the_page_editor():
    from jv.dossier.models import ThemePage

    page = ThemePage.objects.live().first()
    body = html.unescape(client_for(user_in(roles.REDACTEUR)).get(f"/admin/pages/{page.pk}/edit/").content.decode())
    descriptions = set(re.findall(r'"description":\s*"([^"]+)"', body))
    assert {"Vet", "Cursief"} <= descriptions, descriptions
    assert not {"Bold", "Italic"} & descriptions


def test_every_overridden_wagtail_string_has_a_dutch_translation():
    with translation.override("nl"):
        untranslated = [s for s in wagtail_nl.OVERRIDDEN if translation.gettext(s) == s and s not in ("Code",)]
    assert not untranslated
