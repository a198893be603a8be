"""The canonical JSON document: {"format": "lm-kjernedatasett", "versjon": 1, ...}."""

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from ..columns import JSON_FORMAT, JSON_LISTS, JSON_VERSION, LISTS
from ..issues import Issue
from . import FileSet, Row, Table

SESSION_KEYS = ("start", "varighet_min")


def read(path: Path) -> FileSet:
    files = FileSet("json")
    try:
        with path.open("rb") as stream:
            document = json.load(stream, parse_float=Decimal)
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
        files.tables[list_name] = Table(list_name, source, _rows(source, list_name, items, files))
    return files


def _nested_columns(list_name: str) -> dict[str, dict[str, str]]:
    nested: dict[str, dict[str, str]] = {}
    for column in LISTS[list_name].columns:
        if column.json_object:
            key, inner = column.json_object
            nested.setdefault(key, {})[inner] = column.name
    return nested


def _rows(source: str, list_name: str, items: list, files: FileSet) -> Iterator[Row]:
    issues = files.issues
    nested = _nested_columns(list_name)
    flat = [c.name for c in LISTS[list_name].columns if not c.json_object]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            issues.append(Issue(source, number, None, _("Forventet et objekt.")))
            continue
        values = {}
        for key, value in item.items():
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
