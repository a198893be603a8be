"""Runs of an offer: list, add, edit, cancel, mark as held, and attendance per session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import member_required, offer_for, run_for
from mestring.accounts.permissions import Action, can_offer, can_run
from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Run

from .. import work
from ..run_forms import AttendanceForm, RunForm, column_labels, row_key, row_label, session_formset


def _readable(request, offer: Offer) -> None:
    """Runs and attendance are the provider's own exact figures: members only, not everyone
    who may see the published offer (the same rule as the attendance API)."""
    if not can_offer(request.user, Action.EXPORT, offer):
        raise PermissionDenied


def _runs_url(offer: Offer) -> str:
    return reverse("workspace:run-list", args=[offer.external_id])


@member_required
def run_list(request, offer_id: str):
    offer = offer_for(request, offer_id, Action.VIEW)
    _readable(request, offer)
    runs = (
        offer.runs.select_related("municipality")
        .annotate(
            session_count=Count("sessions", distinct=True),
            recorded=Count("attendance", distinct=True),
        )
        .order_by("-start", "external_id")
    )
    return render(
        request,
        "workspace/run_list.html",
        {
            "section": "offers",
            "offer": offer,
            "runs": runs,
            "can_edit": can_offer(request.user, Action.EDIT, offer),
            "today": timezone.localdate(),
        },
    )


def _run_form(request, offer: Offer, run: Run):
    data = request.POST if request.method == "POST" else None
    sessions = session_formset(data, run)
    form = RunForm(data, instance=run, offer=offer, session_forms=sessions)
    if data is not None and form.is_valid():
        saved = work.save_run(form.save(commit=False), form.sessions)
        messages.success(
            request, _("Gjennomføringen %(period)s er lagret.") % {"period": work.run_period(saved)}
        )
        return redirect(_runs_url(offer))
    return render(
        request,
        "workspace/run_form.html",
        {"section": "offers", "offer": offer, "run": run, "form": form, "sessions": sessions},
    )


@member_required
def run_add(request, offer_id: str):
    offer = offer_for(request, offer_id, Action.EDIT)
    return _run_form(request, offer, Run(offer=offer))


@member_required
def run_edit(request, run_id: str):
    run = run_for(request, run_id, Action.EDIT)
    return _run_form(request, run.offer, run)


@member_required
def run_cancel(request, run_id: str):
    run = run_for(request, run_id, Action.EDIT)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST" and run.status != codes.RunStatus.CANCELLED:
        work.set_run_status(run, codes.RunStatus.CANCELLED)
        messages.success(
            request, _("Gjennomføringen %(period)s er avlyst.") % {"period": work.run_period(run)}
        )
        return redirect(_runs_url(run.offer))
    return render(
        request, "workspace/run_cancel.html", {"section": "offers", "run": run, "offer": run.offer}
    )


@require_POST
@member_required
def run_complete(request, run_id: str):
    run = run_for(request, run_id, Action.EDIT)
    if run.status == codes.RunStatus.PLANNED:
        work.set_run_status(run, codes.RunStatus.COMPLETED)
        messages.success(
            request,
            _("Gjennomføringen %(period)s er merket som gjennomført.")
            % {"period": work.run_period(run)},
        )
    else:
        messages.error(request, _("Bare planlagte gjennomføringer kan merkes som gjennomført."))
    return redirect(_runs_url(run.offer))


@member_required
def attendance(request, run_id: str):
    run = run_for(request, run_id, Action.VIEW)
    _readable(request, run.offer)
    can_edit = can_run(request.user, Action.EDIT, run)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    dates, saved = work.attendance_dates(run), work.saved_attendance(run)
    today = timezone.localdate()
    form = AttendanceForm(
        request.POST or None, run=run, dates=dates, today=today, initial=_initial(saved)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Oppmøtet er lagret."))
        return redirect("workspace:attendance", run.external_id)
    totals = work.attendance_totals(saved)
    rows = [
        {
            "key": row_key(day),
            "label": row_label(day),
            "held": day in form.dates,
            "cells": list(
                zip(
                    form.row_fields(day) or [None] * len(COUNT_FIELDS),
                    _values(saved.get(day)),
                    strict=True,
                )
            ),
            "total": totals.rows.get(day),
        }
        for day in dates
    ]
    return render(
        request,
        "workspace/attendance_form.html",
        {
            "section": "offers",
            "run": run,
            "offer": run.offer,
            "form": form,
            "rows": rows,
            "columns": column_labels(),
            "column_totals": [totals.columns[name] for name in COUNT_FIELDS],
            "total": totals.total,
            "can_edit": can_edit,
            "any_held": bool(form.dates),
        },
    )


def _initial(saved: dict) -> dict:
    return {
        f"{row_key(day)}-{name}": value
        for day, counts in saved.items()
        for name, value in counts.items()
    }


def _values(counts) -> list:
    return [(counts or {}).get(name) for name in COUNT_FIELDS]


urlpatterns = [
    path("tilbud/<str:offer_id>/gjennomforinger/", run_list, name="run-list"),
    path("tilbud/<str:offer_id>/gjennomforinger/ny/", run_add, name="run-add"),
    path("gjennomforinger/<str:run_id>/endre/", run_edit, name="run-edit"),
    path("gjennomforinger/<str:run_id>/avlys/", run_cancel, name="run-cancel"),
    path("gjennomforinger/<str:run_id>/gjennomfort/", run_complete, name="run-complete"),
    path("gjennomforinger/<str:run_id>/oppmote/", attendance, name="attendance"),
]
