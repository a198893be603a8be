"""The canonical JSON document: {"format": "lm-kjernedatasett", "versjon": 1, ...}."""

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from ..columns import JSON_FORMAT, JSON_LISTS, JSON_VERSION, LISTS
from ..issues import Issue
from ..limits import Limits, cell_too_large, json_depth_exceeds, too_many_columns
from .tables import FileSet, Row, Table, bounded

SESSION_KEYS = ("start", "varighet_min")


def read(path: Path, limits: Limits) -> FileSet:
    files = FileSet("json")
    data = path.read_bytes()
    if limits.max_depth is not None and json_depth_exceeds(data, limits.max_depth):
        message = _(
            "Filen har lister og objekter inni hverandre i flere enn %(limit)s nivåer. "
            "Utvekslingsformatet bruker bare noen få."
        ) % {"limit": limits.max_depth}
        files.issues.append(Issue(path.name, None, None, message))
        return files
    try:
        document = json.loads(data, parse_float=Decimal)
    except RecursionError:
        message = _("Filen har lister og objekter inni hverandre i for mange nivåer.")
        files.issues.append(Issue(path.name, None, None, message))
        return files
    except (ValueError, UnicodeDecodeError) as error:
        message = _("Filen er ikke gyldig JSON: %(error)s") % {"error": error}
        files.issues.append(Issue(path.name, None, None, message))
        return files
    if not isinstance(document, dict) or document.get("format") != JSON_FORMAT:
        message = _("Filen er ikke i formatet «%(format)s».") % {"format": JSON_FORMAT}
        files.issues.append(Issue(path.name, None, "format", message))
        return files
    if document.get("versjon") != JSON_VERSION:
        message = _("Versjon %(found)s støttes ikke; denne versjonen leser versjon %(version)s.")
        values = {"found": document.get("versjon"), "version": JSON_VERSION}
        files.issues.append(Issue(path.name, None, "versjon", message % values))
        return files
    for key in document:
        if key not in ("format", "versjon", *JSON_LISTS):
            message = _("Ukjent liste «%(key)s».") % {"key": key}
            files.issues.append(Issue(path.name, None, key, message))
    for list_name in JSON_LISTS:
        items = document.get(list_name)
        source = f"JSON: {list_name}"
        if items is None:
            continue
        if not isinstance(items, list):
            files.issues.append(Issue(source, None, None, _("Forventet en liste.")))
            continue
        rows = _rows(source, list_name, items, limits, files)
        files.tables[list_name] = Table(
            list_name, source, bounded(source, rows, limits, files.issues)
        )
    return files


def too_large(value, limits: Limits) -> bool:
    """Whether a string, or a string one level inside a list or an object, is over the bound."""
    bound = limits.max_cell_chars
    if bound is None:
        return False
    if isinstance(value, str):
        return len(value) > bound
    if isinstance(value, dict):
        value = [*value, *value.values()]
    if isinstance(value, list):
        return any(isinstance(item, str) and len(item) > bound for item in value)
    return False


def _nested_columns(list_name: str) -> dict[str, dict[str, str]]:
    nested: dict[str, dict[str, str]] = {}
    for column in LISTS[list_name].columns:
        if column.json_object:
            key, inner = column.json_object
            nested.setdefault(key, {})[inner] = column.name
    return nested


def _rows(
    source: str, list_name: str, items: list, limits: Limits, files: FileSet
) -> Iterator[Row]:
    issues = files.issues
    nested = _nested_columns(list_name)
    flat = [c.name for c in LISTS[list_name].columns if not c.json_object]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            issues.append(Issue(source, number, None, _("Forventet et objekt.")))
            continue
        if limits.max_columns is not None and len(item) > limits.max_columns:
            issues.append(too_many_columns(source, number, len(item), limits.max_columns))
            continue
        values = {}
        for key, value in item.items():
            if limits.max_cell_chars is not None and too_large(value, limits):
                issues.append(cell_too_large(source, number, key, limits.max_cell_chars))
                continue
            if key in flat:
                values[key] = value
            elif key in nested:
                values.update(_flatten(source, number, key, value, nested[key], issues))
            elif key == "samlinger" and list_name == "gjennomforinger":
                values[key] = _sessions(source, number, value, issues)
            else:
                message = _("Ukjent felt «%(key)s».") % {"key": key}
                issues.append(Issue(source, number, key, message))
        yield number, values


def _flatten(source, number, key, value, columns: dict[str, str], issues) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        issues.append(Issue(source, number, key, _("Forventet et objekt.")))
        return {}
    values = {}
    for inner, item in value.items():
        if inner in columns:
            values[columns[inner]] = item
        else:
            message = _("Ukjent felt «%(key)s».") % {"key": f"{key}.{inner}"}
            issues.append(Issue(source, number, f"{key}.{inner}", message))
    return values


def _sessions(source, number, value, issues) -> list[dict]:
    """The nested sessions of a run; a present key (even null) replaces the run's sessions."""
    if value is None:
        return []
    if not isinstance(value, list):
        issues.append(Issue(source, number, "samlinger", _("Forventet en liste.")))
        return []
    sessions = []
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            message = _("Forventet et objekt.")
            issues.append(Issue(source, number, f"samlinger[{index}]", message))
            continue
        for key in item:
            if key not in SESSION_KEYS:
                message = _("Ukjent felt «%(key)s».") % {"key": key}
                issues.append(Issue(source, number, f"samlinger[{index}].{key}", message))
        sessions.append({key: item.get(key) for key in SESSION_KEYS})
    return sessions
