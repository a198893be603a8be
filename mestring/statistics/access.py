"""Who sees exact person counts in a report: analysts and administrators, and providers
when the report is about their own organisations only; everyone else the protected
figures (core dataset §6). The rules themselves live in accounts.permissions."""

from mestring.accounts.permissions import sees_exact_figures

from .filters import ReportFilter


def exact_for(user, report_filter: ReportFilter) -> bool:
    organisations = report_filter.organisation_ids or None
    return sees_exact_figures(user, organisations)
