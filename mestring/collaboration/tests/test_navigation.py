"""Every collaboration page can be reached by following links, as a person would: from the
public pages for everyone, and from the workspace for a municipal editor."""

import html
import re
from collections import deque
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration.communities import load_health_communities
from mestring.refdata.models import HealthTrust

from .factories import make_agreement

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]+)"')
SKIP = ("/static/", "/media/", "/api/", "/admin/", "/konto/", "/logg-ut/")
FOLLOW_ALL = {
    "catalogue:offer-detail",
    "catalogue:organisation-detail",
    "collaboration:trust",
    "collaboration:agreement",
}
PUBLIC_PAGES = {
    "collaboration:index",
    "collaboration:municipality",
    "collaboration:trust",
    "collaboration:agreement",
    "collaboration:pathways",
    "collaboration:equity",
    "collaboration:capacity",
    "collaboration:user-organisation",
}
EDITOR_PAGES = PUBLIC_PAGES | {
    "collaboration:agreement-new",
    "collaboration:agreement-edit",
    "workspace:collaboration-work:capacity",
    "workspace:collaboration-work:offer",
    "workspace:collaboration-work:interpreter",
}


def reachable(client, start: str, limit: int = 400) -> set[str]:
    """The view names of the pages reached from `start` by following links (paths only)."""
    seen, names, queue, visits = {start}, set(), deque([start]), {}
    while queue and len(seen) <= limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        names.add(resolve(path).view_name)
        for href in HREF.findall(response.content.decode()):
            target = urlsplit(html.unescape(href)).path
            if not target.startswith("/") or target.startswith(SKIP) or target in seen:
                continue
            try:
                name = resolve(target).view_name
            except Resolver404:
                continue
            # A few pages of each kind, except the few offers, providers and trusts.
            visits[name] = visits.get(name, 0) + 1
            if visits[name] > 3 and name not in FOLLOW_ALL:
                continue
            seen.add(target)
            queue.append(target)
    return names


@pytest.fixture
def site(refdata, django_user_model):
    load_health_communities()
    trust = HealthTrust.objects.get(orgnr="983971709")
    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    lms = make_organisation(name="LMS Innlandet", parent=hf)
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    make_organisation(name="Diabetesforbundet", type="brukerorganisasjon", external_id="dia")
    offer = make_offer(title="Diabetesskolen", responsible=hamar, user_organisations=["dia"])
    make_offer(title="Hjerteskolen", responsible=lms)
    make_run(offer, start=date(2026, 3, 2))
    make_agreement(trust, municipalities=["3403"], signed=date(2024, 1, 1))
    editor = django_user_model.objects.create_user("hamar", password="x")
    Membership.objects.create(user=editor, role="redaktor", organisation=hamar)
    return editor


def test_the_public_pages_reach_every_public_collaboration_page(client, site):
    assert PUBLIC_PAGES <= reachable(client, "/")


def test_a_municipal_editor_reaches_every_collaboration_page_from_the_workspace(client, site):
    login_verified(client, site)
    found = reachable(client, "/arbeid/")
    assert EDITOR_PAGES <= found, EDITOR_PAGES - found


def test_an_administrator_reaches_the_immigrant_population_page(client, site, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "x")
    login_verified(client, admin)
    found = reachable(client, "/arbeid/", limit=60)
    assert "workspace:collaboration-work:immigrant-population" in found
