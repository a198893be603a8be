"""/arbeid/historikk/<model>/<id>/: who changed an offer, run or provider, when, and how."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from mestring.accounts.access import member_required
from mestring.accounts.permissions import Action, can_offer, can_organisation, can_run
from mestring.catalogue.models import Run

from .. import history as versions

_CAN = {"tilbud": can_offer, "gjennomforing": can_run, "tilbyder": can_organisation}


@member_required
def object_history(request, model, external_id):
    if model not in versions.HISTORY_MODELS:
        raise Http404
    queryset = versions.HISTORY_MODELS[model].objects.all()
    if queryset.model is Run:
        queryset = queryset.select_related("offer")
    obj = get_object_or_404(queryset, external_id=external_id)
    # Old values and editors' names are the provider's own business: members only.
    if not _CAN[model](request.user, Action.EXPORT, obj):
        raise PermissionDenied
    return render(
        request,
        "workspace/history_object.html",
        {
            "object": obj,
            "kind": queryset.model._meta.verbose_name,
            "entries": versions.history(obj),
        },
    )


urlpatterns = [
    path("historikk/<slug:model>/<str:external_id>/", object_history, name="history"),
]
