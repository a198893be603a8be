"""Public sign-up pages (no login, no JavaScript) and the provider's list of sign-ups."""

import csv
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import member_required
from mestring.accounts.permissions import grants
from mestring.catalogue.models import Run

from . import rules, services
from .forms import RunSignupForm, SignupForm
from .models import AccessLog, Mode, RunSignup, SignUp, Status

RATE_WINDOW_SECONDS = 600


def _public_run(offer_id: str, run_id: str) -> Run:
    return get_object_or_404(
        Run.objects.published().select_related(
            "offer__responsible", "municipality", "signup_settings"
        ),
        offer__external_id=offer_id,
        external_id=run_id,
        signup_settings__mode=Mode.INTERNAL,
    )


def _rate_limited(request) -> bool:
    """At most SIGNUP_RATE_LIMIT sign-ups per address in ten minutes. The address is kept
    only as a keyed hash, and only in the cache."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    key = f"signup-rate:{digest}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > settings.SIGNUP_RATE_LIMIT


def signup_form(request, external_id: str, run_id: str):
    run = _public_run(external_id, run_id)
    now = timezone.now()
    run_settings = run.signup_settings
    state = services.state(run, run_settings, now)
    left = rules.seats_left(services.seats_taken(run), run_settings.capacity)
    context = {
        "run": run,
        "offer": run.offer,
        "state": state,
        "seats_left": left,
        "retention_days": settings.SIGNUP_RETENTION_DAYS,
    }
    if state != rules.Window.OPEN:
        return render(request, "signup/form.html", context)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            context["form"] = form
            context["rate_limited"] = True
            return render(request, "signup/form.html", context, status=429)
        if form.is_robot():
            return render(request, "signup/sent.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                receipt = services.sign_up(
                    run,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    relation=data["relation"],
                    note=data["note"],
                    now=now,
                )
            except services.AlreadySignedUp:
                return _already(request, run, form, context)
            except services.SignupClosed:
                return render(request, "signup/form.html", {**context, "state": "stengt"})
            if receipt.signup.email:
                return render(request, "signup/sent.html", context)
            return redirect("signup:private", receipt.token)
    context["form"] = form
    return render(request, "signup/form.html", context)


def _already(request, run, form, context):
    """Refused kindly. For an e-mail address the page says no more than for a new sign-up
    (whether someone is signed up to a health course is nobody else's business); the
    address gets a new private link."""
    email = (form.cleaned_data.get("email") or "").strip().lower()
    if email:
        services.resend_link(run, email)
        return render(request, "signup/sent.html", context)
    context["form"] = form
    context["already"] = True
    return render(request, "signup/form.html", context)


def private(request, token: str):
    signup = services.find(token)
    if signup is None:
        return render(request, "signup/link_gone.html", status=404)
    context = {"signup": signup, "run": signup.run, "offer": signup.run.offer, "token": token}
    return render(request, "signup/private.html", context)


@require_POST
def cancel(request, token: str):
    signup = services.find(token)
    if signup is None:
        return render(request, "signup/link_gone.html", status=404)
    offer = signup.run.offer
    services.cancel(signup, timezone.now())
    return render(request, "signup/cancelled.html", {"offer": offer})


@require_POST
def accept(request, token: str):
    signup = services.find(token)
    if signup is None:
        raise Http404
    services.accept(signup, timezone.now())
    return redirect("signup:private", token)


def _editable_run(request, run_id: str) -> Run:
    """Sign-up lists are for editors at the offer's provider only (not administrators)."""
    run = get_object_or_404(Run.objects.select_related("offer__responsible"), external_id=run_id)
    if run.offer.responsible_id not in grants(request.user).editor_of:
        raise PermissionDenied
    return run


@member_required
def run_signups(request, run_id: str):
    run = _editable_run(request, run_id)
    run_settings, _created = RunSignup.objects.get_or_create(
        run=run, defaults={"capacity": run.capacity}
    )
    form = RunSignupForm(request.POST or None, instance=run_settings)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("signup:run-signups", run.external_id)
    signups = list(SignUp.objects.filter(run=run).exclude(status=Status.CANCELLED))
    AccessLog.objects.create(user=request.user, run=run, action=AccessLog.Action.VIEW)
    context = {
        "run": run,
        "offer": run.offer,
        "form": form,
        "signups": signups,
        "counts": services.count_table(run),
        "seats_taken": services.seats_taken(run),
    }
    return render(request, "signup/run_signups.html", context)


@member_required
def run_signups_csv(request, run_id: str):
    run = _editable_run(request, run_id)
    AccessLog.objects.create(user=request.user, run=run, action=AccessLog.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pameldinger-{run.external_id}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Status"),
            _("Deltar som"),
            _("Navn"),
            _("E-post"),
            _("Telefon"),
            _("Merknad"),
            _("Meldt på"),
        ]
    )
    for s in SignUp.objects.filter(run=run).exclude(status=Status.CANCELLED):
        when = timezone.localtime(s.created_at).strftime("%Y-%m-%d %H:%M")
        writer.writerow(
            [
                s.get_status_display(),
                s.get_relation_display(),
                s.name,
                s.email,
                s.phone,
                s.note,
                when,
            ]
        )
    return response
