"""«Mitt arbeid»: what needs doing next, for the organisations the user works for."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from mestring.accounts.access import member_required
from mestring.accounts.permissions import agreement_parties, grants
from mestring.catalogue.models import Organisation
from mestring.collaboration.queries import agreements_due_for_revision

from .. import work

# Each section shows at most this many items; the rest are a count.
SECTION_SIZE = 50


@member_required
def dashboard(request):
    g, today = grants(request.user), timezone.localdate()
    missing = work.missing_attendance(request.user, today)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "section": "dashboard",
            "organisations": Organisation.objects.filter(pk__in=g.reader_of).order_by("name"),
            "starting_soon": work.starting_soon(request.user, today)[:SECTION_SIZE],
            "missing": missing[:SECTION_SIZE],
            "missing_more": max(len(missing) - SECTION_SIZE, 0),
            "drafts": work.drafts(request.user, today)[:SECTION_SIZE],
            "unconfirmed": work.unconfirmed(request.user, today)[:SECTION_SIZE],
            "published": work.my_offers(request.user).published().order_by("title")[:200],
            "agreements_due": _agreements_due(g, today, request.user),
        },
    )


def _agreements_due(g, today, user=None):
    """For administrators all agreements; for editors of a party (the hospital trust or a
    municipality of the agreement) their own; else None."""
    if g.administrator:
        return agreements_due_for_revision(today)[:SECTION_SIZE]
    parties = agreement_parties(user)
    if not parties:
        return None
    return agreements_due_for_revision(
        today, health_trusts=parties.trusts, municipalities=parties.municipalities
    )[:SECTION_SIZE]


urlpatterns = [path("", dashboard, name="dashboard")]
