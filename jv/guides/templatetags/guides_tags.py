import re

from django import template

from jv.guides.blocks import ActionKind, Urgency

register = template.Library()

URGENCY_LABELS = dict(Urgency.CHOICES)
ACTION_KIND_LABELS = dict(ActionKind.CHOICES)


@register.filter
def tel(number: str) -> str:
    """A phone number as used in a tel: link: digits and a leading plus only."""
    number = str(number or "")
    digits = re.sub(r"[^0-9]", "", number)
    return ("+" + digits) if number.strip().startswith("+") else digits


@register.filter
def urgency_label(value: str) -> str:
    return URGENCY_LABELS.get(value, "")


@register.filter
def action_kind_label(value: str) -> str:
    return ACTION_KIND_LABELS.get(value, "")


@register.simple_tag
def checklist_query(checklist, **extra) -> str:
    """The checklist's query string with the ticked signals and extra parameters (e.g. stap)."""
    return checklist.query(**{k: v for k, v in extra.items() if v not in (None, "")})


@register.filter
def get_item(mapping, key):
    if not mapping or not key:
        return None
    return mapping.get(key)
