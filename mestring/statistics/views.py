"""The statistics pages: a report with its filters as a form, and downloads in every format."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import exact_for
from .forms import ReportForm, default_period
from .render import FORMATS, filename
from .render import render as render_report
from .render.labels import period_text, selection_text
from .render.present import sections
from .service import REPORTS, build_report

DESCRIPTIONS = {
    "kartlegging": gettext_lazy(
        "Tabell 1–9 fra den nasjonale kartleggingen, for hvilken som helst periode."
    ),
    "aktivitet": gettext_lazy(
        "Gjennomføringer, samlinger og deltakere over tid, per region, fylke og kommune."
    ),
    "dekning": gettext_lazy(
        "Hvilke tilbud innbyggerne i hver kommune har, samiske tilbud og variasjon."
    ),
    "brukermedvirkning": gettext_lazy(
        "Standard metode per region og tilbyder, brukermedvirkning over tid og "
        "brukerrepresentantenes tilknytning."
    ),
}


def titles() -> dict[str, str]:
    return {
        "kartlegging": _("Kartlegging (Tabell 1–9)"),
        "aktivitet": _("Aktivitet"),
        "dekning": _("Dekning og variasjon"),
        "brukermedvirkning": _("Brukermedvirkning og Standard metode"),
    }


def index(request):
    reports = [
        {
            "name": name,
            "title": titles()[name],
            "description": DESCRIPTIONS[name],
            "url": reverse("statistics:report", args=[name]),
        }
        for name in REPORTS
    ]
    return render(request, "statistics/index.html", {"reports": reports})


def report_page(request, name: str):
    if name not in REPORTS:
        raise Http404
    query = request.GET.copy()
    start, end = default_period(timezone.localdate())
    query.setdefault("fra", start.isoformat())
    query.setdefault("til", end.isoformat())
    form = ReportForm(query, with_step=name == "aktivitet")
    report_filter = form.report_filter()
    exact = False
    report = None
    if report_filter is not None:
        exact = exact_for(request.user, report_filter)
        step = query.get("inndeling") or "maned"
        report = build_report(name, report_filter, exact=exact, step=step)
        fmt = request.GET.get("format")
        if fmt in FORMATS and fmt != "html":
            response = HttpResponse(render_report(report, fmt), content_type=FORMATS[fmt][0])
            response["Content-Disposition"] = f'attachment; filename="{filename(report, fmt)}"'
            return response
    downloads = []
    if report is not None:
        for fmt in ("pdf", "xlsx", "csv", "json"):
            params = query.copy()
            params["format"] = fmt
            downloads.append({"format": fmt.upper(), "url": f"?{params.urlencode()}"})
    status = 200 if report is not None else 400
    return render(
        request,
        "statistics/report_page.html",
        {
            "name": name,
            "title": titles()[name],
            "form": form,
            "report": report,
            "period_text": period_text(report) if report else "",
            "selection_text": selection_text(report) if report else "",
            "sections": sections(report) if report else [],
            "downloads": downloads,
            "exact": exact,
            "share_url": request.build_absolute_uri(),
        },
        status=status,
    )
