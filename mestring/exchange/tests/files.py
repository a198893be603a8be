"""Write small exchange files for tests: rows are dicts keyed by column name."""

import json
from pathlib import Path

from openpyxl import Workbook

from mestring.exchange.columns import JSON_FORMAT, JSON_VERSION

Lists = dict[str, list[dict]]


def write_csv_set(
    directory: Path,
    lists: Lists,
    *,
    delimiter: str = ";",
    bom: bool = True,
    sep_line: bool = False,
    newline: str = "\r\n",
) -> list[Path]:
    """One CSV file per list, with the union of the rows' keys as header."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, rows in lists.items():
        header = list(dict.fromkeys(key for row in rows for key in row))
        lines = [f"sep={delimiter}"] if sep_line else []
        lines.append(delimiter.join(header))
        for row in rows:
            lines.append(delimiter.join(_csv_cell(row.get(key), delimiter) for key in header))
        path = directory / f"{name}.csv"
        path.write_bytes(
            ("\ufeff" if bom else "").encode() + newline.join(lines).encode() + newline.encode()
        )
        paths.append(path)
    return paths


def _csv_cell(value, delimiter: str) -> str:
    text = "" if value is None else str(value)
    if delimiter in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def write_workbook(path: Path, lists: Lists) -> Path:
    """One sheet per list; values keep their Python types (typed cells)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in lists.items():
        sheet = book.create_sheet(name)
        header = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(key) for key in header])
    book.save(path)
    return path


def write_json(path: Path, lists: Lists, **extra) -> Path:
    document = {"format": JSON_FORMAT, "versjon": JSON_VERSION, **lists, **extra}
    path.write_text(json.dumps(document, ensure_ascii=False, default=str), encoding="utf-8")
    return path
