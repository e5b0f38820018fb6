"""The publication log: what the public has been shown, release by release, and the audit gate.

Anonymous visitors never get cells computed from the raw figures. Every channel (dashboard,
CSV/XLSX, API, report PDF, the gemeente pages) asks ``jv.monitor.service``, which for anonymous
callers reads the latest *release* of each table (one indicator in one half-year) from this log.

A new release is made when the exact table differs from the one the latest release was made
from (a late gemeente, a correction, a gemeente moving district, a change in who reports). Its
suppression pattern is chosen with every earlier release of the table in view
(``jv.monitor.disclosure.suppression_pattern``, safe by construction against an attacker who
knows that code). The exact attacker of ``jv.monitor.audit`` then checks it independently: every
hidden count of every release must keep at least three possible values, or the release is
written with every cell hidden (and an error logged). Only then can anyone see it. Releases are
never changed or removed.

Imports publish their indicators at once (in the import's transaction); any other change
(an edit in the admin, the starter content) is published on the first request that needs it.
"""

from __future__ import annotations

import hashlib
import logging
from threading import Lock

from django.db import IntegrityError, transaction

from jv.monitor.aggregation import Node
from jv.monitor.audit import HIDDEN, MISSING, SHOWN, SMALL, PubCell
from jv.monitor.disclosure import COMPLEMENT, PRIMARY, Cell, release_cells, suppression_pattern
from jv.monitor.models import Publication, PublishedCell
from jv.monitor.periods import Period

_LOCK = Lock()
logger = logging.getLogger(__name__)


def signature(nodes: dict[str, Node]) -> str:
    """Hash of everything a release is made from (values, structure, completeness)."""
    parts = sorted(
        f"{n.code}|{n.level}|{n.parent}|{n.value}|{n.complete}|{n.present}|{n.expected}|{n.fictitious}"
        for n in nodes.values()
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def rank(data, period: Period, hierarchy) -> dict[str, tuple]:
    """Public order for extra hiding: larger population first (CBS figures), then fixed order, code.

    Nothing here depends on the counts being protected, so the choice of cells reveals nothing.
    """
    population = data.population.get(period, {}) if data.population else {}
    result = {}
    for code in data.trees.get(period, {}):
        area = hierarchy.areas.get(code)
        pop = population.get(code)
        result[code] = (
            -(pop.value or 0) if pop is not None and pop.value is not None else 0,
            area.order if area else 0,
            code,
        )
    return result


def _tree_weakest(nodes, pattern, enough: int = 4) -> int:
    from jv.monitor.disclosure import _size, feasible_values

    if not pattern:
        return enough
    feasible = feasible_values(nodes, pattern)
    return min([enough, *(_size(feasible[c]) for c in pattern if c in feasible)])


def publish(data, hierarchy, periods=None) -> dict[str, Publication]:
    """Make sure the given half-years (default: all) of one indicator have a current, audited release.

    Returns the latest release per period text. A few queries per indicator, whatever the number
    of half-years: the log is read and written in bulk.
    """
    from jv.monitor import audit

    indicator = data.indicator
    wanted = {str(p): p for p in (data.periods if periods is None else periods) if p in data.trees}
    if not wanted:
        return {}
    with _LOCK, transaction.atomic():
        releases: dict[str, list[Publication]] = {}
        for publication in Publication.objects.filter(indicator=indicator, period__in=list(wanted)).order_by(
            "period", "number"
        ):
            releases.setdefault(publication.period, []).append(publication)
        signatures = {text: signature(data.trees[period]) for text, period in wanted.items()}
        stale = [t for t in wanted if not releases.get(t) or releases[t][-1].signature != signatures[t]]
        latest = {t: releases[t][-1] for t in wanted if t not in stale}
        if not stale:
            return latest
        history: dict[int, dict[str, PubCell]] = {}
        old_ids = [p.pk for t in stale for p in releases.get(t, [])]
        if old_ids:
            rows = PublishedCell.objects.filter(publication_id__in=old_ids).values_list(
                "publication_id", "code", "level", "parent", "value", "status"
            )
            for pub_id, code, level, parent, value, status in rows.iterator(chunk_size=5000):
                history.setdefault(pub_id, {})[code] = PubCell(code, level, parent or None, value, status)
        new, patterns = [], {}
        for text in stale:
            period = wanted[text]
            nodes = data.trees[period]
            earlier = [history.get(p.pk, {}) for p in releases.get(text, [])]
            pattern = suppression_pattern(nodes, earlier, rank(data, period, hierarchy))
            release = release_cells(nodes, pattern)
            weakest = audit.worst_case([*earlier, release])[0] if earlier else _tree_weakest(nodes, pattern)
            shown_small = any(
                c.level == "gemeente" and c.status == SHOWN and c.value is not None and 1 <= c.value <= 4
                for c in release.values()
            )
            if weakest < audit.MIN_POSSIBLE_VALUES or shown_small:
                # Cannot happen by construction (docs/monitor.md); if the independent audit ever
                # disagrees, nothing new is shown: a release with every cell hidden adds nothing.
                logger.error("monitor release audit failed; publishing %s %s fully hidden", indicator.code, text)
                pattern = {code: pattern.get(code, COMPLEMENT) for code, n in nodes.items() if n.value is not None}
                release = release_cells(nodes, pattern)
                weakest = audit.worst_case([*earlier, release])[0] if earlier else _tree_weakest(nodes, pattern)
            patterns[text] = (pattern, release)
            new.append(
                Publication(
                    indicator=indicator,
                    period=text,
                    number=(releases[text][-1].number + 1) if releases.get(text) else 1,
                    signature=signatures[text],
                    hidden=sum(1 for c in release.values() if c.status in HIDDEN),
                    weakest=weakest,
                )
            )
        try:
            with transaction.atomic():
                created = Publication.objects.bulk_create(new)
        except IntegrityError:  # another process published the same tables at the same moment
            return {
                t: Publication.objects.filter(indicator=indicator, period=t).order_by("-number").first() for t in wanted
            }
        if any(p.pk is None for p in created):  # a backend that does not return keys
            created = [Publication.objects.get(indicator=indicator, period=p.period, number=p.number) for p in created]
        cells = []
        for publication in created:
            pattern, release = patterns[publication.period]
            for code, node in data.trees[wanted[publication.period]].items():
                cells.append(
                    PublishedCell(
                        publication=publication,
                        code=code,
                        level=node.level,
                        parent=node.parent or "",
                        value=node.value,
                        status=release[code].status,
                        reason=pattern.get(code, ""),
                        complete=node.complete,
                        present=node.present,
                        expected=node.expected,
                        fictitious=node.fictitious,
                    )
                )
            latest[publication.period] = publication
        PublishedCell.objects.bulk_create(cells, batch_size=2000)
        return latest


def public_cells(data, hierarchy) -> dict[Period, dict[str, Cell]]:
    """The cells anonymous visitors see for every half-year of one indicator (latest releases)."""
    latest = publish(data, hierarchy)
    period_of = {str(p): p for p in data.periods}
    by_publication = {p.pk: period_of[text] for text, p in latest.items()}
    result: dict[Period, dict[str, Cell]] = {p: {} for p in data.periods}
    rows = PublishedCell.objects.filter(publication_id__in=list(by_publication)).values_list(
        "publication_id", "code", "level", "value", "status", "reason", "complete", "present", "expected", "fictitious"
    )
    for pub_id, code, level, value, status, reason, complete, present, expected, fictitious in rows.iterator(
        chunk_size=5000
    ):
        hidden = status in HIDDEN
        result[by_publication[pub_id]][code] = Cell(
            code=code,
            value=value if status == SHOWN else None,
            suppressed=hidden,
            reason=(PRIMARY if status == SMALL else (reason or COMPLEMENT)) if hidden else None,
            missing=status == MISSING,
            complete=complete,
            present=present,
            expected=expected,
            fictitious=fictitious,
            level=level,
        )
    return result
