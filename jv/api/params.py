"""Parsing and validating query parameters for the API, with Dutch error messages."""

import re

from django.utils.translation import gettext as _

from jv.api.errors import InvalidParameter

# \Z, not $: "$" also matches before a trailing newline, which would let "slug\n" through.
SLUG_RE = re.compile(r"^[-a-z0-9_]{1,100}\Z")
# Plain decimal whole numbers only: Python's int() would also take " 5", "1_000" and
# non-ASCII digits such as "٣", which no client means as a number here.
INT_RE = re.compile(r"^[+-]?[0-9]{1,30}\Z")


def get_param(request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if "\x00" in value or len(value) > 1000:
        raise InvalidParameter(name, _("Invalid value for '%(name)s'.") % {"name": name})
    return value


def slug_param(request, name: str) -> str | None:
    value = get_param(request, name)
    if value is not None and not SLUG_RE.match(value):
        raise InvalidParameter(
            name, _("'%(name)s' must be a slug (lowercase letters, digits and hyphens).") % {"name": name}
        )
    return value


def int_param(request, name: str, minimum: int, maximum: int, default: int | None = None) -> int | None:
    value = get_param(request, name)
    if value is None:
        return default
    if not INT_RE.match(value):
        raise InvalidParameter(name, _("'%(name)s' must be a whole number.") % {"name": name})
    number = int(value)
    if not minimum <= number <= maximum:
        raise InvalidParameter(
            name,
            _("'%(name)s' must be between %(min)s and %(max)s.") % {"name": name, "min": minimum, "max": maximum},
        )
    return number


def choice_param(request, name: str, choices) -> str | None:
    value = get_param(request, name)
    if value is not None and value not in choices:
        raise InvalidParameter(
            name,
            _("Unknown value for '%(name)s'. Allowed: %(choices)s.") % {"name": name, "choices": ", ".join(choices)},
        )
    return value
