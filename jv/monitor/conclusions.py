"""Plain-Dutch conclusions generated from the numbers (page, API and half-year report).

Every sentence is built from values the caller may see (``jv.monitor.service`` gives anonymous
callers the published release only) and from the statistics of ``jv.monitor.statistics``.
Source strings are English; the Dutch text is in locale/nl.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from jv.monitor.disclosure import format_int


def format_p(p: float) -> str:
    if p < 0.001:
        return "< 0,001"
    if p < 0.01:
        return "= " + f"{p:.3f}".replace(".", ",")
    return "= " + f"{p:.2f}".replace(".", ",")


def format_rate(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def what(indicator) -> str:
    """The indicator name inside a sentence ("het aantal HALT-verwijzingen")."""
    name = indicator.name
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        name = name[0].lower() + name[1:]
    return name


def _p_text(change) -> str:
    if change.q_value is not None and change.family_size > 1:
        return _("adjusted p %(p)s, corrected for %(n)s comparisons on this page") % {
            "p": format_p(change.q_value),
            "n": change.family_size,
        }
    return _("p %(p)s") % {"p": format_p(change.p_value)}


def change_assessment(change) -> str:
    """Short verdict on a change between two half-years (empty when there is nothing to judge)."""
    if not change.comparable:
        return ""
    test = change.test
    if test is None:
        return _("not tested: one of the two totals is incomplete")
    details = _p_text(change)
    if test.population_adjusted:
        details += "; " + _("taking the number of young people into account")
    if change.significant:
        return _(
            "probably a real change: a difference this large rarely occurs by chance at these numbers (%(details)s)"
        ) % {"details": details}
    return _(
        "within normal fluctuation: a difference like this often occurs by chance at these numbers (%(details)s)"
    ) % {"details": details}


def change_sentence(area_name: str, indicator, change) -> str:
    if change is None or not change.comparable:
        return ""
    values = {
        "area": area_name,
        "what": what(indicator),
        "earlier": format_int(change.earlier.value),
        "later": format_int(change.current.value),
        "earlier_period": change.earlier.period,
        "period": change.current.period,
    }
    if change.difference > 0:
        text = _(
            "In %(area)s the number of %(what)s rose from %(earlier)s (%(earlier_period)s) to %(later)s (%(period)s)"
        )
    elif change.difference < 0:
        text = _(
            "In %(area)s the number of %(what)s fell from %(earlier)s (%(earlier_period)s) to %(later)s (%(period)s)"
        )
    else:
        text = _("In %(area)s the number of %(what)s stayed at %(later)s in %(period)s")
    text = text % values
    assessment = change_assessment(change)
    if assessment and change.difference != 0:
        text += "; " + assessment
    return text + "."


def trend_sentence(area_name: str, indicator, trend, points) -> str:
    if trend is None:
        return ""
    values = {
        "area": area_name,
        "what": what(indicator),
        "n": trend.n,
        "first": points[trend.first].period,
        "last": points[trend.last].period,
        "p": format_p(trend.p_value),
        "percent": format_rate(abs(trend.percent_per_year)),
    }
    if trend.direction == "up":
        return (
            _(
                "Trend from %(first)s to %(last)s (%(n)s half-years): the number of %(what)s in %(area)s is rising, by about %(percent)s%% a year (p %(p)s)."
            )
            % values
        )
    if trend.direction == "down":
        return (
            _(
                "Trend from %(first)s to %(last)s (%(n)s half-years): the number of %(what)s in %(area)s is falling, by about %(percent)s%% a year (p %(p)s)."
            )
            % values
        )
    return (
        _(
            "Trend from %(first)s to %(last)s (%(n)s half-years): no clear trend in the number of %(what)s in %(area)s; the ups and downs fit chance (p %(p)s)."
        )
        % values
    )


def trend_word(trend) -> str:
    if trend is None:
        return ""
    return {"up": _("rising"), "down": _("falling")}.get(trend.direction, _("no clear trend"))


def funnel_sentence(item, reference_name: str, reference_rate: float) -> str:
    """One gemeente against a reference (district or region) on the funnel plot."""
    values = {
        "area": item.name,
        "rate": format_rate(item.rate),
        "reference": reference_name,
        "reference_rate": format_rate(reference_rate),
    }
    position = item.positions.get(reference_name)
    if position in ("high", "very-high"):
        text = _(
            "At %(rate)s per 1,000 young people, %(area)s is higher than chance explains for its size compared with %(reference)s (%(reference_rate)s per 1,000)."
        )
    elif position in ("low", "very-low"):
        text = _(
            "At %(rate)s per 1,000 young people, %(area)s is lower than chance explains for its size compared with %(reference)s (%(reference_rate)s per 1,000)."
        )
    else:
        text = _(
            "At %(rate)s per 1,000 young people, %(area)s is within what chance explains for its size compared with %(reference)s (%(reference_rate)s per 1,000)."
        )
    return text % values


def position_label(position: str | None) -> str:
    return {
        "within": _("within the limits"),
        "high": _("above the 95% limit"),
        "very-high": _("above the 99.8% limit"),
        "low": _("below the 95% limit"),
        "very-low": _("below the 99.8% limit"),
    }.get(position or "", _("not compared"))
