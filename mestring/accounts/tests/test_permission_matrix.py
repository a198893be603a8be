"""Every role × organisation relation × action, in the permission layer, the workspace
views and the API. The expected answers are written out by hand, row by row.

Organisations: P (the member's own LMS), C (a clinic under P), Q (another LMS whose offer
has P as co-organiser), O (an unrelated LMS). Every offer is a draft, so that seeing it
is a privilege; each has one run.
"""

import pytest
from django.urls import reverse

from mestring.accounts.models import Membership
from mestring.accounts.permissions import Action, can_offer, can_run, offers
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Offer
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db

RELATIONS = ("own", "child", "co", "other")
ACTIONS = ("view", "edit", "publish", "delete", "export")
Y, N = True, False
# role: {relation: (view, edit, publish, delete, export)}
EXPECTED = {
    "redaktor": {
        "own": (Y, Y, Y, Y, Y),
        "child": (Y, Y, Y, Y, Y),
        "co": (Y, N, N, N, N),
        "other": (N, N, N, N, N),
    },
    "leser": {
        "own": (Y, N, N, N, Y),
        "child": (Y, N, N, N, Y),
        "co": (Y, N, N, N, N),
        "other": (N, N, N, N, N),
    },
    "analytiker": {  # drafts are not statistics; analysts export everything, edit nothing
        "own": (N, N, N, N, Y),
        "child": (N, N, N, N, Y),
        "co": (N, N, N, N, Y),
        "other": (N, N, N, N, Y),
    },
    "administrator": dict.fromkeys(RELATIONS, (Y, Y, Y, Y, Y)),
    "anonym": dict.fromkeys(RELATIONS, (N, N, N, N, N)),
}
CASES = [
    (role, relation, action, EXPECTED[role][relation][i])
    for role in EXPECTED
    for relation in RELATIONS
    for i, action in enumerate(ACTIONS)
]


@pytest.fixture
def world(refdata, django_user_model):
    p = make_organisation(external_id="p")
    c = make_organisation(external_id="c", type="klinikk", parent=p)
    q = make_organisation(external_id="q")
    o = make_organisation(external_id="o")
    drafts = {
        "own": make_offer(external_id="tilbud-own", responsible=p, status="utkast"),
        "child": make_offer(external_id="tilbud-child", responsible=c, status="utkast"),
        "co": make_offer(
            external_id="tilbud-co", responsible=q, status="utkast", co_organisers=[p]
        ),
        "other": make_offer(external_id="tilbud-other", responsible=o, status="utkast"),
    }
    for relation, offer in drafts.items():
        make_run(offer, external_id=f"gj-{relation}", sessions=2)
    users = {"anonym": None}
    for role in ("redaktor", "leser", "analytiker", "administrator"):
        user = django_user_model.objects.create_user(role, password="x")  # noqa: S106
        organisation = p if role in ("redaktor", "leser") else None
        Membership.objects.create(user=user, role=role, organisation=organisation)
        users[role] = user
    return users, drafts


def _user(users, role):
    from django.contrib.auth.models import AnonymousUser

    return users[role] or AnonymousUser()


@pytest.mark.parametrize(("role", "relation", "action", "allowed"), CASES)
def test_permission_layer(world, role, relation, action, allowed):
    users, drafts = world
    user, offer = _user(users, role), drafts[relation]
    assert can_offer(user, Action(action), offer) is allowed
    assert can_run(user, Action(action), offer.runs.get()) is allowed
    assert offers(user, Action(action)).filter(pk=offer.pk).exists() is allowed


def _login(client, users, role):
    if role == "anonym":
        return
    if role in ("analytiker", "administrator"):
        login_verified(client, users[role])
    else:
        client.force_login(users[role])


def _request(client, action, offer):
    key = offer.external_id
    if action == "view":
        return client.get(reverse("workspace:offer-preview", args=[key]))
    if action == "edit":
        return client.get(reverse("workspace:offer-step", args=[key, 1]))
    if action == "publish":
        return client.post(reverse("workspace:offer-publish", args=[key]))
    if action == "delete":
        return client.post(reverse("workspace:offer-delete", args=[key]))
    run = offer.runs.get()
    return client.get(f"/api/v1/gjennomforinger/{run.external_id}/oppmote")


@pytest.mark.parametrize(("role", "relation", "action", "allowed"), CASES)
def test_views_and_api_follow_the_layer(client, world, role, relation, action, allowed):
    users, drafts = world
    offer = drafts[relation]
    _login(client, users, role)
    response = _request(client, action, offer)
    if role == "anonym":
        # The workspace sends visitors to the login page; the API answers 401.
        assert response.status_code in (302, 401)
        if response.status_code == 302:
            assert reverse("accounts:login") in response["Location"]
        assert Offer.objects.filter(pk=offer.pk, status="utkast").exists()
        return
    if role == "analytiker" and action != "export":
        # Analysts have no workspace: they read statistics.
        assert response.status_code == 403
        return
    if allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        assert response.status_code == 403
        assert Offer.objects.filter(pk=offer.pk, status="utkast").exists()
    if action == "delete":
        assert Offer.objects.filter(pk=offer.pk).exists() is not allowed
