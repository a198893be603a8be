"""The machine-readable form of a report (core dataset §8), with Norwegian field names."""

import json

from ..suppression import hidden_mark
from ..tables import Report, Row, Table


def _row(row: Row, table: Table) -> dict:
    out: dict = {"kode": row.code, "etikett": row.label}
    if not table.is_wide or row.count is not None or row.suppressed:
        out["antall"] = row.count
        if table.n is not None and not row.is_total:
            out["andel"] = row.share
    if row.suppressed:
        out["skjult"] = hidden_mark(row.suppressed)
    if table.is_wide:
        out["verdier"] = {column.key: row.values.get(column.key) for column in table.columns}
        hidden = {key: hidden_mark(kind) for key, kind in row.hidden.items() if kind}
        if hidden:
            out["skjulte_verdier"] = hidden
    if row.is_total:
        out["sum"] = True
    return out


def table_dict(table: Table) -> dict:
    out: dict = {"id": table.id, "tittel": table.title, "n": table.n}
    if table.unit:
        out["enhet"] = table.unit
    if table.columns:
        out["kolonner"] = [{"kode": c.key, "etikett": c.label} for c in table.columns]
    out["rader"] = [_row(row, table) for row in table.rows]
    if table.footnotes:
        out["fotnoter"] = list(table.footnotes)
    return out


def report_dict(report: Report) -> dict:
    out: dict = {
        "rapport": report.id,
        "tittel": report.title,
        "fra": report.period[0],
        "til": report.period[1],
        "filter": report.filter,
        "tabeller": [table_dict(table) for table in report.tables],
    }
    if report.suppressed:
        out["prikket"] = True
    if report.notes:
        out["merknader"] = list(report.notes)
    return out


def report_json(report: Report) -> bytes:
    return (json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
