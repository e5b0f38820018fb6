"""The one database table of the core: the content version (see :mod:`jv.core.cache`)."""

from __future__ import annotations

import uuid

from django.db import models


class ContentVersion(models.Model):
    """One row whose token changes whenever published content changes.

    Kept in the database, so every worker process and every app instance sees the same version
    without a shared cache. A random token rather than a counter: a rolled-back transaction
    returns to the previous token, whose cached renderings still describe the content as it is.
    """

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token

    @classmethod
    def current(cls) -> str:
        return cls.objects.filter(pk=1).values_list("token", flat=True).first() or "initial"

    @classmethod
    def bump(cls) -> str:
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token):
            cls.objects.update_or_create(pk=1, defaults={"token": token})
        return token
