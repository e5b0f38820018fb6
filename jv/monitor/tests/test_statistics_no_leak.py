"""Issue 18, "Disclosure stays intact": the statistics add nothing to what is published.

Anonymous callers get intervals, change tests, trends, funnel positions and limits, empirical-Bayes
estimates and plain-Dutch conclusions computed from the published release only (plus the public
CBS population). This module proves it on random data (Hypothesis), through the real pipeline
(database, publication log, audit, service, API, dashboard, exports, report):

1. Non-interference. A random small tree (one region, up to three districts of up to three
   gemeenten) with four to six half-years of counts near the threshold, with or without population
   figures (complete or with gaps), sometimes in two releases (late figures, corrections), is
   published. Its *twin* changes only hidden values: every hidden figure keeps its label ("<5"
   stays 1-4, "afgeschermd" stays 0 or >= 5), every published total keeps its value, a delivery
   or correction stays one; hidden totals may change. The twin must publish exactly the same log,
   and then everything an anonymous caller receives must be identical byte for byte: the series
   API over HTTP (``lower``, ``upper``, ``rate*``, ``change``, ``trend``, ``conclusions``), the
   dashboard pages, CSV and XLSX, and at the service level every point, interval, change test
   (p-value, verdict, arrow, text), trend, funnel (positions, limits, references, estimates,
   sentences), the half-year report's chapter and the gemeente pages' figures.
2. The attacker of issue 13 (``attacker.py``) attacks one half-year and also reads every
   statistic: a candidate for the hidden figures survives only when the real pipeline, run on
   it, publishes the same releases *and* the same statistics. Every hidden count (gemeente or
   total) keeps at least three possible values, and no candidate is ruled out by a statistic; the
   worst case is recorded (``record_property``, stdout).

A negative control shows that the comparison has teeth: a statistic deliberately computed from a
hidden count (a funnel reference from a hidden region total, a rate from a "<5") is caught.
"""

from __future__ import annotations

import io
import json
import random
from collections import defaultdict
from dataclasses import dataclass, replace
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jv.core.cache import bump, content_version
from jv.monitor import api, conclusions, dashboard, exports, funnel, publication, report, service, statistics
from jv.monitor.audit import HIDDEN, MIN_POSSIBLE_VALUES, SHOWN, SMALL
from jv.monitor.disclosure import release_cells, suppression_pattern
from jv.monitor.models import Area, Figure, Indicator, Publication, PublishedCell
from jv.monitor.tests.attacker import attack_views, build, changes, gemeenten_under, public_view

pytestmark = pytest.mark.django_db

REGION = "proefregio"
INDICATOR = "proefcijfer"
POPULATION = "proefjongeren"
HALF_YEARS = ("2022-H1", "2022-H2", "2023-H1", "2023-H2", "2024-H1", "2024-H2")
SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}


# --- scenarios ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One indicator over a few half-years, delivered in one or two rounds (each round publishes)."""

    districts: tuple  # per district: its gemeente codes
    periods: tuple  # "YYYY-HN"
    rounds: tuple  # per round: {(gemeente, period): value or None}
    population: dict | None = None  # {(gemeente, period): young people}; None: no denominator

    @property
    def gemeenten(self) -> list[str]:
        return [g for members in self.districts for g in members]

    def district_of(self, gemeente: str) -> str:
        return next(f"proefdistrict-{d}" for d, members in enumerate(self.districts) if gemeente in members)

    def state(self, round_index: int, period: str) -> dict:
        """One table as the attacker helpers take it: gemeente -> (district, value)."""
        return {g: (self.district_of(g), self.rounds[round_index][(g, period)]) for g in self.gemeenten}

    def short(self) -> str:
        def table(values):
            return {p: [[values[(g, p)] for g in members] for members in self.districts] for p in self.periods}

        return f"rounds={[table(r) for r in self.rounds]} population={'no' if self.population is None else 'yes'}"


@st.composite
def counts(draw):
    """Counts near the threshold (0, "<5", just above), some larger ones, now and then missing."""
    if draw(st.integers(0, 9)) == 0:
        return None
    return draw(st.one_of(st.integers(1, 4), st.integers(0, 12), st.integers(5, 30), st.integers(20, 120)))


@st.composite
def scenarios(draw, max_districts=3, max_gemeenten=3):
    sizes = draw(st.lists(st.integers(1, max_gemeenten), min_size=1, max_size=max_districts))
    districts = tuple(tuple(f"GM97{d}{i}" for i in range(n)) for d, n in enumerate(sizes))
    gemeenten = [g for members in districts for g in members]
    periods = HALF_YEARS[: draw(st.integers(4, len(HALF_YEARS)))]
    final = {(g, p): draw(counts()) for p in periods for g in gemeenten}
    # at least one "<5", so that there is something hidden to protect
    final[draw(st.sampled_from(sorted(final)))] = draw(st.integers(1, 4))
    population = None
    mode = draw(st.sampled_from(["none", "known", "gaps"]))
    if mode != "none":
        population = {}
        for g in gemeenten:
            base, step = draw(st.integers(40, 6000)), draw(st.integers(-40, 40))
            for k, p in enumerate(periods):
                if mode == "known" or draw(st.integers(0, 5)):
                    population[(g, p)] = max(1, base + k * step)
    rounds = (final,)
    present = sorted(key for key, v in final.items() if v is not None)
    if present and draw(st.booleans()):
        late = draw(st.sets(st.sampled_from(present), max_size=3))
        first = dict.fromkeys(late) | {k: v for k, v in final.items() if k not in late}
        for key in draw(st.sets(st.sampled_from(present), max_size=2)) - late:
            old = draw(st.one_of(st.integers(1, 4), st.integers(0, 15)))
            first[key] = old if old != final[key] else old + 1
        rounds = (first, final)
    return Scenario(districts, periods, rounds, population)


# --- one run through the real pipeline ------------------------------------------------------


@dataclass
class Run:
    log: dict  # period -> [per release: {code: (level, parent, status, shown value, reason, complete, present, expected)}]
    releases: dict  # period -> [round index of each release]
    ranks: dict  # period -> the public rank the pipeline used
    outputs: dict  # channel -> what an anonymous caller receives, as text

    def views(self, period: str) -> list[dict]:
        """The releases of one half-year as ``attacker.public_view`` shows them."""
        return [{code: cell[:4] for code, cell in release.items()} for release in self.log[period]]


def _world(scenario: Scenario) -> Indicator:
    """Areas, the indicator and its population denominator (bulk writes: no signals, no search index)."""
    region = Area.objects.bulk_create([Area(code=REGION, name="Proefregio", level=Area.Level.REGIO)])[0]
    districts = Area.objects.bulk_create(
        Area(code=f"proefdistrict-{d}", name=f"Proefdistrict {d}", level=Area.Level.DISTRICT, parent=region, order=d)
        for d in range(len(scenario.districts))
    )
    gemeenten = Area.objects.bulk_create(
        Area(code=g, name=f"Proefgemeente {g[-2:]}", level=Area.Level.GEMEENTE, parent=districts[d], order=i)
        for d, members in enumerate(scenario.districts)
        for i, g in enumerate(members)
    )
    denominator = None
    if scenario.population is not None:
        denominator = Indicator.objects.bulk_create(
            [Indicator(code=POPULATION, name="Jongeren 12-17", unit="jongeren", kind=Indicator.Kind.POPULATION)]
        )[0]
    indicator = Indicator.objects.bulk_create(
        [
            Indicator(
                code=INDICATOR, name="Proefcijfer", unit="verwijzingen", source="Proefbron", denominator=denominator
            )
        ]
    )[0]
    through = Indicator.reporting_areas.through
    through.objects.bulk_create(
        through(indicator=i, area=g) for i in filter(None, (indicator, denominator)) for g in gemeenten
    )
    if denominator is not None:
        by_code = {g.code: g for g in gemeenten}
        Figure.objects.bulk_create(
            Figure(area=by_code[g], indicator=denominator, period=p, value=v)
            for (g, p), v in scenario.population.items()
        )
    return indicator


def _deliver(indicator: Indicator, values: dict, before: dict) -> None:
    """Write one round: new figures (late ones) and corrections; then a new content version."""
    areas = {a.code: a for a in Area.objects.filter(code__startswith="GM97")}
    existing = {(f.area.code, f.period): f for f in Figure.objects.filter(indicator=indicator).select_related("area")}
    new, changed = [], []
    for (g, p), value in values.items():
        if value is None:
            assert before.get((g, p)) is None, "a scenario never withdraws a figure"
        elif (g, p) in existing:
            if existing[(g, p)].value != value:
                existing[(g, p)].value = value
                changed.append(existing[(g, p)])
        else:
            new.append(Figure(area=areas[g], indicator=indicator, period=p, value=value))
    Figure.objects.bulk_create(new)
    Figure.objects.bulk_update(changed, ["value"])
    bump()


def _log(indicator: Indicator) -> dict:
    """The publication log as anyone may know it: per release, every cell's place and status, and
    its value only where it is shown."""
    numbers = {p.pk: (p.period, p.number) for p in Publication.objects.filter(indicator=indicator)}
    releases: dict = defaultdict(dict)
    rows = PublishedCell.objects.filter(publication_id__in=list(numbers)).values_list(
        "publication_id", "code", "level", "parent", "status", "value", "reason", "complete", "present", "expected"
    )
    for pub, code, level, parent, status, value, reason, complete, present, expected in rows:
        shown = value if status == SHOWN else None
        releases[numbers[pub]][code] = (level, parent or None, status, shown, reason, complete, present, expected)
    log: dict = defaultdict(list)
    for period, number in sorted(releases):
        log[period].append(releases[(period, number)])
    return dict(log)


def _latest_numbers(indicator: Indicator) -> dict[str, int]:
    latest: dict[str, int] = {}
    for period, number in Publication.objects.filter(indicator=indicator).values_list("period", "number"):
        latest[period] = max(latest.get(period, 0), number)
    return latest


def run(scenario: Scenario, http: bool = True) -> Run:
    """Publish the scenario round by round and collect what anonymous callers receive.

    Everything happens in a savepoint that is rolled back, so runs do not see each other; every
    round gives a new content version (a fresh token), so no cache can mix them up.
    """
    with transaction.atomic():
        try:
            indicator = _world(scenario)
            releases: dict = defaultdict(list)
            before: dict = {}
            for index, values in enumerate(scenario.rounds):
                known = _latest_numbers(indicator)
                _deliver(indicator, values, before)
                service.publish([indicator])
                for period, number in _latest_numbers(indicator).items():
                    if number > known.get(period, 0):
                        releases[period].append(index)
                before = values
            version = content_version()
            data = service.indicator_data(indicator, version)
            h = service.hierarchy(version)
            ranks = {str(p): publication.rank(data, p, h) for p in data.periods}
            result = Run(_log(indicator), dict(releases), ranks, {})
            result.outputs = anonymous_outputs(scenario, indicator, result, http)
            return result
        finally:
            transaction.set_rollback(True)
            service.clear_memo()


# --- what an anonymous caller receives ----------------------------------------------------------


def _change(change) -> tuple | None:
    if change is None:
        return None
    return (
        change.kind,
        str(change.earlier.period),
        change.comparable,
        change.p_value,
        change.q_value,
        change.family_size,
        change.significant,
        change.direction,
        change.arrow,
        change.text,
        change.assessment,
        change.percent,
    )


def _points(points) -> list:
    return [
        (str(p.period), p.value, p.suppressed, p.complete, p.interval, p.rate, p.population, p.rate_interval)
        for p in points
    ]


def _view(view) -> list:
    """A dashboard view as the page shows it (numbers, ranges, verdicts, charts, funnel, sentences)."""
    series = [
        (
            s.code,
            s.applicable,
            s.latest_text,
            s.latest_note,
            s.latest_range,
            s.latest_rate,
            s.latest_rate_range,
            repr(s.trend),
            s.trend_text,
            _change(s.previous_change),
            _change(s.year_change),
        )
        for s in view.comparison
    ]
    children = [(a.code, _points([p])[0], _change(c)) for a, p, c in view.children]
    funnel_view = (str(view.funnel.svg), str(view.funnel.body)) if view.funnel else None
    charts = [(c["id"], str(c["svg"])) for c in view.charts]
    return [
        series,
        str(view.table_body),
        str(view.children_body),
        view.children_title,
        children,
        charts,
        funnel_view,
        view.conclusions,
        view.tests_on_screen,
    ]


def _funnel(comparison) -> list | None:
    if comparison is None:
        return None
    return [
        repr(comparison.region),
        repr(sorted(comparison.districts.items())),
        [
            (
                i.code,
                i.count,
                i.population,
                i.rate,
                i.rate_interval,
                i.district_position,
                i.region_position,
                sorted(i.positions.items()),
                repr(i.estimate),
            )
            for i in comparison.items
        ],
        comparison.excluded,
        repr(comparison.curve),
    ]


def _report_section(section) -> list:
    rows = [
        (
            r["area"].code,
            r["value"],
            r["range"],
            r["rate"],
            r["rate_range"],
            _change(r["previous"]),
            _change(r["year"]),
            repr(r["trend"]),
            r["trend_word"],
            r["trend_text"],
        )
        for r in section["rows"]
    ]
    return [rows, section.get("conclusions"), section.get("tests"), [str(c) for c in section["charts"]]]


def _xlsx_values(content: bytes) -> list:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [(sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]) for sheet in workbook.worksheets]


def _trend_sentence(area, indicator, trend, points, up_to) -> str:
    return conclusions.trend_sentence(area.name, indicator, trend, [p for p in points if p.period <= up_to])


def anonymous_outputs(scenario: Scenario, indicator: Indicator, result: Run, http: bool) -> dict[str, str]:
    """Everything an anonymous caller receives about the indicator, per channel, as text.

    Service level, for every area of the tree: every point (value, interval, rate and its
    interval), the change tests against the previous half-year and a year earlier (p-value,
    verdict, arrow, text), the trend up to every half-year, the series API body, the dashboard
    view (tables, charts, funnel, conclusions, FDR family); for every half-year the funnel
    (references, positions, limits, estimates, sentences); the export rows and CSV; the report
    chapter of the last two half-years; the gemeente pages' figures. With ``http``: the series API
    for every area, three dashboard pages, the CSV and the XLSX through the test client.
    """
    anonymous = AnonymousUser()
    version = content_version()
    h = service.hierarchy(version)
    data = service.indicator_data(indicator, version)
    codes = [REGION, *(f"proefdistrict-{d}" for d in range(len(scenario.districts))), *scenario.gemeenten]
    areas = [h.areas[c] for c in codes]
    out: dict[str, object] = {}
    only_this_indicator = mock.patch.object(
        service, "count_indicators", lambda: Indicator.objects.filter(pk=indicator.pk).select_related("denominator")
    )
    with translation.override("nl"), only_this_indicator:
        for area in areas:
            points = service.series(data, area.code, anonymous, version)
            out[f"points {area.code}"] = _points(points)
            out[f"trends {area.code}"] = [
                (str(p), repr(t), _trend_sentence(area, indicator, t, points, p))
                for p in data.periods
                for t in [service.trend(points, up_to=p)]
            ]
            out[f"changes {area.code}"] = [tuple(map(_change, service.changes(points, p))) for p in data.periods]
            body = api.series_body(area, indicator, points)
            out[f"series body {area.code}"] = json.dumps(body, sort_keys=True)
            out[f"dashboard {area.code}"] = _view(dashboard.build(area, indicator, anonymous, version, h))
        region = h.areas[REGION]
        for period in data.periods:
            comparison = funnel.comparison(data, period, anonymous, version, h, region)
            out[f"funnel {period}"] = _funnel(comparison)
            out[f"funnel sentences {period}"] = [funnel.sentences(comparison, g) for g in scenario.gemeenten]
        rows = list(exports.rows(anonymous, version, h, areas, [indicator]))
        out["export rows"] = rows
        out["export csv"] = exports.to_csv(rows)
        for period in data.periods[-2:]:
            context = report.report_context(period, anonymous, members_version=False)
            out[f"report {period}"] = [_report_section(s) for s in context["sections"]]
        for g in scenario.gemeenten:
            out[f"gemeente page {g}"] = [
                (f.indicator.code, _points([f.point])[0], _change(f.previous), f.fictitious)
                for f in service.latest_figures(g, anonymous, version)
            ]
    if http:
        client = Client()
        for area in areas:
            response = client.get(f"/api/v1/monitor/series/?indicator={INDICATOR}&area={area.code}")
            out[f"http api {area.code}"] = (
                response.status_code,
                response.get("X-Monitor-Fictitious"),
                response.content,
            )
        last = result.log[str(data.periods[-1])][-1] if data.periods else {}
        hidden = [g for g in scenario.gemeenten if g in last and last[g][2] in HIDDEN]
        for code in (REGION, "proefdistrict-0", (hidden or scenario.gemeenten)[0]):
            response = client.get(f"/monitor/?gebied={code}&indicator={INDICATOR}")
            out[f"http dashboard {code}"] = (response.status_code, response.content)
        response = client.get(f"/monitor/export.csv?indicator={INDICATOR}")
        out["http csv"] = (response.status_code, response.content)
        response = client.get(f"/monitor/export.xlsx?indicator={INDICATOR}")
        out["http xlsx"] = (response.status_code, _xlsx_values(response.content))
    return {key: value if isinstance(value, bytes | str) else repr(value) for key, value in out.items()}


def assert_same_outputs(a: dict, b: dict, scenario: Scenario) -> None:
    assert a.keys() == b.keys()
    different = [key for key in a if a[key] != b[key]]
    assert not different, (
        f"anonymous output differs between twins that differ only in hidden values: {different[:6]}; "
        f"first: {a[different[0]][:400]!r} vs {b[different[0]][:400]!r}; scenario {scenario.short()}"
    )


# --- twins: other hidden values, the same public knowledge ------------------------------------


def version_ids(scenario: Scenario, period: str) -> dict:
    """(round, gemeente) -> the figure's version, as ``disclosure.versions`` names it: the same
    version while the value does not change (a missing round in between does not break it)."""
    last: dict = {}
    count: dict = defaultdict(int)
    ids = {}
    for index, values in enumerate(scenario.rounds):
        for g in scenario.gemeenten:
            value = values[(g, period)]
            if value is None:
                continue
            if g not in last or last[g][0] != value:
                count[g] += 1
                last[g] = (value, (g, count[g]))
            ids[(index, g)] = last[g][1]
    return ids


def pure_views(scenario: Scenario, period: str, releases: list[int], rank: dict) -> list[dict]:
    """The releases of one half-year from the disclosure functions alone (no database)."""
    districts = [f"proefdistrict-{d}" for d in range(len(scenario.districts))]
    history: list = []
    for index in releases:
        nodes = build(scenario.state(index, period), districts, dict.fromkeys(districts, REGION))
        history.append(release_cells(nodes, suppression_pattern(nodes, history, rank)))
    return [public_view(release) for release in history]


def with_versions(scenario: Scenario, period: str, new_values: dict) -> Scenario:
    """The scenario with some versions of one half-year's figures replaced."""
    ids = version_ids(scenario, period)
    rounds = []
    for index, values in enumerate(scenario.rounds):
        values = dict(values)
        for g in scenario.gemeenten:
            key = ids.get((index, g))
            if key in new_values:
                values[(g, period)] = new_values[key]
        rounds.append(values)
    return replace(scenario, rounds=tuple(rounds))


def _allowed(label: str, value: int) -> bool:
    return 1 <= value <= 4 if label == SMALL else value == 0 or value >= 5


def twin_values(scenario: Scenario, period: str, result: Run, rng: random.Random, keep_hidden_totals: bool):
    """New values for the hidden versions of one half-year that keep every published number.

    Hidden versions (never shown in any release) are grouped by the shown totals they lie under
    (in any release); within a group values move from one to another (so those totals stay the
    same), a version under no shown total changes on its own. With ``keep_hidden_totals`` the
    hidden region total is kept too (it then decides exactly as before)."""
    ids = version_ids(scenario, period)
    value_of = {key: scenario.rounds[index][(g, period)] for (index, g), key in ids.items()}
    views = result.views(period)
    label: dict = {}
    shown: set = set()
    constraints: list[set] = []
    for release, index in zip(views, result.releases[period], strict=True):
        for g in scenario.gemeenten:
            key = ids.get((index, g))
            if key is None:
                continue
            if release[g][2] == SHOWN:
                shown.add(key)
            elif release[g][2] in HIDDEN:
                label[key] = release[g][2]
        for code, keys in gemeenten_under(release).items():
            if release[code][2] == SHOWN or (keep_hidden_totals and code == REGION):
                constraints.append({ids[(index, g)] for g in keys})
    free = sorted(key for key in label if key not in shown)
    signature = {key: frozenset(i for i, c in enumerate(constraints) if key in c) for key in free}
    groups: dict = defaultdict(list)
    for key in free:
        groups[signature[key]].append(key)
    new = {key: value_of[key] for key in free}
    for under, keys in groups.items():
        if not under:
            for key in keys:
                if rng.random() < 0.8:
                    choices = range(1, 5) if label[key] == SMALL else [0, *range(5, value_of[key] + 9)]
                    new[key] = rng.choice(list(choices))
            continue
        for _ in range(4):
            if len(keys) < 2:
                break
            up, down = rng.sample(keys, 2)
            step = rng.randint(1, 6)
            if _allowed(label[up], new[up] + step) and _allowed(label[down], new[down] - step):
                new[up] += step
                new[down] -= step
    everything = value_of | new
    for g, number in everything:  # a correction stays a correction: neighbouring versions differ
        if (g, number + 1) in everything and everything[(g, number)] == everything[(g, number + 1)]:
            return None
    return new


def twin(scenario: Scenario, result: Run, rng: random.Random) -> Scenario:
    """Another scenario with the same public knowledge: same log (checked here on the disclosure
    functions, and by the caller on the real pipeline), same deliveries, same population."""
    for period in scenario.periods:
        if period not in result.log:
            continue
        views, releases, rank = result.views(period), result.releases[period], result.ranks[period]
        for attempt in range(8):
            new = twin_values(scenario, period, result, rng, keep_hidden_totals=attempt >= 4)
            if new is None:
                continue
            candidate = with_versions(scenario, period, new)
            if pure_views(candidate, period, releases, rank) == views:
                scenario = candidate
                break
    return scenario


# --- 1. non-interference ----------------------------------------------------------------------


def test_anonymous_statistics_depend_only_on_published_values(record_property):
    tally = {"examples": 0, "twins with other hidden values": 0, "hidden cells": 0}

    @settings(max_examples=30, **SETTINGS)
    @given(scenarios(), st.randoms(use_true_random=False))
    def check(scenario, rng):
        first = run(scenario)
        for period, releases in first.releases.items():
            assert pure_views(scenario, period, releases, first.ranks[period]) == first.views(period), (
                "the publication log is exactly what the disclosure functions give (no audit fallback)"
            )
        other = twin(scenario, first, rng)
        second = run(other)
        assert second.log == first.log, ("the twin publishes the same log", scenario.short(), other.short())
        assert_same_outputs(first.outputs, second.outputs, scenario)
        tally["examples"] += 1
        tally["twins with other hidden values"] += other.rounds != scenario.rounds
        tally["hidden cells"] += sum(
            1 for releases in first.log.values() for cell in releases[-1].values() if cell[2] in HIDDEN
        )

    check()
    text = ", ".join(f"{key}: {value}" for key, value in tally.items())
    record_property("statistics_no_leak", text)
    print(f"non-interference of the statistics: {text}")
    assert tally["twins with other hidden values"] >= tally["examples"] // 2, text


# --- 2. the attacker, who also reads every statistic ------------------------------------------


def test_an_attacker_who_reads_every_statistic_still_leaves_three_values(record_property):
    worst = {"values": 99, "example": None, "examples": 0, "reruns": 0, "ruled out by a statistic": []}

    @settings(max_examples=12, **SETTINGS)
    @given(scenarios(max_districts=2))
    def check(scenario):
        observed = run(scenario, http=False)
        hidden = {
            period: sum(1 for cell in releases[-1].values() if cell[0] == "gemeente" and cell[2] in HIDDEN)
            for period, releases in observed.log.items()
        }
        worst["examples"] += 1
        if not hidden or not max(hidden.values()):
            return
        period = max(sorted(hidden), key=lambda p: hidden[p])
        releases, rank = observed.releases[period], observed.ranks[period]
        views = observed.views(period)
        states = [scenario.state(index, period) for index in releases]
        ids = version_ids(scenario, period)
        truth = {(r, g): value for r, state in enumerate(states) for g, (_where, value) in state.items()}
        bound = max([12] + [v for s in states for _w, v in s.values() if v is not None]) + 6
        seen: dict = {}

        def rerun(candidate) -> bool:
            """Keep a candidate only if the pipeline publishes the same log and the same statistics."""
            new = {ids[(releases[r], g)]: value for (r, g), value in candidate.items()}
            key = tuple(sorted(new.items()))
            if key not in seen:
                other = with_versions(scenario, period, new)
                if pure_views(other, period, releases, rank) != views:
                    seen[key] = False
                else:
                    again = run(other, http=False)
                    worst["reruns"] += 1
                    same_log = again.log == observed.log
                    seen[key] = same_log and again.outputs == observed.outputs
                    if same_log and not seen[key]:
                        worst["ruled out by a statistic"].append((scenario.short(), candidate))
            return seen[key]

        finding = attack_views(views, changes(states), bound, MIN_POSSIBLE_VALUES, 48, rerun, truth)
        fewest, where = finding.fewest()
        if where is not None and fewest < worst["values"]:
            worst["values"], worst["example"] = fewest, (period, where, finding.truth[where], scenario.short())
        for target, values in finding.possible.items():
            assert finding.truth[target] in values or len(values) >= MIN_POSSIBLE_VALUES, (target, values)
            assert len(values) >= MIN_POSSIBLE_VALUES, (period, target, sorted(values), scenario.short())

    check()
    text = (
        f"attacker reading every statistic: {worst['examples']} examples, {worst['reruns']} full reruns of the "
        f"pipeline; fewest possible values for any hidden count: {worst['values']} (the search stops at "
        f"{MIN_POSSIBLE_VALUES}, so {MIN_POSSIBLE_VALUES} means 'at least {MIN_POSSIBLE_VALUES}')"
        + (
            f" (half-year {worst['example'][0]}, cell {worst['example'][1]}, true value {worst['example'][2]},"
            f" scenario {worst['example'][3]})"
            if worst["example"]
            else ""
        )
    )
    record_property("attacker_worst_case_with_statistics", text)
    print(text)
    assert worst["reruns"], "the attacker replayed the pipeline with its statistics at least once"
    assert not worst["ruled out by a statistic"], worst["ruled out by a statistic"][:3]
    assert worst["values"] >= MIN_POSSIBLE_VALUES, text


# --- negative control: the comparison catches a statistic computed from a hidden count ----------

# Region Proefregio: district 0 has a "<5" (2, and 3 in the twin) and a partner at 0, so the
# hidden part of the region (2 or 3) is too small to show and the region total stays hidden;
# district 1 is shown. The population is known, so rates, funnel and estimates are computed.
CONTROL_DISTRICTS = (("GM9700", "GM9701"), ("GM9710", "GM9711", "GM9712"))
CONTROL_PERIODS = HALF_YEARS[:4]


def _control(small: int) -> Scenario:
    values = {}
    for k, p in enumerate(CONTROL_PERIODS):
        values |= {("GM9700", p): small, ("GM9701", p): 0, ("GM9710", p): 30 + k}
        values |= {("GM9711", p): 45 - k, ("GM9712", p): 60 + 3 * k}
    gemeenten = [g for members in CONTROL_DISTRICTS for g in members]
    population = {(g, p): 500 + 400 * i for p in CONTROL_PERIODS for i, g in enumerate(gemeenten)}
    return Scenario(CONTROL_DISTRICTS, CONTROL_PERIODS, (values,), population)


def _leaky_reference(data, period, cells, code, h):
    """A funnel reference rate from the exact total, also when that total is hidden (a bug)."""
    node = data.trees[period][code]
    population = service.population_for(data, period, code)
    if node.value is None or not population:
        return None
    area = h.areas[code]
    return funnel.Reference(code, area.name, area.level, node.value * 1000 / population)


@dataclass
class _LeakyPoint(service.Point):
    exact: int | None = None

    @property
    def interval(self):
        """The 95% interval of the exact figure, also for a "<5" (a bug)."""
        value = self.value if self.value is not None else self.exact
        return statistics.count_interval(value) if value is not None else None


def _leaky_point(data, period, cell):
    point = _honest_point(data, period, cell)
    if cell is None or not cell.suppressed:
        return point
    return _LeakyPoint(point.period, cell, point.rate, point.population, data.trees[period][cell.code].value)


_honest_point = service.point


@pytest.mark.parametrize(
    "module, name, leak, channel",
    [
        (funnel, "_reference", _leaky_reference, "funnel"),
        (service, "point", _leaky_point, "http api GM9700"),
    ],
    ids=["funnel-reference-from-a-hidden-region-total", "interval-of-a-small-count"],
)
def test_the_comparison_catches_a_statistic_computed_from_a_hidden_count(module, name, leak, channel):
    first, second = _control(2), _control(3)
    honest_a, honest_b = run(first), run(second)
    assert honest_a.log == honest_b.log
    assert all(releases[-1][REGION][2] in HIDDEN for releases in honest_a.log.values())
    assert_same_outputs(honest_a.outputs, honest_b.outputs, first)
    with mock.patch.object(module, name, leak):
        leaky_a, leaky_b = run(first), run(second)
    different = [key for key in leaky_a.outputs if leaky_a.outputs[key] != leaky_b.outputs[key]]
    assert any(key.startswith(channel) for key in different), different
