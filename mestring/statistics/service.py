"""The one entry point CLI, API and pages use: build a named report, protected or exact."""

from __future__ import annotations

from django.conf import settings

from .filters import ReportFilter
from .suppression import protect_report
from .tables import Report

REPORTS = ("kartlegging", "aktivitet", "dekning", "brukermedvirkning")
STEPS = ("maned", "kvartal", "ar")


def build_report(
    name: str, report_filter: ReportFilter, *, exact: bool = False, step: str = "maned"
) -> Report:
    """Report `name` for the filter; person counts suppressed unless `exact`."""
    if name == "kartlegging":
        from .kartlegging import kartlegging

        report = kartlegging(report_filter)
    elif name == "aktivitet":
        from .activity import activity

        report = activity(report_filter, step=step)
    elif name == "dekning":
        from .coverage import coverage

        report = coverage(report_filter)
    elif name == "brukermedvirkning":
        from .participation import participation

        report = participation(report_filter)
    else:
        raise ValueError(name)
    if exact:
        return report
    return protect_report(report, threshold=settings.SUPPRESSION_THRESHOLD)
