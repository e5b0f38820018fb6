"""A frozen clock for scheduler tests: ``django.utils.timezone.now`` answers a fixed moment."""

from __future__ import annotations

import contextlib
import datetime
from unittest import mock

from django.utils import timezone


class FrozenClock:
    def __init__(self, moment: datetime.datetime):
        self.now = moment

    def advance(self, **delta) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now

    def __call__(self) -> datetime.datetime:
        return self.now


@contextlib.contextmanager
def frozen(moment: datetime.datetime):
    clock = FrozenClock(moment)
    with mock.patch.object(timezone, "now", clock):
        yield clock


def local(*args) -> datetime.datetime:
    """A moment in the site's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.datetime(*args))
