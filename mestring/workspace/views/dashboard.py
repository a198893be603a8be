"""«Mitt arbeid»: what needs doing next, for the organisations the user works for."""

from django.shortcuts import render
from django.urls import path

from mestring.accounts.permissions import Action, grants, offers
from mestring.catalogue import codes
from mestring.catalogue.models import Organisation

from ..access import member_required


@member_required
def dashboard(request):
    g = grants(request.user)
    mine = offers(request.user, Action.VIEW).filter(responsible_id__in=g.reader_of)
    if g.administrator and not g.reader_of:
        mine = offers(request.user, Action.VIEW)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "organisations": Organisation.objects.filter(pk__in=g.reader_of).order_by("name"),
            "drafts": mine.filter(status=codes.OfferStatus.DRAFT).order_by("-updated_at")[:50],
            "published": mine.filter(status=codes.OfferStatus.PUBLISHED).order_by("title")[:200],
        },
    )


urlpatterns = [path("", dashboard, name="dashboard")]
