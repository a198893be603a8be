"""One report, every format: JSON (§8), CSV, XLSX, HTML and PDF render the same `Report`."""

from collections.abc import Callable

from ..tables import Report
from .data import report_json
from .tabular import report_csv, report_xlsx

FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
}


def _html(report: Report) -> bytes:
    from .document import report_html

    return report_html(report).encode("utf-8")


def _pdf(report: Report) -> bytes:
    from .document import report_pdf

    return report_pdf(report)


RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "json": report_json,
    "csv": report_csv,
    "xlsx": report_xlsx,
    "html": _html,
    "pdf": _pdf,
}


def render(report: Report, fmt: str) -> bytes:
    return RENDERERS[fmt](report)


def filename(report: Report, fmt: str) -> str:
    return f"{report.id}_{report.period[0]}_{report.period[1]}.{FORMATS[fmt][1]}"
