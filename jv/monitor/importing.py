"""Import of half-year figures from CSV or XLSX: parse, check, preview, apply.

File format: a header row with (at least) the columns ``gemeentecode``, ``indicator``, ``periode``
and ``aantal`` (any order, any case; extra columns are ignored). CSV may use commas or semicolons
and be UTF-8 with or without BOM. Periods are ``YYYY-H1`` or ``YYYY-H2``.

All or nothing: one invalid row rejects the whole file. Every error names its line as a
spreadsheet shows it (the header is line 1): "regel 4: ...". Applying runs in one transaction
with bulk queries.

Fictitious demo data: a real import of an indicator first deletes *all* fictitious figures of
that indicator (every gemeente, every period), so a series is never a mix of real and demo
numbers; indicators that are not in the file keep their demo figures (and their "fictief" label).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jv.core import cache as content_cache
from jv.monitor.models import Area, Figure, ImportRecord, Indicator, bulk_write
from jv.monitor.periods import Period

REQUIRED = ("gemeentecode", "indicator", "periode", "aantal")
MAX_COUNT = 10_000_000
MAX_ROWS = 1_000_000
# Bounds for an uploaded file. Half a year of figures for the region is a few hundred kB.
MAX_BYTES = 10 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an XLSX (a zip) unpacked, all parts together
MAX_RATIO = 100  # unpacked size / packed size of any part of an XLSX (zip bomb)
MAX_ZIP_PARTS = 1000
MAX_COLUMNS = 100  # cells read per row (a sheet can claim 16,384 columns)
GEMEENTE_RE = re.compile(r"^(?:GM)?(\d{1,4})$", re.IGNORECASE)


class FileError(Exception):
    """The file cannot be read at all (wrong type, encoding, no header)."""


@dataclass(frozen=True)
class Row:
    line: int
    gemeente: str  # normalised code, e.g. GM0599
    indicator: str
    period: str  # normalised, e.g. 2024-H1
    value: int


@dataclass
class ParseResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportPlan:
    parsed: ParseResult
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    fictitious_removed: int = 0
    indicators: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    changes: list[tuple[Row, int | None]] = field(default_factory=list)  # row, old value (None = new)
    _to_create: list = field(default_factory=list, repr=False)
    _to_update: list = field(default_factory=list, repr=False)
    _fictitious_indicator_ids: list = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def errors(self) -> list[str]:
        return self.parsed.errors

    def summary(self) -> str:
        text = _("%(created)s new, %(updated)s updated, %(unchanged)s unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.fictitious_removed:
            text += ", " + _("%(count)s fictitious figures removed") % {"count": self.fictitious_removed}
        return text


# --- reading ---------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> list[tuple[int, list[str]]]:
    """Rows of cells as text, with their spreadsheet line numbers (first row = line 1)."""
    if len(data) > MAX_BYTES:
        raise FileError(_("the file is larger than %(size)s MB") % {"size": MAX_BYTES // (1024 * 1024)})
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name and not name.endswith((".csv", ".txt")):
        raise FileError(_("only CSV or XLSX files can be imported"))
    return _read_csv(data)


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(_("the file is not UTF-8 text; save it as 'CSV UTF-8'")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise FileError(_("the file has more than %(rows)s lines") % {"rows": MAX_ROWS})
            rows.append((number, cells))
    except csv.Error as error:
        raise FileError(_line(reader.line_num, _("not valid CSV (%(error)s)") % {"error": error})) from None
    return rows


def check_zip_bounds(data: bytes) -> None:
    """Refuse an XLSX whose unpacked size or compression ratio betrays a zip bomb.

    Python's zipfile never unpacks more than a part's declared size, so checking the
    declared sizes before openpyxl opens the file bounds what it can unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise FileError(_("the XLSX file cannot be read (%(error)s)") % {"error": type(error).__name__}) from None
    if len(parts) > MAX_ZIP_PARTS:
        raise FileError(_("the XLSX file has too many parts (%(count)s)") % {"count": len(parts)})
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise FileError(
                _("the XLSX file unpacks to more than %(ratio)s times its size (a 'zip bomb'); it is not read")
                % {"ratio": MAX_RATIO}
            )
    if total > MAX_UNPACKED_BYTES:
        raise FileError(
            _("the XLSX file unpacks to more than %(size)s MB; it is not read")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    check_zip_bounds(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileError(_("the XLSX file cannot be read (%(error)s)") % {"error": type(error).__name__}) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
            if number > MAX_ROWS + 1:
                raise FileError(_("the file has more than %(rows)s lines") % {"rows": MAX_ROWS})
            rows.append((number, [_cell_text(v) for v in values]))
        return rows
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- checking --------------------------------------------------------------------------------


def _line(number: int, message: str) -> str:
    """'regel 4: ...': the line number as a spreadsheet shows it (header = line 1)."""
    return _("line %(line)s: %(message)s") % {"line": number, "message": message}


def normalise_gemeente(value: str) -> str | None:
    match = GEMEENTE_RE.match(value.strip())
    return f"GM{int(match.group(1)):04d}" if match else None


def parse_count(text: str) -> int:
    """A non-negative whole number; '1.234' (thousands dot) and '12.0' are accepted."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(_("count '%(value)s' is not a number") % {"value": _short(text)}) from None
    if not number.is_finite():
        raise ValueError(_("count '%(value)s' is not a number") % {"value": _short(text)})
    if number < 0:
        raise ValueError(_("count %(value)s is negative") % {"value": _short(text)})
    if number != number.to_integral_value():
        raise ValueError(_("count %(value)s is not a whole number") % {"value": _short(text)})
    if number > MAX_COUNT:
        raise ValueError(
            _("count %(value)s is implausibly large (more than %(max)s)")
            % {"value": _short(text), "max": f"{MAX_COUNT:,}".replace(",", ".")}
        )
    return int(number)


def _short(text: str, limit: int = 40) -> str:
    text = str(text).replace("\x00", "").strip()
    return text if len(text) <= limit else text[:limit] + "…"


def parse_rows(table: list[tuple[int, list[str]]]) -> ParseResult:
    result = ParseResult()
    table = [(n, cells) for n, cells in table if any(str(c).strip() for c in cells)]
    if not table:
        result.errors.append(_line(1, _("the file is empty (no header row)")))
        return result
    header_line, header = table[0]
    names = [str(c).strip().lstrip("\ufeff").lower() for c in header]
    columns = {}
    for index, name in enumerate(names):
        if name in REQUIRED:
            if name in columns:
                result.errors.append(_line(header_line, _("column '%(name)s' appears twice") % {"name": name}))
            columns[name] = index
        elif name:
            result.ignored_columns.append(_short(name))
    for name in REQUIRED:
        if name not in columns:
            result.errors.append(_line(header_line, _("column '%(name)s' is missing") % {"name": name}))
    if result.errors:
        return result

    areas = {a.code.upper(): a for a in Area.objects.filter(level=Area.Level.GEMEENTE).select_related("successor")}
    with_predecessors = set(Area.objects.filter(successor__isnull=False).values_list("successor_id", flat=True))
    indicators = {i.code: i for i in Indicator.objects.all()}
    reporting = {}
    for indicator in indicators.values():
        codes = {a.code for a in indicator.reporting_areas.all()}
        reporting[indicator.code] = codes
    effective = {}
    for area in areas.values():
        current, seen = area, set()
        while current.successor_id is not None and current.pk not in seen:
            seen.add(current.pk)
            current = current.successor
        effective[area.code] = current.code
    seen_keys: dict[tuple, int] = {}
    # Files repeat the same few codes and periods many thousands of times: resolve each once.
    code_cache: dict[str, Area | None] = {}
    period_cache: dict[str, Period | None] = {}
    positions = [columns[n] for n in REQUIRED]
    for line, cells in table[1:]:
        errors = []
        if any("\x00" in str(c) for c in cells):
            result.errors.append(_line(line, _("contains an invalid character (NUL)")))
            continue
        width = len(cells)
        raw_code, raw_indicator, raw_period, raw_count = (str(cells[i]) if i < width else "" for i in positions)
        if raw_code in code_cache:
            area = code_cache[raw_code]
        else:
            code = normalise_gemeente(raw_code) if raw_code.strip() else None
            area = code_cache[raw_code] = areas.get(code) if code else None
        if not raw_code.strip():
            errors.append(_("gemeentecode is empty"))
        elif area is None:
            errors.append(_("unknown gemeentecode '%(value)s'") % {"value": _short(raw_code)})
        indicator_code = raw_indicator.strip().lower()
        indicator = indicators.get(indicator_code)
        if not indicator_code:
            errors.append(_("indicator is empty"))
        elif indicator is None:
            errors.append(_("unknown indicator '%(value)s'") % {"value": _short(raw_indicator)})
        if raw_period in period_cache:
            period = period_cache[raw_period]
        else:
            try:
                period = Period.parse(raw_period)
            except ValueError:
                period = None
            period_cache[raw_period] = period
        if period is None:
            if raw_period.strip():
                errors.append(
                    _("period '%(value)s' is not valid (use YYYY-H1 or YYYY-H2)") % {"value": _short(raw_period)}
                )
            else:
                errors.append(_("periode is empty"))
        value = None
        if not raw_count.strip():
            errors.append(_("aantal is empty"))
        else:
            if raw_count.isdigit() and len(raw_count) < 8:
                value = int(raw_count)
            else:
                try:
                    value = parse_count(raw_count)
                except ValueError as error:
                    errors.append(str(error))
        if (
            area is not None
            and period is not None
            and (area.valid_from or area.valid_until)
            and not area.valid_in(period)
        ):
            before_start = area.valid_from is not None and period.end < area.valid_from
            if before_start and area.pk in with_predecessors:
                pass  # a successor may hold history recalculated to the current boundaries
            elif area.successor_id:
                errors.append(
                    _("municipality %(code)s (%(name)s) no longer existed in %(period)s; use %(successor)s")
                    % {"code": area.code, "name": area.name, "period": period, "successor": effective[area.code]}
                )
            else:
                errors.append(
                    _("municipality %(code)s (%(name)s) did not exist yet in %(period)s")
                    % {"code": area.code, "name": area.name, "period": period}
                )
        if area is not None and indicator is not None and reporting[indicator.code]:
            codes = reporting[indicator.code]
            if area.code not in codes and effective.get(area.code) not in codes:
                errors.append(
                    _("municipality %(code)s (%(name)s) does not report indicator '%(indicator)s'")
                    % {"code": area.code, "name": area.name, "indicator": indicator.code}
                )
        if area is not None and indicator is not None and period is not None:
            key = (area.code, indicator.code, period)
            if key in seen_keys:
                errors.append(
                    _("duplicate row: %(code)s, %(indicator)s, %(period)s is also on line %(other)s")
                    % {"code": area.code, "indicator": indicator.code, "period": period, "other": seen_keys[key]}
                )
            else:
                seen_keys[key] = line
        if errors:
            result.errors.extend(_line(line, message) for message in errors)
        else:
            result.rows.append(Row(line, area.code, indicator.code, str(period), value))
    if not result.rows and not result.errors:
        result.errors.append(_line(2, _("the file contains no figures")))
    return result


def parse_file(data: bytes, filename: str = "") -> ParseResult:
    try:
        table = read_table(data, filename)
    except FileError as error:
        return ParseResult(errors=[str(error)])
    return parse_rows(table)


# --- planning and applying -------------------------------------------------------------------


def plan(parsed: ParseResult) -> ImportPlan:
    result = ImportPlan(parsed)
    if not parsed.ok:
        return result
    indicator_ids = dict(Indicator.objects.values_list("code", "id"))
    area_ids = dict(Area.objects.filter(level=Area.Level.GEMEENTE).values_list("code", "id"))
    used_indicators = sorted({r.indicator for r in parsed.rows})
    used_periods = sorted({r.period for r in parsed.rows})
    existing = {}
    query = Figure.objects.filter(
        indicator_id__in=[indicator_ids[c] for c in used_indicators], period__in=used_periods
    ).values_list("id", "area_id", "indicator_id", "period", "value", "is_fictitious")
    for pk, area_id, indicator_id, period, value, fictitious in query.iterator(chunk_size=10000):
        existing[(area_id, indicator_id, period)] = (pk, value, fictitious)
    fictitious_ids = list(
        Figure.objects.filter(indicator_id__in=[indicator_ids[c] for c in used_indicators], is_fictitious=True)
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    result.fictitious_removed = (
        Figure.objects.filter(indicator_id__in=fictitious_ids, is_fictitious=True).count() if fictitious_ids else 0
    )
    result._fictitious_indicator_ids = fictitious_ids
    for row in parsed.rows:
        key = (area_ids[row.gemeente], indicator_ids[row.indicator], row.period)
        found = existing.get(key)
        if found is None or found[2]:
            # New, or replacing a fictitious figure (which is deleted first): a real figure is created.
            result.created += 1
            result._to_create.append((*key, row.value))
            result.changes.append((row, None if found is None else found[1]))
        elif found[1] != row.value:
            result.updated += 1
            result._to_update.append((found[0], row.value))
            result.changes.append((row, found[1]))
        else:
            result.unchanged += 1
    result.indicators = used_indicators
    result.periods = used_periods
    return result


def apply(result: ImportPlan, filename: str, user=None) -> ImportRecord:
    if not result.ok:
        raise ValueError("an import with errors cannot be applied")
    now = timezone.now()
    with transaction.atomic(), bulk_write():
        record = ImportRecord.objects.create(
            kind=ImportRecord.Kind.FIGURES,
            user=user if getattr(user, "is_authenticated", False) else None,
            username=user.get_username() if getattr(user, "is_authenticated", False) else "",
            filename=filename[:255],
            rows=len(result.parsed.rows),
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            fictitious_removed=result.fictitious_removed,
            indicators=", ".join(result.indicators)[:500],
            periods=", ".join(result.periods)[:500],
        )
        if result._fictitious_indicator_ids:
            fictitious = Figure.objects.filter(indicator_id__in=result._fictitious_indicator_ids, is_fictitious=True)
            fictitious._raw_delete(fictitious.db)  # nothing refers to figures; no per-row signals needed
        _insert(record.pk, now, result._to_create)
        _update(record.pk, now, result._to_update)
        content_cache.bump()
        # Audit and publish the new releases before the transaction ends: nothing of this import
        # reaches anonymous visitors except through the audited publication log.
        from jv.monitor import service

        service.publish(list(Indicator.objects.counts().filter(code__in=result.indicators)))
    return record


def _batch_size(params_per_row: int) -> int:
    limit = connection.features.max_query_params or 65535
    return max(1, min(2000, limit // params_per_row))


def _insert(record_id: int, now, rows) -> None:
    """Multi-row INSERTs: the ORM's per-object work would dominate a 100,000-row import."""
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(Figure._meta.db_table)
    columns = ", ".join(
        ops.quote_name(c)
        for c in ("area_id", "indicator_id", "period", "value", "is_fictitious", "import_record_id", "updated_at")
    )
    if connection.vendor == "postgresql":
        # COPY: no SQL text with hundreds of thousands of placeholders to build and parse.
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for a, i, p, v in rows:
                copy.write_row((a, i, p, v, False, record_id, now))
        return
    stamp = ops.adapt_datetimefield_value(now)
    size = _batch_size(7)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = [x for a, i, p, v in chunk for x in (a, i, p, v, False, record_id, stamp)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", params)


def _update(record_id: int, now, rows) -> None:
    if not rows:
        return
    ops = connection.ops
    table = ops.quote_name(Figure._meta.db_table)
    stamp = ops.adapt_datetimefield_value(now)
    value, record, updated, pk = (ops.quote_name(c) for c in ("value", "import_record_id", "updated_at", "id"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY the new values into a temporary table, then one UPDATE ... FROM.
            cursor.execute(
                "CREATE TEMPORARY TABLE monitor_import_update (figure_id bigint, new_value integer) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY monitor_import_update (figure_id, new_value) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS f SET {value} = u.new_value, {record} = %s, {updated} = %s "
                f"FROM monitor_import_update AS u WHERE f.{pk} = u.figure_id",
                [record_id, stamp],
            )
            cursor.execute("DROP TABLE monitor_import_update")
        else:
            sql = f"UPDATE {table} SET {value} = %s, {record} = %s, {updated} = %s WHERE {pk} = %s"
            for start in range(0, len(rows), 10000):
                cursor.executemany(
                    sql, [(v, record_id, stamp, figure_id) for figure_id, v in rows[start : start + 10000]]
                )


def import_file(data: bytes, filename: str, user=None, dry_run: bool = False) -> tuple[ImportPlan, ImportRecord | None]:
    """Parse, plan and (unless ``dry_run`` or invalid) apply, all in one transaction."""
    with transaction.atomic():
        parsed = parse_file(data, filename)
        result = plan(parsed)
        if not result.ok or dry_run:
            return result, None
        return result, apply(result, filename, user)
