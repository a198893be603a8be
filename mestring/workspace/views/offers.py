"""Offers in the workspace: the list, registering in five steps, preview and the state changes.

Every change goes through `offer_for` (the permission layer), is a POST, and counts as the
provider confirming the offer's information (`last_confirmed` = today).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import member_required, offer_for
from mestring.accounts.permissions import Action, can_offer, grants, offers
from mestring.catalogue import lifecycle
from mestring.catalogue.models import Offer
from mestring.catalogue.views.public import offer_page_context, offer_page_queryset

from .. import offer_forms

PER_PAGE = 50


def _allowed(user, offer: Offer) -> dict[str, bool]:
    return {
        "edit": can_offer(user, Action.EDIT, offer),
        "publish": can_offer(user, Action.PUBLISH, offer),
        "delete": can_offer(user, Action.DELETE, offer),
        "export": can_offer(user, Action.EXPORT, offer),
    }


def _next(request, default: str) -> str:
    """Back to where the button was (list or preview), never to another site."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # A path on this site only: anything else (a bare word) is not a place to go back to.
    return target if safe and target.startswith("/") else default


def _steps_check(user) -> lifecycle.Check:
    """Publishing from the workspace asks for everything its five steps ask for."""
    return lambda offer: offer_forms.missing(offer, user)


@member_required
def offer_list(request):
    g = grants(request.user)
    found = offers(request.user, Action.VIEW)
    if not g.administrator:
        own = Q(responsible_id__in=g.reader_of) | Q(co_organisers__in=g.reader_of)
        found = found.filter(own).distinct()
    # PostgreSQL cannot compare text with a NUL character; no title has one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if query:
        found = found.filter(
            Q(title__icontains=query)
            | Q(external_id__icontains=query)
            | Q(responsible__name__icontains=query)
        )
    found = found.select_related("responsible").order_by("title", "pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("side"))
    today = timezone.localdate()
    rows = [
        {
            "offer": offer,
            "unconfirmed": offer_forms.is_unconfirmed(offer, today),
            "can": _allowed(request.user, offer),
        }
        for offer in page
    ]
    context = {
        "section": "offers",
        "rows": rows,
        "page": page,
        "query": query,
        "can_create": bool(g.editor_of) or g.administrator,
    }
    return render(request, "workspace/offer_list.html", context)


@member_required
def offer_new(request):
    g = grants(request.user)
    if not (g.editor_of or g.administrator):
        raise PermissionDenied
    return _step(request, Offer(), 1)


@member_required
def offer_step(request, external_id: str, number: int):
    if not 1 <= number <= len(offer_forms.STEPS):
        raise Http404
    offer = offer_for(request, external_id, Action.EDIT)
    prefetch_related_objects([offer], "codes", "co_organisers")
    return _step(request, offer, number)


def _step_url(offer: Offer, number: int) -> str:
    return reverse("workspace:offer-step", args=[offer.external_id, number])


def _step(request, offer: Offer, number: int):
    form_class = offer_forms.step_form(number)
    # Worked out before a submitted form changes the instance in memory.
    incomplete = (
        {form.step_number for form, _label, _message in offer_forms.missing(offer, request.user)}
        if offer.pk
        else set()
    )
    heading = offer.title
    if request.method == "POST":
        form = form_class(request.POST, instance=offer, user=request.user)
        action = request.POST.get("handling", "neste")
        if action == "forrige" and offer.pk and not form.has_changed():
            return redirect(_step_url(offer, max(number - 1, 1)))
        if form.is_valid():
            offer = form.save(timezone.localdate())
            if action == "forrige":
                return redirect(_step_url(offer, max(number - 1, 1)))
            if action == "utkast":
                messages.success(request, _("«%(title)s» er lagret.") % {"title": offer.title})
                return redirect("workspace:offer-list")
            if number == len(offer_forms.STEPS):
                return redirect("workspace:offer-preview", offer.external_id)
            return redirect(_step_url(offer, number + 1))
    else:
        form = form_class(instance=offer, user=request.user)
    steps = [
        {
            "number": step.step_number,
            "title": step.step_title,
            "url": _step_url(offer, step.step_number) if offer.pk else "",
            "incomplete": step.step_number in incomplete,
        }
        for step in offer_forms.STEPS
    ]
    context = {
        "section": "offers",
        "form": form,
        "offer": offer,
        "heading": heading,
        "steps": steps,
        "last_step": number == len(offer_forms.STEPS),
    }
    return render(request, "workspace/offer_step.html", context)


@member_required
def offer_preview(request, external_id: str):
    return _preview(request, offer_for(request, external_id, Action.VIEW))


def _preview(request, offer: Offer, refused: bool = False):
    """The public offer page, as it will look, with what is missing before it can be published."""
    offer = offer_page_queryset().get(pk=offer.pk)
    public_url = reverse("catalogue:offer-detail", args=[offer.external_id])
    context = offer_page_context(offer, request.build_absolute_uri(public_url))
    context.update(
        {
            "preview_missing": lifecycle.missing_before_publishing(
                offer, _steps_check(request.user)
            ),
            "preview_refused": refused,
            "preview_can": _allowed(request.user, offer),
            "preview_url": reverse("workspace:offer-preview", args=[offer.external_id]),
            "preview_run_count": offer.runs.count(),
        }
    )
    return render(request, "workspace/offer_preview.html", context)


@member_required
@require_POST
def offer_publish(request, external_id: str):
    offer = offer_for(request, external_id, Action.PUBLISH)
    try:
        lifecycle.publish(offer, timezone.localdate(), _steps_check(request.user))
    except lifecycle.NotReady:
        return _preview(request, offer, refused=True)
    messages.success(request, _("«%(title)s» er publisert.") % {"title": offer.title})
    if not offer.runs.exists():
        # The preview then offers the next step: the first run.
        return redirect("workspace:offer-preview", offer.external_id)
    return redirect(_next(request, reverse("workspace:offer-list")))


@member_required
@require_POST
def offer_archive(request, external_id: str):
    offer = offer_for(request, external_id, Action.PUBLISH)
    try:
        lifecycle.archive(offer, timezone.localdate())
    except lifecycle.NotAllowed as refusal:
        messages.error(request, str(refusal))
    else:
        message = _("«%(title)s» er arkivert og vises ikke lenger i den offentlige oversikten.")
        messages.success(request, message % {"title": offer.title})
    return redirect(_next(request, reverse("workspace:offer-list")))


@member_required
def offer_delete(request, external_id: str):
    offer = offer_for(request, external_id, Action.DELETE)
    deletable = lifecycle.is_deletable(offer)
    if request.method == "POST" and deletable:
        title = offer.title
        lifecycle.delete_draft(offer)
        messages.success(request, _("Utkastet «%(title)s» er slettet.") % {"title": title})
        return redirect("workspace:offer-list")
    context = {
        "section": "offers",
        "offer": offer,
        "deletable": deletable,
        "run_count": offer.runs.count(),
    }
    status = 409 if request.method == "POST" else 200
    return render(request, "workspace/offer_delete.html", context, status=status)


@member_required
@require_POST
def offer_copy(request, external_id: str):
    offer = offer_for(request, external_id, Action.EDIT)
    duplicate = lifecycle.copy(offer, timezone.localdate())
    messages.success(
        request, _("Du arbeider nå med en kopi: «%(title)s».") % {"title": duplicate.title}
    )
    return redirect(_step_url(duplicate, 1))


@member_required
@require_POST
def offer_confirm(request, external_id: str):
    offer = offer_for(request, external_id, Action.EDIT)
    lifecycle.confirm(offer, timezone.localdate())
    messages.success(
        request,
        _("Takk! Du har bekreftet at opplysningene om «%(title)s» stemmer.")
        % {"title": offer.title},
    )
    return redirect(_next(request, reverse("workspace:offer-list")))


urlpatterns = [
    path("tilbud/", offer_list, name="offer-list"),
    path("tilbud/nytt/", offer_new, name="offer-new"),
    path("tilbud/<str:external_id>/steg/<int:number>/", offer_step, name="offer-step"),
    path("tilbud/<str:external_id>/forhandsvis/", offer_preview, name="offer-preview"),
    path("tilbud/<str:external_id>/publiser/", offer_publish, name="offer-publish"),
    path("tilbud/<str:external_id>/arkiver/", offer_archive, name="offer-archive"),
    path("tilbud/<str:external_id>/slett/", offer_delete, name="offer-delete"),
    path("tilbud/<str:external_id>/kopier/", offer_copy, name="offer-copy"),
    path("tilbud/<str:external_id>/bekreft/", offer_confirm, name="offer-confirm"),
]
