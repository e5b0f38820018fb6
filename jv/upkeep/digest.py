"""The weekly review digest: one e-mail per owner with what is overdue or due soon.

Idempotent per ISO week: every sent digest is recorded (``ReviewDigest``, unique per recipient
and week) before the next one is sent, so a second run in the same week sends nothing, and a run
that failed halfway only sends the ones still missing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.admin.admin_url_finder import AdminURLFinder

from jv.upkeep import verification
from jv.upkeep.models import LinkOccurrence, LinkStatus, ReviewDigest
from jv.upkeep.review import review_items

logger = logging.getLogger(__name__)


@dataclass
class Digest:
    recipient: str
    email: str
    name: str
    reviews: list = field(default_factory=list)
    to_verify: list = field(default_factory=list)
    links: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reviews) + len(self.to_verify) + len(self.links)


@dataclass
class DigestReport:
    week: tuple[int, int]
    sent: list[Digest] = field(default_factory=list)
    already_sent: list[Digest] = field(default_factory=list)
    failed: list[tuple[Digest, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _absolute(url: str | None) -> str | None:
    if not url:
        return None
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url.lstrip("/"))


def build_digests(on: datetime.date) -> tuple[list[Digest], list[str]]:
    """Digests per owner (and one for ownerless items when UPKEEP_DIGEST_UNASSIGNED_TO is set)."""
    finder = AdminURLFinder()
    digests: dict[str, Digest] = {}
    skipped: list[str] = []
    unassigned_to = list(settings.UPKEEP_DIGEST_UNASSIGNED_TO)

    def digest_for(owner) -> Digest | None:
        if owner is None:
            if not unassigned_to:
                return None
            key = "unassigned"
            if key not in digests:
                digests[key] = Digest(
                    recipient="email:" + ",".join(unassigned_to), email=",".join(unassigned_to), name=""
                )
            return digests[key]
        key = f"user:{owner.pk}"
        if key not in digests:
            if not owner.is_active or not owner.email:
                if key not in skipped:
                    skipped.append(key)
                return None
            digests[key] = Digest(recipient=key, email=owner.email, name=owner.get_full_name() or owner.get_username())
        return digests[key]

    for item in review_items(on=on):
        digest = digest_for(item.owner)
        if digest is not None:
            item.edit_url = _absolute(finder.get_edit_url(item.obj))
            digest.reviews.append(item)
    for item in verification.open_items():
        owner = getattr(item.obj, "review_owner", None)
        digest = digest_for(owner)
        if digest is not None:
            item.edit_url = _absolute(finder.get_edit_url(item.obj))
            digest.to_verify.append(item)
    failing = list(LinkOccurrence.objects.filter(link__outcome__in=LinkStatus.FAILING).select_related("link"))
    by_type: dict[int, set[str]] = {}
    for occurrence in failing:
        by_type.setdefault(occurrence.content_type_id, set()).add(occurrence.object_id)
    objects = {}
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=list(ids)):
            objects[(content_type_id, str(obj.pk))] = obj
    for occurrence in failing:
        obj = objects.get((occurrence.content_type_id, occurrence.object_id))
        if obj is None:
            continue
        digest = digest_for(getattr(obj, "review_owner", None))
        if digest is not None:
            digest.links.append({"obj": obj, "link": occurrence.link, "edit_url": _absolute(finder.get_edit_url(obj))})
    return [d for d in digests.values() if d.count], skipped


def send_digests(on: datetime.date, dry_run: bool = False, connection=None) -> DigestReport:
    iso_year, iso_week, _weekday = on.isocalendar()
    report = DigestReport(week=(iso_year, iso_week))
    digests, report.skipped = build_digests(on)
    for digest in digests:
        if ReviewDigest.objects.filter(recipient=digest.recipient, iso_year=iso_year, iso_week=iso_week).exists():
            report.already_sent.append(digest)
            continue
        if dry_run:
            report.sent.append(digest)
            continue
        try:
            with transaction.atomic():
                # The record first (the unique constraint makes two parallel runs safe), then the mail;
                # a failed send rolls the record back so the next run tries again.
                ReviewDigest.objects.create(
                    recipient=digest.recipient,
                    email=digest.email[:254],
                    iso_year=iso_year,
                    iso_week=iso_week,
                    item_count=digest.count,
                )
                _message(digest, iso_year, iso_week, connection).send(fail_silently=False)
        except IntegrityError:
            report.already_sent.append(digest)
        except Exception as error:  # noqa: BLE001 - SMTP and friends: report, go on with the others
            logger.warning("review digest to %s failed", digest.email, exc_info=True)
            report.failed.append((digest, f"{type(error).__name__}: {error}"))
        else:
            report.sent.append(digest)
    return report


def _message(digest: Digest, iso_year: int, iso_week: int, connection=None) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "digest": digest,
            "week": iso_week,
            "year": iso_year,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "dashboard_url": _absolute("/admin/onderhoud/"),
        }
        subject = render_to_string("upkeep/email/digest_subject.txt", context).strip()
        text = render_to_string("upkeep/email/digest.txt", context)
        html = render_to_string("upkeep/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address.strip() for address in digest.email.split(",") if address.strip()],
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message
