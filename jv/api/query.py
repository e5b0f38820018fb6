"""Query parameters declared once: a serializer describes them, ``parse`` reads them, and the
same serializer documents them in the OpenAPI schema (``extend_schema(parameters=[MyQuery])``).

Each field is parsed with the strict rules of ``jv.api.params`` (plain ASCII whole numbers, slugs,
known choices) and the same Dutch messages; a bad value answers 400 in the one error shape
(``jv.api.errors``) naming the parameter.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import empty

from jv.api.errors import InvalidParameter
from jv.api.params import INT_RE, SLUG_RE, get_param


class SlugParam(serializers.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(regex=SLUG_RE.pattern.replace(r"\Z", "$"), max_length=100, **kwargs)


class IntParam(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ChoiceParam(serializers.ChoiceField):
    def __init__(self, choices, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=list(choices), **kwargs)


class TextParam(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def _value(name: str, field: serializers.Field, raw: str):
    if isinstance(field, serializers.IntegerField):
        if not INT_RE.match(raw):
            raise InvalidParameter(name, _("'%(name)s' must be a whole number.") % {"name": name})
        number = int(raw)
        low, high = field.min_value, field.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            raise InvalidParameter(
                name, _("'%(name)s' must be between %(min)s and %(max)s.") % {"name": name, "min": low, "max": high}
            )
        return number
    if isinstance(field, serializers.ChoiceField):
        if raw not in field.choices:
            raise InvalidParameter(
                name,
                _("Unknown value for '%(name)s'. Allowed: %(choices)s.")
                % {"name": name, "choices": ", ".join(str(c) for c in field.choices)},
            )
        return raw
    if isinstance(field, SlugParam):
        if not SLUG_RE.match(raw):
            raise InvalidParameter(
                name, _("'%(name)s' must be a slug (lowercase letters, digits and hyphens).") % {"name": name}
            )
        return raw
    if field.max_length is not None and len(raw) > field.max_length:
        raise InvalidParameter(
            name, _("'%(name)s' may be at most %(max)s characters long.") % {"name": name, "max": field.max_length}
        )
    return raw


def parse(request, query_class: type[serializers.Serializer]) -> dict:
    """Read every parameter ``query_class`` declares from ``request``; 400 on the first bad one."""
    values = {}
    for name, field in query_class().fields.items():
        raw = get_param(request, name)
        if raw is None:
            if field.required:
                raise InvalidParameter(name, _("Give a value for '%(name)s'.") % {"name": name})
            values[name] = None if field.default is empty else field.default
            continue
        values[name] = _value(name, field, raw)
    return values


# The bounds of every list of the API (docs/api.md, "Lists").
DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_OFFSET = 100_000


class PageQuery(serializers.Serializer):
    """limit/offset of every list; list queries inherit these two."""

    limit = IntParam(
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=f"Results per page, 1-{MAX_LIMIT} (default {DEFAULT_LIMIT}).",
    )
    offset = IntParam(
        min_value=0,
        max_value=MAX_OFFSET,
        default=0,
        help_text="Skip this many results (default 0).",
    )
