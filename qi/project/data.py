"""Measure data: the tidy file ``data/measures.csv`` and Excel/CSV imports.

Columns (``DATA_FILE_COLUMNS``): ``measure, period, value, denominator, note``. ``period`` is
written as :mod:`qi.project.periods` reads it; ``denominator`` and ``note`` may be empty. One
row per measure and period. Every problem names the file and the line (CSV) or sheet and row
(Excel), and all problems of a file are reported together. The rows are checked by
:mod:`qi.project.rows` (:func:`read_rows`, re-exported here with the range checks).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from qi.constants import (
    DATA_FILE_COLUMNS,
    XLSX_MAX_BYTES,
    XLSX_MAX_INFLATE_RATIO,
    XLSX_MAX_UNCOMPRESSED_BYTES,
    XLSX_RATIO_GRACE_BYTES,
)
from qi.errors import ValidationError, unknown_name
from qi.project.fsio import check_readable
from qi.project.messages import did_you_mean
from qi.project.model import Measure
from qi.project.periods import period_label
from qi.project.rows import PARSED_COLUMNS, check_bounds, check_period_range, read_rows, year_range

_REQUIRED = ("measure", "period", "value")


def _check_header(header: list[str], *, file: str, where_line: int | None) -> None:
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise ValidationError(
            f"missing column(s) {', '.join(missing)}; found: {', '.join(header) or '(none)'}",
            field=missing[0],
            file=file,
            line=where_line,
            hint=f"the first row must name the columns {', '.join(DATA_FILE_COLUMNS)}",
        )
    unknown = [c for c in header if c and c not in DATA_FILE_COLUMNS]
    if unknown:
        raise ValidationError(
            f"unknown column(s) {', '.join(unknown)}",
            field=unknown[0],
            file=file,
            line=where_line,
            hint=did_you_mean(unknown[0], DATA_FILE_COLUMNS)
            + f"columns are {', '.join(DATA_FILE_COLUMNS)}",
        )


def csv_records(text: str, *, file: str) -> Iterator[tuple[int, list[str]]]:
    """``(line where the record starts, fields)`` for each CSV record, skipping blank lines and
    '#' comment lines. Malformed CSV (e.g. a quote never closed) names the line it starts on."""
    reader = csv.reader(io.StringIO(text), strict=True)  # an unclosed quote is an error, not data
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise ValidationError(
                f"malformed CSV: {err}", file=file, line=start, hint="check the quotes on that line"
            ) from None
        if not record or record[0].lstrip().startswith("#"):
            continue
        yield start, record


def read_csv_text(
    text: str, measures: Mapping[str, Measure], *, file: str, skip: Iterable[str] = ()
) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Parse tidy CSV text; lines starting with '#' are comments."""
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, record in csv_records(text, file=file):
        if header is None:
            header = [c.strip().lower() for c in record]
            _check_header(header, file=file, where_line=line)
            continue
        if len(record) > len(header):
            raise ValidationError(
                f"{len(record)} fields but the header has {len(header)}",
                file=file,
                line=line,
                hint='quote text that contains commas, e.g. "a, b"',
            )
        rows.append((line, dict(zip(header, record, strict=False))))
    if header is None:
        return pd.DataFrame(columns=list(PARSED_COLUMNS)), []
    return read_rows(rows, measures, file=file, skip=skip)


def read_csv_file(
    path: Path, measures: Mapping[str, Measure], skip: Iterable[str] = ()
) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Parse a tidy CSV file (missing file = no data)."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=list(PARSED_COLUMNS)), []
    from qi.project.yamlio import read_text

    return read_csv_text(read_text(path), measures, file=str(path), skip=skip)


def read_excel_file(
    path: Path, measures: Mapping[str, Measure], sheet: str | None = None
) -> tuple[pd.DataFrame, list[ValidationError]]:
    """Parse one sheet of an ``.xlsx`` workbook laid out like the tidy CSV.

    ``sheet`` names the sheet (default: the first). Row numbers in messages are the
    spreadsheet's own (header on row 1).
    """
    path = Path(path)
    try:
        check_workbook(path)
        sheets = pd.read_excel(path, sheet_name=None, dtype=str, header=None, engine="openpyxl")
    except ValidationError:
        raise
    except FileNotFoundError:
        raise ValidationError("file not found", file=str(path), hint="check the path") from None
    except Exception as err:  # openpyxl raises many types for a bad workbook
        raise ValidationError(
            f"cannot read this workbook: {err}",
            file=str(path),
            hint="save it as .xlsx (Excel workbook) or export the sheet as CSV",
        ) from None
    names = [str(n) for n in sheets]
    if sheet is None:
        name = names[0]
    elif sheet in names:
        name = sheet
    else:
        raise unknown_name("sheet", sheet, names, field="--sheet")
    label = f"{path}[{name}]"
    table = sheets[name].fillna("")
    if table.empty:
        return pd.DataFrame(columns=list(PARSED_COLUMNS)), []
    header = [str(c).strip().lower() for c in table.iloc[0].tolist()]
    _check_header(header, file=label, where_line=None)
    rows = []
    for offset, record in enumerate(table.iloc[1:].itertuples(index=False), start=2):
        values = {h: _excel_text(v) for h, v in zip(header, record, strict=False) if h}
        rows.append((offset, values))
    return read_rows(rows, measures, file=label, where="row")


def check_workbook(path: Path) -> None:
    """Refuse a workbook that is too large or a zip bomb, from the zip's directory alone.

    An ``.xlsx`` file is a zip of XML parts. Before anything is parsed: the file's size
    (:data:`~qi.constants.XLSX_MAX_BYTES`), the parts' total uncompressed size
    (:data:`~qi.constants.XLSX_MAX_UNCOMPRESSED_BYTES`) and each part's inflation ratio
    (:data:`~qi.constants.XLSX_MAX_INFLATE_RATIO`, Apache POI's rule). The sizes are those the
    zip declares; Python's ``zipfile`` (which openpyxl reads with) never inflates a part beyond
    its declared size, so a part cannot lie its way past the check.
    """
    import zipfile

    check_readable(path, limit=XLSX_MAX_BYTES, what="workbook")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as err:
        raise ValidationError(
            f"cannot read this workbook: not an .xlsx file ({err})",
            file=str(path),
            hint="save it as .xlsx (Excel workbook) or export the sheet as CSV",
        ) from None
    total = sum(p.file_size for p in parts)
    if total > XLSX_MAX_UNCOMPRESSED_BYTES:
        raise ValidationError(
            f"the workbook holds {total:,} bytes once unpacked, above the "
            f"{XLSX_MAX_UNCOMPRESSED_BYTES:,}-byte limit",
            file=str(path),
            hint="export the sheet as CSV, or split the workbook",
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_GRACE_BYTES and ratio > XLSX_MAX_INFLATE_RATIO:
            raise ValidationError(
                f"part '{part.filename}' of the workbook inflates {ratio:,.0f} times, above the "
                f"{XLSX_MAX_INFLATE_RATIO:g}-times limit (a zip bomb, or a damaged file)",
                file=str(path),
                hint="open it in Excel and save it again, or export the sheet as CSV",
            )


def _excel_text(value: object) -> str:
    text = str(value).strip()
    # Excel dates arrive as 'YYYY-MM-DD 00:00:00'
    if len(text) == 19 and text.endswith(" 00:00:00"):
        return text[:10]
    return text


def merge(existing: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """Rows of ``new`` replace rows of ``existing`` with the same measure and period.

    Returns the merged frame, the number of rows added and the number replaced.
    """
    key_new = set(zip(new["measure"], new["period"], strict=True))
    keep = [k not in key_new for k in zip(existing["measure"], existing["period"], strict=True)]
    replaced = len(existing) - sum(keep)
    merged = pd.concat([existing.loc[keep], new], ignore_index=True)
    merged = merged.sort_values(["measure", "period"], kind="stable").reset_index(drop=True)
    return merged, len(new) - replaced, replaced


def merge_into(
    text: str,
    new: pd.DataFrame,
    measures: Mapping[str, Measure],
    *,
    file: str,
    source: str,
    source_where: str = "line",
) -> tuple[str, int, int]:
    """Merge the parsed rows ``new`` (read from ``source``) into the data file's ``text``.

    The merged text is checked exactly as ``qi validate`` checks ``data/measures.csv``
    (:func:`read_csv_text`), so an import cannot leave a file that validation then rejects,
    e.g. rows without a denominator for a measure whose other rows have one. Nothing is
    written here: the caller writes the returned text.

    Parameters
    ----------
    text:
        The data file's current text (``""`` when there is none yet); its leading comments
        are kept.
    new:
        Rows parsed from ``source`` (:data:`PARSED_COLUMNS`).
    file, source:
        The data file and the imported file, as named in messages.
    source_where:
        ``"line"`` (CSV) or ``"row"`` (spreadsheet): how ``new["line"]`` numbers its rows.

    Returns
    -------
    tuple[str, int, int]
        The text to write, the number of rows added and the number replaced.

    Raises
    ------
    ValidationError
        The data file has problems of its own, or the merged rows break a rule; each problem
        names the rows at fault in the file each row came from.
    """
    from qi.project.validate import raise_problems

    existing, problems = (
        read_csv_text(text, measures, file=file)
        if text.strip()
        else (pd.DataFrame(columns=list(PARSED_COLUMNS)), [])
    )
    if problems:
        raise_problems(problems, file=file)
    tagged_old = existing.assign(origin=file, where="line")
    tagged_new = new.assign(origin=source, where=source_where)
    merged, added, replaced = merge(tagged_old, tagged_new)
    out = to_csv_text(merged, measures, leading_comments(text))
    _, problems = read_csv_text(out, measures, file=file)
    if problems:
        starts = [line for line, _ in csv_records(out, file=file)][1:]  # one record per merged row
        origin = {
            line: (str(r.origin), str(r.where), int(r.line))  # type: ignore[arg-type]
            for line, r in zip(starts, merged.itertuples(index=False), strict=True)
        }
        raise_problems(
            [_merged_problem(p, origin, file=file, source=source) for p in problems], file=source
        )
    return out, added, replaced


def _merged_problem(
    err: ValidationError, origin: Mapping[int, tuple[str, str, int]], *, file: str, source: str
) -> ValidationError:
    """A problem of the merged text, restated with each row's own file and line or row."""
    lines = [err.line] if err.line else [int(r) for r in err.rows]  # type: ignore[call-overload]
    by_file: dict[tuple[str, str], list[int]] = {}
    for line in lines:
        name, where, number = origin[line]
        by_file.setdefault((name, where), []).append(number)
    at = "; ".join(
        f"{name} {where}{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
        for (name, where), numbers in by_file.items()
    )
    return ValidationError(
        f"importing would leave {file} invalid: {err.message}" + (f" (at {at})" if at else ""),
        field=err.field,
        file=source,
        hint=(f"{err.hint}; " if err.hint else "") + "nothing was imported",
    )


def to_csv_text(
    frame: pd.DataFrame, measures: Mapping[str, Measure], header_comment: str = ""
) -> str:
    """Write parsed rows back as tidy CSV, periods in their measure's own notation."""
    buffer = io.StringIO()
    if header_comment:
        buffer.write(header_comment)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DATA_FILE_COLUMNS)
    row: Any  # a named tuple of the frame's columns (pandas-stubs types its fields as any scalar)
    for row in frame.itertuples(index=False):
        measure = measures[str(row.measure)]
        writer.writerow(
            [
                row.measure,
                period_label(pd.Timestamp(row.period), measure.frequency),
                _fmt(row.value),
                "" if pd.isna(row.denominator) else _fmt(row.denominator),
                "" if pd.isna(row.note) else row.note,
            ]
        )
    return buffer.getvalue()


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def leading_comments(text: str) -> str:
    """The '#' comment lines at the top of a CSV file (kept when qi rewrites it)."""
    out = []
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("#"):
            out.append(line)
        else:
            break
    return "".join(out)


__all__ = [
    "PARSED_COLUMNS",
    "check_bounds",
    "check_period_range",
    "check_workbook",
    "csv_records",
    "leading_comments",
    "merge",
    "merge_into",
    "read_csv_file",
    "read_csv_text",
    "read_excel_file",
    "read_rows",
    "to_csv_text",
    "year_range",
]
