"""What the offer page shows of sign-up in Mestring for a run: seats left and the button."""

from django import template
from django.db.models import Count
from django.utils import timezone

from .. import rules, services
from ..models import HOLDS_SEAT, Mode, Relation, RunSignup, SignUp, Status

register = template.Library()


def _states(offer) -> dict[int, dict]:
    """Sign-up state of every run of the offer, in two queries, kept on the offer."""
    cached = getattr(offer, "_signup_states", None)
    if cached is not None:
        return cached
    runs = {run.pk: run for run in offer.runs.all()}
    settings = RunSignup.objects.filter(run_id__in=runs, mode=Mode.INTERNAL)
    taken = dict(
        SignUp.objects.filter(run_id__in=runs, status__in=HOLDS_SEAT)
        .values_list("run_id")
        .annotate(n=Count("pk"))
    )
    now = timezone.now()
    states = {}
    for s in settings:
        run = runs[s.run_id]
        states[s.run_id] = {
            "state": services.state(run, s, now),
            "seats_left": rules.seats_left(taken.get(s.run_id, 0), s.capacity),
            "capacity": s.capacity,
            "opens_at": s.opens_at,
        }
    offer._signup_states = states
    return states


@register.simple_tag
def signup_state(offer, run) -> dict | None:
    """None when the run's sign-up is external (the offer's link, e-mail or phone)."""
    return _states(offer).get(run.pk)


@register.simple_tag
def expected_attendance(run) -> list[tuple[str, int]] | None:
    """Confirmed sign-ups per relation, for the attendance form (counts only)."""
    if not RunSignup.objects.filter(run=run, mode=Mode.INTERNAL).exists():
        return None
    found = services.counts(run)
    return [
        (label, found.get((Status.CONFIRMED, relation), 0)) for relation, label in Relation.choices
    ]
