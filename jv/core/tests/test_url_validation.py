"""Every address field accepts only https:, http:, mailto: and tel: (jv/core/validators.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from jv.core.validators import SafeURLFormField, validate_rich_text_links, validate_safe_url

GOOD = [
    "https://www.rotterdam.nl/jeugd",
    "http://example.org/pad?x=1",
    "mailto:info@example.org",
    "mailto:a@example.org,b@example.org?subject=Vraag",
    "tel:+31101234567",
    "tel:010-1234567",
]
BAD = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "ftp://example.org/bestand",
    "vbscript:msgbox",
    "//example.org/zonder-schema",
    "example.org",
    "mailto:",
    "mailto:geen-adres",
    "tel:bel-me",
    " https://example.org/",
    "https://exa mple.org/",
    "java\tscript:alert(1)",
]


@pytest.mark.parametrize("value", GOOD)
def test_safe_addresses_pass(value):
    validate_safe_url(value)


@pytest.mark.parametrize("value", BAD)
def test_other_schemes_and_junk_are_refused_with_a_dutch_message(value):
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as raised:
        validate_safe_url(value)
    text = " ".join(raised.value.messages)
    assert any(word in text for word in ("adres", "e-mailadres", "telefoonnummer")), text


def _url_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.URLField) or field.name in getattr(model, "safe_url_fields", ()):
                yield model, field


def test_every_url_field_of_every_model_carries_the_rule():
    fields = list(_url_fields())
    assert len(fields) >= 10
    for model, field in fields:
        label = f"{model._meta.label}.{field.name}"
        assert validate_safe_url in field.validators, label
        with pytest.raises(ValidationError):
            field.run_validators("javascript:alert(1)")
        field.run_validators("mailto:info@example.org")
        if isinstance(field, models.URLField):
            form_field = field.formfield()
            assert isinstance(form_field, SafeURLFormField), label
            assert form_field.clean("tel:+31101234567") == "tel:+31101234567"
            with pytest.raises(ValidationError):
                form_field.clean("javascript:alert(1)")


def _walk(block, found):
    if isinstance(block, (blocks.URLBlock, blocks.RichTextBlock)):
        found.append(block)
    for child in getattr(block, "child_blocks", {}).values():
        _walk(child, found)
    if getattr(block, "child_block", None) is not None:
        _walk(block.child_block, found)


def test_every_url_block_and_rich_text_refuses_script_links():
    url_blocks, rich_blocks, rich_fields = [], [], []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                found = []
                _walk(field.stream_block, found)
                url_blocks += [b for b in found if isinstance(b, blocks.URLBlock)]
                rich_blocks += [b for b in found if isinstance(b, blocks.RichTextBlock)]
            elif isinstance(field, RichTextField):
                rich_fields.append(field)
    assert url_blocks and rich_blocks and rich_fields
    for block in url_blocks:
        assert block.clean("mailto:info@example.org") == "mailto:info@example.org"
        with pytest.raises(ValidationError):
            block.clean("javascript:alert(1)")
    hostile = '<p><a href="javascript:alert(1)">klik</a></p>'
    for field in rich_fields:
        with pytest.raises(ValidationError):
            field.run_validators(hostile)
        field.run_validators('<p><a href="https://example.org">ok</a> <a linktype="page" id="3">intern</a></p>')
    for block in rich_blocks:
        assert validate_rich_text_links in block.field.validators


def test_rich_text_allows_internal_paths_and_anchors_but_not_other_schemes():
    validate_rich_text_links('<a href="/bronnen/">x</a><a href="#kop">y</a><a href="tel:+3110">z</a>')
    for href in ("data:text/html,x", "file:///etc/passwd", "//evil.example/"):
        with pytest.raises(ValidationError):
            validate_rich_text_links(f'<a href="{href}">x</a>')


def test_a_resource_with_a_script_link_is_refused_in_the_admin(editor_client):
    from jv.dossier.models import Resource

    resource = Resource.objects.exclude(url="").first()
    resource.url = "javascript:alert(document.cookie)"
    with pytest.raises(ValidationError) as raised:
        resource.full_clean()
    assert "url" in raised.value.message_dict


def test_the_existing_content_already_follows_the_rule(db):
    """The starter content (and so the data already out there) needs no data migration."""
    offenders = []
    for model, field in _url_fields():
        if model._meta.abstract or model._meta.proxy:
            continue
        for value in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True):
            try:
                validate_safe_url(value)
            except ValidationError:
                offenders.append((model._meta.label, field.name, value))
    assert offenders == []
