"""Who sees exact person counts in a report: analysts and administrators, and providers
when the report is about their own organisations only; everyone else the protected
figures (core dataset §6). The rules themselves live in accounts.permissions."""

from mestring.accounts.permissions import sees_exact_figures

from .filters import ReportFilter, descendants


def exact_for(user, report_filter: ReportFilter) -> bool:
    organisations = (
        frozenset(descendants(report_filter.organisasjon)) if report_filter.organisasjon else None
    )
    return sees_exact_figures(user, organisations)
