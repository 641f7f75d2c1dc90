"""Limits on every input (docs/security.md "Limits on input").

The readers of uploaded tables (every import: the ledger, measurements, outreach, population;
screen, command line and API alike) read through `table_rows`, which refuses, before anything is
written and before an import takes the database's write lock:

- a file larger than `REGIODEAL_UPLOAD_MAX_BYTES`;
- an .xlsx whose parts unpack to more than `REGIODEAL_XLSX_MAX_UNCOMPRESSED_BYTES`, or whose
  shared strings (the table of texts every cell points into, which a spreadsheet reader holds in
  memory whole) unpack to more than `REGIODEAL_XLSX_MAX_SHARED_STRINGS_BYTES`: a "zip bomb" of a
  few hundred kilobytes can hold a text of 600 MB. The sizes are read from the zip's directory,
  before a byte is unpacked;
- more than `REGIODEAL_IMPORT_MAX_ROWS` rows, a row of more than `REGIODEAL_IMPORT_MAX_COLUMNS`
  cells, a cell of more than `REGIODEAL_IMPORT_MAX_CELL_CHARS` characters;
- a NUL character (PostgreSQL cannot store one) and a CSV that is not UTF-8.

Rows are read one at a time (a CSV line by line, never longer than the widest allowed row; an
.xlsx with openpyxl's read-only reader), so memory stays bounded whatever the file holds. Each
refusal is an `InputRefused` naming the file, the row and the column, and saying how to fix it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _


class InputRefused(Exception):
    """An input outside the limits; nothing was read into the database. `row` 0: the whole file."""

    def __init__(self, message: str, *, row: int = 0, column: str = "", rule: str = "limit"):
        self.message = message
        self.row = row
        self.column = column
        self.rule = rule  # limit, encoding, format, nul (for logs and the API: "import.<rule>")
        super().__init__(message)


def limit(name: str) -> int:
    """The value of a REGIODEAL_* limit setting (conf/settings.py, block "Limits on input")."""
    return int(getattr(settings, name))


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def check_size(size: int) -> None:
    maximum = limit("REGIODEAL_UPLOAD_MAX_BYTES")
    if size > maximum:
        raise InputRefused(
            _(
                "Het bestand is %(size)s MB, meer dan de %(max)s MB die de import aanneemt; "
                "splits het in delen."
            )
            % {"size": megabytes(size), "max": megabytes(maximum)}
        )


def _size_of(binary: IO[bytes]) -> int:
    position = binary.tell()
    binary.seek(0, io.SEEK_END)
    size = binary.tell()
    binary.seek(position)
    return size


def check_xlsx_archive(binary: IO[bytes]) -> None:
    """Refuse an .xlsx that is no zip, or whose parts unpack beyond the limits (from the zip's
    directory: nothing is unpacked here)."""
    binary.seek(0)
    try:
        with zipfile.ZipFile(binary) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputRefused(
            _unreadable_xlsx(),
            rule="format",
        ) from exc
    finally:
        binary.seek(0)
    total = sum(m.file_size for m in members)
    maximum = limit("REGIODEAL_XLSX_MAX_UNCOMPRESSED_BYTES")
    if total > maximum:
        raise InputRefused(
            _(
                "Het .xlsx-bestand is uitgepakt %(size)s MB, meer dan de %(max)s MB die de import "
                "aanneemt; splits het in delen of sla het op als CSV."
            )
            % {"size": megabytes(total), "max": megabytes(maximum)}
        )
    shared = sum(m.file_size for m in members if m.filename.lower().endswith("sharedstrings.xml"))
    maximum = limit("REGIODEAL_XLSX_MAX_SHARED_STRINGS_BYTES")
    if shared > maximum:
        raise InputRefused(
            _(
                "De teksten in het .xlsx-bestand zijn samen %(size)s MB, meer dan de %(max)s MB die de "
                "import aanneemt; verwijder overbodige tekst of sla het bestand op als CSV."
            )
            % {"size": megabytes(shared), "max": megabytes(maximum)}
        )


def _unreadable_xlsx() -> str:
    return _("Dit is geen leesbaar .xlsx-bestand; open het in uw rekenblad en sla het opnieuw op als .xlsx.")


def column_name(index: int) -> str:
    """A spreadsheet's column letter of a 0-based index (0: A, 26: AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row_checker() -> Callable[[int, list[Any]], list[Any]]:
    """A function that checks one row against the limits (read once per file, not per row)."""
    rows = limit("REGIODEAL_IMPORT_MAX_ROWS")
    columns = limit("REGIODEAL_IMPORT_MAX_COLUMNS")
    longest = limit("REGIODEAL_IMPORT_MAX_CELL_CHARS")

    def check(number: int, cells: list[Any]) -> list[Any]:
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if number > rows + 1:  # + the header
            raise InputRefused(
                _("Het bestand heeft meer dan %(max)s regels onder de kopregel; splits het in delen.")
                % {"max": rows},
                row=number,
            )
        if len(cells) > columns:
            raise InputRefused(
                _("Deze rij heeft meer dan %(max)s cellen; verwijder de overbodige kolommen.")
                % {"max": columns},
                row=number,
            )
        for i, value in enumerate(cells):
            if type(value) is str and (len(value) > longest or "\x00" in value):
                if len(value) > longest:
                    raise InputRefused(
                        _("Deze cel heeft meer dan %(max)s tekens; maak de tekst korter.") % {"max": longest},
                        row=number,
                        column=column_name(i),
                    )
                raise InputRefused(_nul_message(), row=number, column=column_name(i), rule="nul")
        return cells

    return check


def _nul_message() -> str:
    return _(
        "Deze cel bevat een NUL-teken (\\x00), dat niet in een tekst hoort; sla het bestand in uw "
        "rekenblad opnieuw op als 'CSV UTF-8' of .xlsx."
    )


def _csv_lines(text: io.TextIOBase) -> Iterator[str]:
    """The file's lines, none longer than the widest allowed row (so a file without line breaks
    is never read whole), a NUL refused."""
    longest = limit("REGIODEAL_IMPORT_MAX_COLUMNS") * (limit("REGIODEAL_IMPORT_MAX_CELL_CHARS") + 3)
    number = 0
    while True:
        line = text.readline(longest + 1)
        if not line:
            return
        number += 1
        if len(line) > longest:
            raise InputRefused(
                _("Regel %(line)s van het bestand is langer dan %(max)s tekens; is het wel een CSV-bestand?")
                % {"line": number, "max": longest},
                row=number,
            )
        if "\x00" in line:
            raise InputRefused(_nul_message(), row=number, rule="nul")
        yield line


def csv_rows(binary: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a CSV in UTF-8, separated by `;`, `,` or tab (the most frequent in
    the first line), one row at a time. The row number is the spreadsheet's (header: 1)."""
    check_size(_size_of(binary))
    binary.seek(0)
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        lines = _csv_lines(text)
        try:
            first = next(lines)
        except StopIteration:
            return
        delimiter = max(";,\t", key=first.count)

        def all_lines():
            yield first
            yield from lines

        reader = csv.reader(all_lines(), delimiter=delimiter)
        check = _row_checker()
        number = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputRefused(
                    _("Deze rij is geen geldige CSV (%(error)s); controleer de aanhalingstekens.")
                    % {"error": exc},
                    row=number + 1,
                ) from exc
            number += 1
            yield number, check(number, cells)
    except UnicodeDecodeError as exc:
        raise InputRefused(
            _("Het bestand is geen UTF-8: sla het in uw rekenblad op als 'CSV UTF-8'."), rule="encoding"
        ) from exc
    finally:
        with contextlib.suppress(ValueError):  # ValueError: the caller closed the file already
            text.detach()  # leave the caller's file open


def xlsx_rows(binary: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet of an .xlsx, read-only (streamed), after
    `check_xlsx_archive`."""
    from openpyxl import load_workbook

    check_size(_size_of(binary))
    check_xlsx_archive(binary)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputRefused(
            _unreadable_xlsx(),
            rule="format",
        ) from exc
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        widest = limit("REGIODEAL_IMPORT_MAX_COLUMNS")
        check = _row_checker()
        for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=widest + 1), start=1):
            yield number, check(number, list(row))
    finally:
        workbook.close()


def table_rows(binary: IO[bytes], file_name: str) -> Iterator[tuple[int, list[Any]]]:
    """The rows of an uploaded .csv or .xlsx, within the limits (the caller checked the suffix)."""
    if file_name.lower().endswith(".xlsx"):
        return xlsx_rows(binary)
    return csv_rows(binary)


def prescan(binary: IO[bytes], file_name: str) -> int:
    """Read the whole file through the limits without the database, and give its number of rows
    under the header: an import calls this before it takes the write lock, so a file that breaks
    a limit is refused without keeping other writers waiting."""
    count = 0
    for _number, _cells in table_rows(binary, file_name):
        count += 1
    binary.seek(0)
    return max(count - 1, 0)


def problems_cap() -> int:
    return limit("REGIODEAL_IMPORT_MAX_PROBLEMS")


def shown_problems(problems: list) -> list:
    """The first `REGIODEAL_IMPORT_SHOWN_PROBLEMS` problems: what a page or an API answer lists
    (with the count of all of them beside it)."""
    return problems[: limit("REGIODEAL_IMPORT_SHOWN_PROBLEMS")]
