"""The ``csv-excel`` format: the ``csv`` format behind a UTF-8 byte order mark.

Excel reads a CSV file as the system's legacy code page unless it opens with that mark, and
then shows “curly quotes” and non-Latin names as mojibake. The plain
``csv`` format leaves the mark out, since Python's csv module and many scripts would read it
as part of the first column's name.
"""

from collections.abc import Iterator

from claims.exports import ExportFormat, ExportQuery, csv_export


def write(query: ExportQuery) -> Iterator[str]:
    yield "\ufeff"
    yield from csv_export.write(query)


FORMAT = ExportFormat(name="csv-excel", media_type=csv_export.FORMAT.media_type, extension="csv", write=write)
