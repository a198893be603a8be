"""Who may enter the provider pages (the workspace and the pages other rooms add to it), and
fetching offers and runs through the permission layer, for views."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from mestring.catalogue.models import Offer, Run

from .permissions import Action, can_offer, can_run, grants


def member_required(view):
    """Logged in with a role at a provider, or as administrator; others are refused."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        g = grants(request.user)
        if not (g.reader_of or g.administrator):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def offer_for(request, external_id: str, action: Action) -> Offer:
    """The offer, if the user may do `action` to it: 404 when unknown, 403 when not allowed."""
    offer = get_object_or_404(Offer.objects.select_related("responsible"), external_id=external_id)
    if not can_offer(request.user, action, offer):
        raise PermissionDenied
    return offer


def run_for(request, external_id: str, action: Action) -> Run:
    run = get_object_or_404(
        Run.objects.select_related("offer", "offer__responsible"), external_id=external_id
    )
    if not can_run(request.user, action, run):
        raise PermissionDenied
    return run
