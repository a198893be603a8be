"""Bounds on an imported file set, checked while the files are read so that a hostile file
(a zip bomb, a million columns, a JSON document nested thousands of levels deep, a cell of
megabytes) is refused before it is expanded in memory.

The defaults come from settings (IMPORT_MAX_*); `mestring import` can raise them for
trusted national files. `None` means no bound.
"""

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .issues import Issue


@dataclass(frozen=True)
class Limits:
    # Bytes of one file as read: the file itself, or a zip member once uncompressed.
    max_bytes: int | None = None
    # Data rows of one list (one CSV file, sheet or JSON list), header not counted.
    max_rows: int | None = None
    max_columns: int | None = None
    # Characters of one cell (CSV, XLSX) or one JSON string.
    max_cell_chars: int | None = None
    # Nesting of arrays and objects in a JSON document.
    max_depth: int | None = None
    # Uncompressed size / compressed size of a zip member (.zip of CSV files, .xlsx).
    max_compression_ratio: int | None = None

    @classmethod
    def from_settings(cls) -> "Limits":
        def bound(name: str) -> int | None:
            value = getattr(settings, name)
            return value if value and value > 0 else None

        return cls(
            max_bytes=bound("IMPORT_MAX_BYTES"),
            max_rows=bound("IMPORT_MAX_ROWS"),
            max_columns=bound("IMPORT_MAX_COLUMNS"),
            max_cell_chars=bound("IMPORT_MAX_CELL_CHARS"),
            max_depth=bound("IMPORT_MAX_DEPTH"),
            max_compression_ratio=bound("IMPORT_MAX_COMPRESSION_RATIO"),
        )

    def with_rows(self, rows: int | None) -> "Limits":
        return replace(self, max_rows=rows)


UNLIMITED = Limits()


def file_too_large(source: str, size: int, limit: int) -> Issue:
    message = _("Filen er for stor: %(size)s, men grensen er %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }
    return Issue(source, None, None, message)


def too_many_rows(source: str, row: int | None, limit: int) -> Issue:
    message = _(
        "Filen har flere enn %(limit)s rader. Del den opp, eller importer den med "
        "«mestring import --maks-rader»."
    ) % {"limit": limit}
    return Issue(source, row, None, message)


def too_many_columns(source: str, row: int | None, count: int | None, limit: int) -> Issue:
    if count is None:
        message = _("Raden har flere enn %(limit)s kolonner.") % {"limit": limit}
    else:
        message = _("Raden har %(count)s kolonner, men høyst %(limit)s er lov.") % {
            "count": count,
            "limit": limit,
        }
    return Issue(source, row, None, message)


def cell_too_large(source: str, row: int | None, field: str | None, limit: int) -> Issue:
    message = _("Cellen er for stor: høyst %(limit)s tegn er lov.") % {"limit": limit}
    return Issue(source, row, field, message)


def check_size(path: Path, limits: Limits) -> Issue | None:
    if limits.max_bytes is not None and path.is_file():
        size = path.stat().st_size
        if size > limits.max_bytes:
            return file_too_large(path.name, size, limits.max_bytes)
    return None


def check_archive(path: Path, archive: zipfile.ZipFile, limits: Limits) -> Issue | None:
    """Refuse a zip whose members would expand beyond the bounds (a zip bomb), judged from
    the sizes in its directory. Python's zipfile never inflates a member past the size the
    directory states, so what is read later stays within what is checked here."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if limits.max_compression_ratio is not None and info.file_size > (1 << 20):
            if ratio > limits.max_compression_ratio:
                message = _(
                    "«%(member)s» pakkes ut til %(ratio)s ganger sin egen størrelse. Filen "
                    "ser ut som en zip-bombe og leses ikke."
                ) % {"member": info.filename, "ratio": int(ratio)}
                return Issue(path.name, None, None, message)
    if limits.max_bytes is not None and total > limits.max_bytes:
        message = _("Filen blir %(size)s når den pakkes ut, men grensen er %(limit)s.") % {
            "size": filesizeformat(total),
            "limit": filesizeformat(limits.max_bytes),
        }
        return Issue(path.name, None, None, message)
    return None


# Everything but brackets and quotes.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


def json_depth_exceeds(data: bytes, limit: int) -> bool:
    """Whether arrays and objects in `data` nest deeper than `limit`, found without parsing
    and in C-speed passes: escapes and strings are removed, every bracket becomes ( or ),
    and each round removes the innermost pairs, so a document nested d levels deep is
    empty after d rounds."""
    # A run of backslashes starts an escape, so pairs from its left are escaped backslashes.
    text = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    # Removing two adjacent quotes (an empty string, or the end of one string and the start
    # of the next) keeps what lies outside strings; then every other piece is outside.
    outside = b"".join(text.replace(b'""', b"").split(b'"')[0::2])
    brackets = outside.translate(bytes.maketrans(b"[]{}", b"()()"))
    for done in range(limit):
        if not brackets:
            return False
        shorter = brackets.replace(b"()", b"")
        if len(shorter) == len(brackets):
            # Unbalanced: what is left opens arrays the parser would descend into.
            return done + shorter.count(b"(") > limit
        brackets = shorter
    return bool(brackets)
