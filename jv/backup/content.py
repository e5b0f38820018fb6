"""Backup and restore of all editorial content as versioned, human-readable files.

``export_content DIR`` writes::

    DIR/manifest.json              format, format version, migration state, per file: rows and sha256
    DIR/data/<app>.<model>.json    one file per model: [{"pk": ..., "fields": {...}}], sorted by pk
    DIR/media/<path>               the files of Wagtail documents and images

What is in it: every model of :func:`jv.upkeep.registry.exportables` (all Wagtail pages with
their tree position, view restrictions, sites, redirects, documents, images, tags, the live and
latest revision of every item, every registered module model, and this app's data).

Identity: primary keys are kept. Rich text refers to pages and documents by id
(``<a linktype="page" id="12">``), and generic relations (change entries, link occurrences,
revisions) store ids, so keeping them is what makes a restore exact. References to things outside
the export use natural keys: users by username, groups by name, content types as
``[app_label, model]``, locales by language code.

``import_content DIR`` restores into an empty database (freshly migrated: only Wagtail's root
page, welcome page and default site) in ONE transaction: either everything is restored, or the
database stays as it was. Rows are written "raw" (like ``loaddata``: no save() logic, no
signals acting on them), sequences are reset, the page tree is checked, and the reference and
search indexes are rebuilt.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import Collection, Locale, Page, Site

from jv.core import cache
from jv.upkeep import registry

FORMAT = "jv-content"
FORMAT_VERSION = 1
WELCOME_TITLES = {"Welcome to your new Wagtail site!"}


class RestoreError(Exception):
    """A Dutch message for the editor or administrator; nothing was changed."""


@dataclass
class ExportReport:
    directory: Path
    counts: dict[str, int] = field(default_factory=dict)
    media: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    media: int = 0
    warnings: list[str] = field(default_factory=list)


def _natural_models():
    return {get_user_model(), Group, ContentType, Permission}


def file_name(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}.json"


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _serializable_fields(model):
    return [f for f in model._meta.local_fields if f.serialize]


def _m2m_fields(model):
    return [
        f
        for f in model._meta.local_many_to_many
        if f.serialize
        and getattr(f.remote_field, "through", None) is not None
        and f.remote_field.through._meta.auto_created
    ]


def _through_columns(m2m):
    """The auto-created join table of ``m2m`` and its two foreign keys (source, target)."""
    through = m2m.remote_field.through
    return through, through._meta.get_field(m2m.m2m_field_name()), through._meta.get_field(m2m.m2m_reverse_field_name())


def _natural_key(obj) -> list:
    if isinstance(obj, Locale):
        return [obj.language_code]
    return list(obj.natural_key())


def _row(obj, model, m2m_maps, natural_cache) -> dict:
    fields = {}
    for f in _serializable_fields(model):
        if f.is_relation and f.remote_field is not None:
            value = getattr(obj, f.attname)
            target = f.remote_field.model
            if value is not None and (target in _natural_models() or target is Locale):
                key = (target, value)
                if key not in natural_cache:
                    natural_cache[key] = _natural_key(target._base_manager.get(pk=value))
                value = natural_cache[key]
            elif value is not None and not isinstance(value, (int, str)):
                value = str(value)
            fields[f.name] = value
        elif isinstance(f, StreamField):
            fields[f.name] = f.get_prep_value(f.value_from_object(obj))
        else:
            value = f.value_from_object(obj)
            if not (value is None or isinstance(value, (int, float, bool, dict, list)) or hasattr(value, "isoformat")):
                value = f.value_to_string(obj)
            fields[f.name] = value
    for m2m in _m2m_fields(model):
        targets = m2m_maps[m2m].get(obj.pk, [])
        target_model = m2m.remote_field.model
        if target_model in _natural_models():
            keys = []
            for pk in targets:
                cache_key = (target_model, pk)
                if cache_key not in natural_cache:
                    natural_cache[cache_key] = _natural_key(target_model._base_manager.get(pk=pk))
                keys.append(natural_cache[cache_key])
            fields[m2m.name] = sorted(keys)
        else:
            fields[m2m.name] = sorted(targets)
    pk = obj.pk if isinstance(obj.pk, (int, str)) else str(obj.pk)
    return {"pk": pk, "fields": fields}


def _rows(exportable: registry.Exportable) -> list[dict]:
    model = exportable.model
    m2m_maps = {}
    for m2m in _m2m_fields(model):
        through, source, target = _through_columns(m2m)
        mapping: dict = {}
        for source_id, target_id in through._base_manager.values_list(source.attname, target.attname):
            mapping.setdefault(source_id, []).append(target_id)
        m2m_maps[m2m] = mapping
    natural_cache: dict = {}
    queryset = exportable.get_queryset()
    if issubclass(model, Page) and model is not Page:
        # Rows of this exact table (a subclass page is also a row of its parent type's table).
        queryset = model._base_manager.all()
    rows = [_row(obj, model, m2m_maps, natural_cache) for obj in queryset.order_by("pk").iterator(chunk_size=500)]
    for row in rows:
        row["fields"] = dict(sorted(row["fields"].items()))
    rows.sort(key=lambda r: (isinstance(r["pk"], str), r["pk"]))
    return rows


def _migration_state() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


class _Encoder(DjangoJSONEncoder):
    """Like Django's, but keeps microseconds (DjangoJSONEncoder rounds them to milliseconds)."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _dump(data, sort_keys: bool = False) -> bytes:
    text = json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2, sort_keys=sort_keys)
    return (text + "\n").encode("utf-8")


def export_content(directory: Path | str) -> ExportReport:
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise RestoreError(f"De map {directory} is niet leeg; kies een nieuwe, lege map voor de export.")
    report = ExportReport(directory=directory)
    data_dir = directory / "data"
    media_dir = directory / "media"
    data_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    media: list[str] = []
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One consistent snapshot of all tables while editors keep working.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for exportable in registry.exportables():
            model = exportable.model
            rows = _rows(exportable)
            payload = _dump(rows)
            name = file_name(model)
            (data_dir / name).write_bytes(payload)
            files[name] = {
                "model": model._meta.label_lower,
                "count": len(rows),
                "sha256": hashlib.sha256(payload).hexdigest(),
                "order": exportable.order,
            }
            report.counts[model._meta.label_lower] = len(rows)
            for file_field in _file_fields(model):
                for row in rows:
                    name_in_storage = row["fields"].get(file_field.name)
                    if name_in_storage:
                        if _copy_out(name_in_storage, media_dir, report):
                            media.append(name_in_storage)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "site_url": settings.SITE_URL,
            "migrations": _migration_state(),
            "files": files,
            "media": sorted(set(media)),
        }
    (directory / "manifest.json").write_bytes(_dump(manifest, sort_keys=True))
    report.media = len(set(media))
    return report


def _file_fields(model):
    return [f for f in _serializable_fields(model) if isinstance(f, models.FileField)]


def _safe_media_path(base: Path, name: str) -> Path:
    target = (base / name).resolve()
    if base.resolve() not in target.parents:
        raise RestoreError(f"Ongeldige bestandsnaam in de export: {name!r}.")
    return target


def _copy_out(name: str, media_dir: Path, report: ExportReport) -> bool:
    target = _safe_media_path(media_dir, name)
    try:
        with default_storage.open(name, "rb") as source:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                shutil.copyfileobj(source, out)
        return True
    except (FileNotFoundError, OSError):
        report.warnings.append(f"Bestand ontbreekt in de opslag en is niet meegenomen: {name}")
        return False


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    if not directory.is_dir():
        raise RestoreError(f"De map {directory} bestaat niet.")
    if not path.exists():
        raise RestoreError(f"Geen export gevonden in {directory}: manifest.json ontbreekt.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise RestoreError(f"manifest.json is geen geldige JSON ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RestoreError("manifest.json hoort niet bij een export van dit platform (format ontbreekt of klopt niet).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise RestoreError("manifest.json heeft geen geldige formaatversie.")
    if version > FORMAT_VERSION:
        raise RestoreError(
            f"Deze export heeft formaatversie {version}; deze versie van het platform leest tot en met "
            f"versie {FORMAT_VERSION}. Werk het platform eerst bij."
        )
    if not isinstance(manifest.get("files"), dict):
        raise RestoreError("manifest.json mist de lijst met bestanden.")
    return manifest


def _check_migrations(manifest: dict) -> None:
    here = _migration_state()
    missing = []
    for app_label, names in (manifest.get("migrations") or {}).items():
        if not apps.is_installed(app_label) and not any(c.label == app_label for c in apps.get_app_configs()):
            continue
        for name in names:
            if name not in here.get(app_label, []):
                missing.append(f"{app_label}.{name}")
    if missing:
        raise RestoreError(
            "De export is gemaakt met een nieuwere versie van het platform; deze database mist de migraties "
            + ", ".join(missing[:5])
            + (" en meer" if len(missing) > 5 else "")
            + ". Werk het platform bij en voer eerst `python manage.py migrate` uit."
        )


def content_present() -> list[str]:
    """What makes this database non-empty (editorial content); [] for a freshly migrated one."""
    found = []
    for exportable in registry.exportables():
        model = exportable.model
        if model in (Locale, Site) or model._meta.label_lower == "wagtailcore.revision":
            continue
        if model is Collection:
            if Collection.objects.filter(depth__gt=1).exists():
                found.append("collecties")
            continue
        if issubclass(model, Page):
            if model is Page and _real_pages().exists():
                found.append("pagina's")
            continue
        if model._base_manager.exists():
            found.append(str(model._meta.verbose_name_plural))
    return found


def _placeholder_pages():
    """Wagtail's own welcome page of a fresh database: a plain page under the root, no children."""
    page_type = ContentType.objects.get_for_model(Page)
    return Page.objects.filter(depth=2, content_type=page_type, numchild=0)


def _real_pages():
    return Page.objects.filter(depth__gt=1).exclude(pk__in=_placeholder_pages().values("pk"))


def import_content(directory: Path | str, force: bool = False, verify: bool = True) -> ImportReport:
    directory = Path(directory)
    manifest = read_manifest(directory)
    _check_migrations(manifest)
    plan = _read_files(directory, manifest, verify)
    report = ImportReport()
    from jv.upkeep.changes import suppressed

    try:
        with transaction.atomic(), suppressed(), cache.bulk_write():
            present = content_present()
            if present and not force:
                raise RestoreError(
                    "Deze database is niet leeg (" + ", ".join(present[:6]) + "). import_content zet een export "
                    "alleen terug in een lege, pas gemigreerde database. Met --force wordt alle redactionele "
                    "inhoud van deze database eerst gewist en vervangen door de export."
                )
            _wipe(force=bool(present))
            written = _write(plan, report)
            _restore_media(directory, manifest, plan, report)
            _reset_sequences(written)
            _check_tree()
            _check_constraints(written)
            _rebuild_indexes()
            for hook in registry.post_import_hooks():
                hook()
    except RestoreError:
        raise
    except (
        DatabaseError,
        IntegrityError,
        ValidationError,
        ValueError,
        TypeError,
        LookupError,
        ObjectDoesNotExist,
        FieldDoesNotExist,
        serializers.base.DeserializationError,
    ) as error:
        raise RestoreError(f"Terugzetten mislukt; er is niets veranderd. Oorzaak: {_describe(error)}") from error
    cache.bump()
    return report


def _describe(error: Exception) -> str:
    text = str(error).strip().replace("\n", " ")
    return f"{type(error).__name__}: {text[:500]}"


@dataclass
class _FilePlan:
    model: type
    name: str
    rows: list
    order: int


def _read_files(directory: Path, manifest: dict, verify: bool) -> list[_FilePlan]:
    plan = []
    for name, meta in manifest["files"].items():
        if not isinstance(meta, dict) or "model" not in meta:
            raise RestoreError(f"manifest.json: onvolledige gegevens voor {name}.")
        try:
            model = apps.get_model(meta["model"])
        except (LookupError, ValueError):
            raise RestoreError(
                f"{name}: het model {meta['model']} bestaat niet in deze installatie. Is de module "
                "geïnstalleerd en gemigreerd?"
            ) from None
        path = _safe_media_path(directory / "data", name)
        if not path.exists():
            raise RestoreError(f"Het bestand data/{name} uit manifest.json ontbreekt.")
        payload = path.read_bytes()
        if verify and hashlib.sha256(payload).hexdigest() != meta.get("sha256"):
            raise RestoreError(
                f"data/{name} is na de export gewijzigd of beschadigd (controlegetal klopt niet). "
                "Gebruik --no-verify als die wijziging bewust was."
            )
        try:
            rows = json.loads(payload.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise RestoreError(f"data/{name} is geen geldige JSON ({error}).") from None
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and "pk" in r and isinstance(r.get("fields"), dict) for r in rows
        ):
            raise RestoreError(f'data/{name} heeft niet de verwachte vorm: een lijst van {{"pk", "fields"}}.')
        if verify and len(rows) != meta.get("count"):
            raise RestoreError(f"data/{name} bevat {len(rows)} rijen; manifest.json noemt er {meta.get('count')}.")
        plan.append(_FilePlan(model=model, name=name, rows=rows, order=meta.get("order", 100)))
    plan.sort(key=lambda p: (p.order, p.name))
    return plan


def _wipe(force: bool) -> None:
    """Remove Wagtail's placeholder (fresh database) or, with --force, all editorial content."""
    from wagtail.models import Revision

    Site.objects.all().delete()
    if force:
        for exportable in reversed(registry.exportables()):
            model = exportable.model
            if model in (Locale, Collection, Site, Revision) or issubclass(model, Page):
                continue
            delete_all_rows(model)
        for page in Page.objects.filter(depth=2):
            page.delete()
        Collection.objects.filter(depth__gt=1).delete()
        Revision.objects.all().delete()
    else:
        for page in _placeholder_pages():
            page.delete()
    for root in Page.objects.filter(depth=1):
        Page.objects.filter(pk=root.pk).update(numchild=root.get_children().count())


def delete_all_rows(model) -> None:
    """Delete every row of ``model``. Nullable foreign keys of a table to itself (an area's parent
    or successor, protected against deleting one area alone) are emptied first, so a whole table
    can go at once."""
    self_refs = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.related_model is model and f.null
    ]
    if self_refs:
        model._base_manager.update(**dict.fromkeys(self_refs))
    model._base_manager.all().delete()


def _write(plan: list[_FilePlan], report: ImportReport) -> list[type]:
    User = get_user_model()
    users = dict(User._base_manager.values_list(User.USERNAME_FIELD, "pk"))
    pk_maps: dict[type, dict] = {}
    written: list[type] = []
    missing_users: set[str] = set()

    # Locales: matched on language code; collection and page roots: the existing root is kept.
    for item in plan:
        if item.model is Locale:
            mapping = {}
            for row in item.rows:
                code = row["fields"].get("language_code")
                locale, _created = Locale.objects.get_or_create(language_code=code)
                mapping[row["pk"]] = locale.pk
            pk_maps[Locale] = mapping
    for tree_model in (Page, Collection):
        root = tree_model.objects.filter(depth=1).first()
        for item in plan:
            if item.model is tree_model and root is not None:
                for row in item.rows:
                    if row["fields"].get("depth") == 1:
                        pk_maps.setdefault(tree_model, {})[row["pk"]] = root.pk
                        # Keep the root (permissions hang on it) but give it the exported values.
                        values = {}
                        for name, value in row["fields"].items():
                            f = tree_model._meta.get_field(name)
                            if not f.is_relation and name not in ("path", "depth"):
                                values[name] = f.to_python(value)
                        tree_model.objects.filter(pk=root.pk).update(**values)

    for item in plan:
        model = item.model
        if model is Locale:
            report.counts[model._meta.label_lower] = len(item.rows)
            continue
        m2m = {f.name: f for f in _m2m_fields(model)}
        objects = []
        m2m_rows: list[tuple] = []
        for row in item.rows:
            if model in (Page, Collection) and row["fields"].get("depth") == 1 and model in pk_maps:
                continue
            fields = dict(row["fields"])
            for name in list(fields):
                try:
                    f = model._meta.get_field(name)
                except FieldDoesNotExist:
                    raise RestoreError(
                        f"data/{item.name}: het veld '{name}' bestaat niet (meer) in {model._meta.label}."
                    ) from None
                if name in m2m:
                    m2m_rows.append((row["pk"], m2m[name], fields.pop(name)))
                    continue
                if not f.is_relation or f.remote_field is None or fields[name] is None:
                    continue
                target = f.remote_field.model
                if target is User:
                    username = fields[name][0] if isinstance(fields[name], list) else fields[name]
                    if username in users:
                        fields[name] = users[username]
                    elif f.null:
                        missing_users.add(str(username))
                        fields[name] = None
                    else:
                        raise RestoreError(
                            f"data/{item.name} ({row['pk']}): gebruiker '{username}' bestaat niet in deze database; "
                            "maak dat account eerst aan."
                        )
                elif target is Locale:
                    value = fields[name]
                    code = value[0] if isinstance(value, list) else None
                    if code is not None:
                        fields[name] = Locale.objects.get_or_create(language_code=code)[0].pk
                    else:
                        fields[name] = pk_maps.get(Locale, {}).get(value, value)
                elif target in pk_maps and not isinstance(fields[name], list):
                    fields[name] = pk_maps[target].get(fields[name], fields[name])
            objects.append({"model": model._meta.label_lower, "pk": row["pk"], "fields": fields})
        for deserialized in serializers.deserialize("python", objects, ignorenonexistent=False):
            deserialized.save()
        _write_m2m(m2m_rows, item, report)
        report.counts[model._meta.label_lower] = len(item.rows)
        written.append(model)
    for username in sorted(missing_users):
        report.warnings.append(
            f"Gebruiker '{username}' bestaat niet in deze database; verwijzingen naar dit account zijn leeg gelaten."
        )
    return written


def _write_m2m(m2m_rows, item, report) -> None:
    for pk, m2m, values in m2m_rows:
        through, source, target = _through_columns(m2m)
        target_model = m2m.remote_field.model
        ids = []
        for value in values or []:
            if target_model is Group:
                name = value[0] if isinstance(value, list) else value
                group, created = Group.objects.get_or_create(name=name)
                if created:
                    report.warnings.append(f"Groep '{name}' bestond niet en is aangemaakt (zonder rechten).")
                ids.append(group.pk)
            elif isinstance(value, list) and target_model in _natural_models():
                ids.append(target_model._default_manager.get_by_natural_key(*value).pk)
            else:
                ids.append(value)
        through._base_manager.filter(**{source.attname: pk}).delete()
        through._base_manager.bulk_create([through(**{source.attname: pk, target.attname: i}) for i in ids])


def _restore_media(directory: Path, manifest: dict, plan: list[_FilePlan], report: ImportReport) -> None:
    media_dir = directory / "media"
    for item in plan:
        file_fields = _file_fields(item.model)
        if not file_fields:
            continue
        for row in item.rows:
            for f in file_fields:
                name = row["fields"].get(f.name)
                if not name:
                    continue
                source = _safe_media_path(media_dir, name)
                if not source.exists():
                    report.warnings.append(f"Bestand {name} zit niet in de export; de verwijzing blijft staan.")
                    continue
                with open(source, "rb") as handle:
                    stored = default_storage.save(name, File(handle))
                if stored != name:
                    item.model._base_manager.filter(pk=row["pk"]).update(**{f.name: stored})
                report.media += 1


def _reset_sequences(models_written: list[type]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_written)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _check_tree() -> None:
    for tree_model in (Page, Collection):
        problems = tree_model.find_problems()
        if any(problems):
            labels = [
                "ongeldige tekens",
                "verkeerde padlengte",
                "wezen",
                "verkeerde diepte",
                "verkeerd aantal kinderen",
            ]
            found = [f"{label}: {len(ids)}" for label, ids in zip(labels, problems, strict=False) if ids]
            raise RestoreError(
                f"De boom van {tree_model._meta.verbose_name_plural} in de export is niet consistent ("
                + ", ".join(found)
                + "); er is niets veranderd."
            )


def _check_constraints(models_written: list[type]) -> None:
    tables = {m._meta.db_table for m in models_written}
    for model in models_written:
        tables.update(f.remote_field.through._meta.db_table for f in _m2m_fields(model))
    tables = sorted(tables)
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        raise RestoreError(f"De export verwijst naar gegevens die ontbreken: {_describe(error)}") from None


def _rebuild_indexes() -> None:
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
