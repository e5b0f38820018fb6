"""One rule for every address an editor (or an import) can enter: ``https:``, ``http:``,
``mailto:`` and ``tel:`` only.

:func:`install` (called from ``CoreConfig.ready``) puts :data:`validate_safe_url` on every
``URLField`` of every installed model (and on text fields a model lists in
``safe_url_fields``) and on every ``URLBlock`` inside a ``StreamField``, and
:data:`validate_rich_text_links` on every ``RichTextField`` and ``RichTextBlock``: new fields
and blocks are covered without anyone having to remember it. ``javascript:``, ``data:``,
``file:``, ``ftp:`` and every other scheme is refused with a Dutch message.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_TEL = re.compile(r"^\+?[0-9][0-9 ()./-]{1,30}$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@deconstructible
class SafeURLValidator:
    message = _("Enter an address that starts with https://, http://, mailto: or tel:.")
    code = "invalid_url_scheme"

    def __init__(self, allow_relative: bool = False):
        self.allow_relative = allow_relative

    def __eq__(self, other):
        return isinstance(other, SafeURLValidator) and other.allow_relative == self.allow_relative

    def __call__(self, value):
        text = str(value or "")
        if not text:
            return
        if _CONTROL.search(text.strip()) or text != text.strip():
            raise ValidationError(_("An address may not contain spaces or control characters."), code="invalid")
        if self.allow_relative and (text.startswith(("/", "#", "?")) and not text.startswith("//")):
            return
        match = _SCHEME.match(text)
        scheme = match.group(1).lower() if match else ""
        if scheme in ("http", "https"):
            URLValidator(schemes=["http", "https"], message=self.message, code=self.code)(text)
        elif scheme == "mailto":
            addresses = [a.strip() for a in text[len("mailto:") :].split("?", 1)[0].split(",") if a.strip()]
            if not addresses:
                raise ValidationError(_("Enter an e-mail address after mailto:."), code=self.code)
            for address in addresses:
                try:
                    validate_email(address)
                except ValidationError:
                    raise ValidationError(
                        _("“%(address)s” is not a valid e-mail address."), code=self.code, params={"address": address}
                    ) from None
        elif scheme == "tel":
            if not _TEL.match(text[len("tel:") :]):
                raise ValidationError(_("Enter a telephone number after tel:, for example tel:+31101234567."))
        else:
            raise ValidationError(self.message, code=self.code)


validate_safe_url = SafeURLValidator()
validate_safe_link = SafeURLValidator(allow_relative=True)


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.hrefs.append(value)


def validate_rich_text_links(value):
    """Every ``href``/``src`` in rich text must be a safe address (internal links have none)."""
    html = getattr(value, "source", value)
    if not html or ("href" not in str(html) and "src" not in str(html)):
        return
    parser = _Hrefs()
    parser.feed(str(html))
    parser.close()
    for href in parser.hrefs:
        try:
            validate_safe_link(href)
        except ValidationError as error:
            raise ValidationError(
                _("The link “%(href)s” is not allowed: %(reason)s"),
                code="invalid_link",
                params={"href": href[:80], "reason": " ".join(str(m) for m in error.messages)},
            ) from None


# --------------------------------------------------------------------------------------------


def _add(validators: list, validator) -> None:
    if validator not in validators:
        validators.append(validator)


def _walk_block(block, seen: set) -> None:
    from wagtail import blocks

    if id(block) in seen:
        return
    seen.add(id(block))
    if isinstance(block, blocks.URLBlock):
        block.field = _safe_url_form_field(block.field)
    elif isinstance(block, blocks.RichTextBlock):
        _add(block.field.validators, validate_rich_text_links)
    for child in getattr(block, "child_blocks", {}).values():
        _walk_block(child, seen)
    child = getattr(block, "child_block", None)
    if child is not None:
        _walk_block(child, seen)


def _safe_url_form_field(field):
    """A form field like ``field`` that accepts mailto:/tel: and applies the one rule."""
    if isinstance(field, SafeURLFormField):
        return field
    return SafeURLFormField(
        required=field.required,
        label=field.label,
        help_text=field.help_text,
        max_length=getattr(field, "max_length", None),
        initial=field.initial,
    )


class SafeURLFormField(forms.CharField):
    """Form field for addresses: trims, adds ``https://`` to a bare ``www.`` name, applies the rule."""

    widget = forms.URLInput
    default_validators = [validate_safe_url]

    def to_python(self, value):
        value = super().to_python(value)
        if value and value.lower().startswith("www."):
            value = "https://" + value
        return value


def _url_formfield(model_field):
    original = model_field.formfield

    def formfield(**kwargs):
        kwargs.setdefault("form_class", SafeURLFormField)
        if issubclass(kwargs["form_class"], forms.URLField):
            kwargs["form_class"] = SafeURLFormField
        kwargs.pop("assume_scheme", None)
        return original(**kwargs)

    return formfield


def install() -> None:
    """Attach the rule to every URL field, URL block and rich text of every installed model."""
    from django.apps import apps
    from django.db import models
    from wagtail.fields import RichTextField, StreamField

    seen: set = set()
    for model in apps.get_models():
        for name in getattr(model, "safe_url_fields", ()):
            field = model._meta.get_field(name)
            if not getattr(field, "_jv_safe_url", False):
                field.__dict__["validators"] = [*field.validators, validate_safe_url]
                field._jv_safe_url = True
        for field in model._meta.get_fields():
            # ``validators`` is a cached property; setting it on the instance replaces Django's
            # URLValidator (which allows ftp:) without touching the field's deconstruction, so
            # no migration changes.
            if isinstance(field, models.URLField) and not getattr(field, "_jv_safe_url", False):
                field.__dict__["validators"] = [validate_safe_url, *field._validators]
                field.formfield = _url_formfield(field)
                field._jv_safe_url = True
            elif isinstance(field, RichTextField) and not getattr(field, "_jv_safe_url", False):
                field.__dict__["validators"] = [*field.validators, validate_rich_text_links]
                field._jv_safe_url = True
            elif isinstance(field, StreamField):
                _walk_block(field.stream_block, seen)
