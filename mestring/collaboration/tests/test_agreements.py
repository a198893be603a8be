"""Agreements both parties hold: permissions, confirmation, ties, activity and reminders,
all on hand-made data."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mestring.accounts.models import Membership
from mestring.accounts.permissions import Action, agreement_parties, can_agreement
from mestring.accounts.tests.helpers import login_verified
from mestring.activity.models import Attendance
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration import activity, queries, rules, services
from mestring.collaboration.models import Confirmation, TiedOffer, TiedRun
from mestring.refdata.models import HealthTrust

from .factories import make_agreement

pytestmark = pytest.mark.django_db

INNLANDET = "983971709"


@pytest.fixture
def orgs(refdata):
    hf = Organisation.objects.get(external_id=f"hf-{INNLANDET}")
    return {
        "hf": hf,
        "lms": make_organisation(name="LMS Innlandet", parent=hf),
        "hamar": make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403"),
        "ringsaker": make_organisation(
            name="Ringsaker kommune", type="kommune", municipality_id="3411"
        ),
        "frisk": make_organisation(
            name="Frisklivssentralen Hamar", type="frisklivssentral", municipality_id="3403"
        ),
    }


@pytest.fixture
def agreement(orgs):
    return make_agreement(
        HealthTrust.objects.get(orgnr=INNLANDET),
        municipalities=["3403", "3405"],
        sub_agreements=["delavtale_2", "delavtale_10"],
        signed=date(2021, 3, 1),
    )


def editor(django_user_model, name, organisation):
    user = django_user_model.objects.create_user(name, password="x")
    Membership.objects.create(user=user, role="redaktor", organisation=organisation)
    return user


def test_editors_of_each_party_may_edit_and_others_not(orgs, agreement, django_user_model):
    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    trust = editor(django_user_model, "hf", orgs["hf"])
    lms = editor(django_user_model, "lms", orgs["lms"])  # under the trust, not the trust
    ringsaker = editor(django_user_model, "ringsaker", orgs["ringsaker"])  # not a party
    frisk = editor(django_user_model, "frisk", orgs["frisk"])  # not the municipality itself
    assert agreement_parties(hamar).municipalities == {"3403"}
    assert agreement_parties(trust).trusts == {INNLANDET}
    assert can_agreement(hamar, Action.EDIT, agreement)
    assert can_agreement(trust, Action.EDIT, agreement)
    for user in (lms, ringsaker, frisk):
        assert not can_agreement(user, Action.EDIT, agreement), user.username
        assert can_agreement(user, Action.VIEW, agreement)


def test_a_municipality_editor_confirms_and_a_revision_asks_again(
    orgs, agreement, django_user_model
):
    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    assert services.confirm(agreement, hamar, date(2025, 1, 10)) == ["3403"]
    statuses = {p.key: p for p in rules.party_statuses(agreement, agreement.confirmations.all())}
    assert list(statuses) == [INNLANDET, "3403", "3405"]
    assert statuses["3403"].confirmed_on == date(2025, 1, 10)
    assert not statuses[INNLANDET].confirmed and not statuses["3405"].confirmed
    confirmation = Confirmation.objects.get()
    assert (confirmation.municipality_id, confirmation.confirmed_by) == ("3403", hamar)
    assert confirmation.revision == date(2021, 3, 1)

    agreement.last_revised = date(2025, 6, 1)
    agreement.save()
    statuses = {p.key: p for p in rules.party_statuses(agreement, agreement.confirmations.all())}
    assert not statuses["3403"].confirmed
    assert statuses["3403"].outdated_on == date(2025, 1, 10)
    services.confirm(agreement, hamar, date(2025, 6, 2))
    assert Confirmation.objects.get().revision == date(2025, 6, 1)  # one row, updated

    ringsaker = editor(django_user_model, "ringsaker", orgs["ringsaker"])
    with pytest.raises(PermissionDenied):
        services.confirm(agreement, ringsaker, date(2025, 6, 2))


def test_tying_needs_a_party_the_offer_and_one_of_the_agreements_sub_agreements(
    orgs, agreement, django_user_model
):
    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    own = make_offer(title="Diabetesskolen", responsible=orgs["hamar"])
    hospital = make_offer(title="Hjerteskolen", responsible=orgs["lms"])
    tie = services.tie_offer(agreement, own, hamar, "delavtale_2")
    assert (tie.offer, tie.sub_agreement) == (own, "delavtale_2")
    assert list(agreement.offers.all()) == [own]
    with pytest.raises(PermissionDenied):
        services.tie_offer(agreement, hospital, hamar)  # not the editor's offer
    with pytest.raises(ValidationError):
        services.tie_offer(agreement, own, hamar, "delavtale_5")  # not in the agreement
    run = make_run(own, start=date(2024, 2, 1))
    services.tie_run(agreement, run, hamar, "delavtale_10")
    assert list(agreement.runs.all()) == [run]
    services.untie(agreement, hamar, offer=own)
    assert not TiedOffer.objects.exists() and TiedRun.objects.count() == 1


def attend(run, patients, relatives=0):
    Attendance.objects.create(run=run, patients=patients, relatives=relatives)


def test_activity_per_year_matches_a_hand_count(orgs, agreement):
    """Hand count: offer A tied (3 runs: 2023 with 4 sessions and 12+3 people, 2024 with 2
    sessions and 6 people, one cancelled 2024 run); run B1 of offer B tied alone (2024,
    3 sessions, 2 people), run B2 not tied. 2023: 1 run, 4 sessions, 15 participants;
    2024: 2 runs, 5 sessions, 8 participants; total 3 runs, 9 sessions, 23."""
    a = make_offer(title="A", responsible=orgs["lms"], co_organisers=[orgs["hamar"]])
    b = make_offer(title="B", responsible=orgs["frisk"])
    a1 = make_run(a, start=date(2023, 3, 1), sessions=4, status="gjennomfort")
    a2 = make_run(a, start=date(2024, 3, 1), sessions=2, status="gjennomfort")
    a3 = make_run(a, start=date(2024, 9, 1), sessions=2, status="avlyst")
    b1 = make_run(b, start=date(2024, 5, 1), sessions=3, status="gjennomfort")
    b2 = make_run(b, start=date(2024, 6, 1), sessions=5, status="gjennomfort")
    attend(a1, 12, 3)
    attend(a2, 6)
    attend(a3, 9)
    attend(b1, 2)
    attend(b2, 30)
    TiedOffer.objects.create(agreement=agreement, offer=a)
    TiedRun.objects.create(agreement=agreement, run=b1)
    TiedRun.objects.create(agreement=agreement, run=a1)  # tied twice, counted once

    rows = activity.per_year(agreement, exact=True)
    counts = [(r.year, r.runs, r.sessions, r.participants) for r in rows]
    assert counts == [(2023, 1, 4, 15), (2024, 2, 5, 8), ("i_alt", 3, 9, 23)]
    parties = {r.year: r.parties for r in rows}
    assert parties[2023] == ("Sykehuset Innlandet HF", "Hamar")
    assert parties[2024] == ("Sykehuset Innlandet HF", "Hamar")  # B's healthy-life centre
    public = {r.year: r.participants_shown for r in activity.per_year(agreement)}
    # 2024's 8 is above the threshold but 2023 + 2024 = total; nothing small here.
    assert public == {2023: "15", 2024: "8", "i_alt": "23"}
    attend(make_run(b, start=date(2025, 1, 5), sessions=1, status="gjennomfort"), 3)
    TiedOffer.objects.create(agreement=agreement, offer=b)
    public = {r.year: r.participants_shown for r in activity.per_year(agreement)}
    # Now B2 (30) counts too; 2025 has 3 people: hidden, and one more so it cannot be
    # worked out from the total.
    assert public[2025] == "<5"
    assert "x" in public.values()


def test_both_parties_get_the_revision_reminder(orgs, agreement, client, django_user_model):
    due = queries.agreements_due_for_revision(date(2025, 3, 1), municipalities=["3405"])
    assert due == [agreement]
    assert queries.agreements_due_for_revision(date(2025, 3, 1), municipalities=["3411"]) == []
    for name, organisation in (("hamar", orgs["hamar"]), ("hf", orgs["hf"])):
        user = editor(django_user_model, name, organisation)
        login_verified(client, user)
        page = client.get(reverse("workspace:dashboard")).content.decode()
        assert "Avtaler som ikke er revidert på to år" in page, name
        assert reverse("collaboration:agreement", args=[agreement.external_id]) in page
    other = editor(django_user_model, "ringsaker", orgs["ringsaker"])
    login_verified(client, other)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Alle samarbeidsavtalene er revidert de siste to årene." in page
    assert reverse("collaboration:agreement", args=[agreement.external_id]) not in page


def test_the_municipality_page_and_its_forms(orgs, agreement, client, django_user_model):
    own = make_offer(title="Diabetesskolen i Hamar", responsible=orgs["hamar"])
    make_offer(title="Leve med KOLS", responsible=orgs["lms"])
    url = reverse("collaboration:municipality", args=["3403"])
    page = client.get(url).content.decode()
    assert "Hamar kommune" in page
    assert "Helsefellesskapet" in page or "ikke knyttet til et helsefellesskap" in page
    assert "Leve med KOLS" in page and "Diabetesskolen i Hamar" in page
    assert "Ikke bekreftet" in page
    assert "Bekreft avtalen" not in page  # not logged in

    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    login_verified(client, hamar)
    page = client.get(url).content.decode()
    assert "Bekreft avtalen" in page
    agreement_id = agreement.external_id
    response = client.post(
        reverse("collaboration:agreement-confirm", args=[agreement_id]), {"next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    prefix = f"avtale{agreement.pk}"
    response = client.post(
        reverse("collaboration:agreement-tie", args=[agreement_id]),
        {f"{prefix}-offer": own.external_id, f"{prefix}-sub_agreement": "delavtale_2", "next": url},
    )
    assert response.status_code == 302
    assert TiedOffer.objects.get().offer == own
    page = client.get(url).content.decode()
    assert "Bekreftet" in page and "Tilbudet er knyttet til avtalen." in page
    # An offhost "next" is not followed.
    response = client.post(
        reverse("collaboration:agreement-confirm", args=[agreement_id]),
        {"next": "https://example.com/"},
    )
    assert response["Location"] == reverse("collaboration:agreement", args=[agreement_id])

    other = editor(django_user_model, "ringsaker", orgs["ringsaker"])
    login_verified(client, other)
    assert (
        client.post(reverse("collaboration:agreement-confirm", args=[agreement_id])).status_code
        == 403
    )


def test_a_municipality_editor_registers_an_agreement(orgs, client, django_user_model):
    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    login_verified(client, hamar)
    form = {
        "title": "Samarbeidsavtale Hamar",
        "health_trust": INNLANDET,
        "municipalities": ["3405"],
        "sub_agreements": ["delavtale_2"],
        "signed": "2024-02-01",
    }
    response = client.post(reverse("collaboration:agreement-new"), form)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Du må være redaktør for helseforetaket eller for en av kommunene" in page
    form["municipalities"] = ["3403", "3405"]
    response = client.post(reverse("collaboration:agreement-new"), form)
    assert response.status_code == 302
    created = orgs["hamar"].municipality.agreements.get()
    assert created.external_id == f"avtale-{created.pk}"
    assert response["Location"] == reverse("collaboration:agreement", args=[created.external_id])
    page = client.get(response["Location"]).content.decode()
    assert "Samarbeidsavtale Hamar" in page and "Aktivitet per år" in page


def _page_queries(client, url) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_municipality_page_reads_a_fixed_number_of_queries(
    orgs, agreement, client, django_user_model
):
    """As offers, agreements and ties grow, the page reads no more: it asks the database
    for the first offers of each list and cell and for counts, not for every offer."""
    url = reverse("collaboration:municipality", args=["3403"])
    hamar = editor(django_user_model, "hamar", orgs["hamar"])
    trust = HealthTrust.objects.get(orgnr=INNLANDET)

    def grow(start: int, count: int) -> None:
        for number in range(start, start + count):
            make_offer(
                title=f"Sykehuskurs {number:03}",
                responsible=orgs["lms"],
                main_target_group="pasient",
                codes={"diagnoser": ["diabetes", "kreft"]},
            )
            own = make_offer(
                title=f"Kommunekurs {number:03}",
                responsible=orgs["hamar"],
                main_target_group="parorende_voksne",
                codes={"diagnoser": ["diabetes"]},
            )
            own.co_organisers.add(orgs["lms"])
            extra = make_agreement(trust, municipalities=["3403"], signed=date(2022, 1, 1))
            services.tie_offer(extra, own, hamar)
            make_run(own, start=date(2025, 1, 1))

    grow(0, 2)
    few_anonymous, _page = _page_queries(client, url)
    login_verified(client, hamar)
    few_editor, _page = _page_queries(client, url)
    client.logout()
    grow(2, 58)
    many_anonymous, page = _page_queries(client, url)
    login_verified(client, hamar)
    many_editor, _page = _page_queries(client, url)
    assert (many_anonymous, many_editor) == (few_anonymous, few_editor)
    # What it shows of 60 offers per level: the count, the first 50, and per cell 5 + the rest.
    assert "Publiserte tilbud: 60 fra sykehusene og 60 fra kommunen." in page
    assert "Sykehuskurs 049" in page and "Sykehuskurs 050" not in page
    assert page.count("… og 10 til.") == 2  # the two level lists
    assert page.count("… og 55 til.") == 5  # pasient, pårørende, diabetes (2), kreft
