"""A report as a standalone HTML document, and that document as an A4 PDF (WeasyPrint)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from ..tables import Report
from .labels import period_text, selection_text
from .present import sections


def report_html(report: Report, *, for_print: bool = False) -> str:
    return render_to_string(
        "statistics/report_document.html",
        {
            "report": report,
            "period_text": period_text(report),
            "selection_text": selection_text(report),
            "sections": sections(report),
            "for_print": for_print,
            "made": timezone.localtime(),
            "threshold": settings.SUPPRESSION_THRESHOLD,
        },
    )


def report_pdf(report: Report) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("fontTools").setLevel(logging.WARNING)
    return HTML(string=report_html(report, for_print=True)).write_pdf()
