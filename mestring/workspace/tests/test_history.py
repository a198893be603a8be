"""History: revisions from edits and imports, the history page, restoring in the admin."""

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Offer, OfferCode
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.exchange.tests.files import write_csv_set
from mestring.workspace.history import changes

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(refdata):
    return make_organisation(external_id="lms-egen", name="LMS Egen")


@pytest.fixture
def editor(django_user_model, own):
    user = django_user_model.objects.create_user("redaktor", password="pw", first_name="Kari")
    Membership.objects.create(user=user, role="redaktor", organisation=own)
    return user


def edit(offer: Offer, user, comment: str, **values) -> None:
    with reversion.create_revision():
        for name, value in values.items():
            setattr(offer, name, value)
        offer.save()
        reversion.set_user(user)
        reversion.set_comment(comment)


def history_url(model: str, external_id: str) -> str:
    return reverse("workspace:history", args=[model, external_id])


def test_changes_lists_changed_fields_with_before_and_after():
    old = {"tittel": "A", "pris": "0", "språk": "bokmål"}
    new = {"tittel": "B", "pris": "0", "språk": None, "nivå": "lokal"}

    assert changes(old, new) == [
        ("tittel", "A", "B"),
        ("språk", "bokmål", None),
        ("nivå", None, "lokal"),
    ]
    assert changes(new, new) == []
    assert changes({"x": 1}, {}) == [("x", 1, None)]


def test_the_history_page_shows_every_change_newest_first(client, editor, own):
    offer = make_offer(external_id="t-1", title="Første tittel", responsible=own)
    edit(offer, editor, "Opprettet", status="utkast")
    edit(offer, editor, "Ny tittel", title="Andre tittel", requires_referral=True)
    edit(offer, editor, "Igjen", title="Tredje tittel", status="publisert")
    client.force_login(editor)

    page = client.get(history_url("tilbud", "t-1"))

    assert page.status_code == 200
    entries = page.context["entries"]
    assert [entry.revision.comment for entry in entries] == ["Igjen", "Ny tittel", "Opprettet"]
    assert ("tittel", "Andre tittel", "Tredje tittel") in entries[0].changes
    assert ("status", "Utkast", "Publisert") in entries[0].changes
    assert ("tittel", "Første tittel", "Andre tittel") in entries[1].changes
    assert ("krever henvisning", "nei", "ja") in entries[1].changes
    assert entries[2].first
    html = page.content.decode()
    assert "Kari" in html and "Tredje tittel" in html and "Før" in html
    assert html.index("Igjen") < html.index("Ny tittel")


def test_codes_written_in_bulk_after_saving_are_in_the_revision(editor, own):
    offer = make_offer(external_id="t-1", responsible=own, codes={"sprak": ["nb"]})

    with reversion.create_revision():
        offer.save()
        offer.codes.all().delete()
        OfferCode.objects.bulk_create([OfferCode(offer=offer, field="sprak", code="se")])

    version = Version.objects.get_for_object(offer).get()
    codes = Version.objects.filter(revision=version.revision).exclude(pk=version.pk)
    assert [v.field_dict["code"] for v in codes] == ["se"]


def test_runs_and_providers_have_history_pages(client, editor, own):
    run = make_run(make_offer(responsible=own), external_id="g-1", capacity=10, sessions=2)
    with reversion.create_revision():
        run.capacity = 12
        run.save()
    with reversion.create_revision():
        run.capacity = 14
        run.save()
        run.sessions.first().delete()
    with reversion.create_revision():
        own.phone = "22 11 80 80"
        own.save()
    client.force_login(editor)

    run_page = client.get(history_url("gjennomforing", "g-1"))
    provider_page = client.get(history_url("tilbyder", "lms-egen"))

    latest = {label: (a, b) for label, a, b in run_page.context["entries"][0].changes}
    assert latest["kapasitet"] == ("12", "14")
    assert latest["samlinger"][0].count(",") == 1 and "," not in latest["samlinger"][1]
    assert provider_page.status_code == 200
    assert len(provider_page.context["entries"]) == 1
    assert client.get(history_url("noe-annet", "g-1")).status_code == 404
    assert client.get(history_url("tilbud", "finnes-ikke")).status_code == 404


def test_history_is_for_those_who_may_see_the_object(client, django_user_model, editor, own):
    draft = make_offer(external_id="t-utkast", responsible=own, status="utkast")
    url = history_url("tilbud", draft.external_id)
    stranger = django_user_model.objects.create_user("annen", password="pw")
    Membership.objects.create(user=stranger, role="redaktor", organisation=make_organisation())
    outsider = django_user_model.objects.create_user("utenfor", password="pw")

    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_the_command_line_import_records_a_revision(client, editor, own, tmp_path):
    offer = make_offer(external_id="t-1", title="Gammel", responsible=own)
    lists = {
        "tilbud": [
            {
                "id": "t-1",
                "tittel": "Importert",
                "ansvarlig": "lms-egen",
                "hovedtematikk": "tvers_av_diagnoser",
                "sprak": "nb|se",
                "status": "publisert",
            }
        ]
    }
    edit(offer, editor, "Før importen")

    call_command("import_data", *map(str, write_csv_set(tmp_path, lists)), verbosity=0)
    client.force_login(editor)
    entries = client.get(history_url("tilbud", "t-1")).context["entries"]

    assert entries[0].revision.comment == "Import: tilbud.csv"
    assert entries[0].revision.user is None
    assert ("tittel", "Gammel", "Importert") in entries[0].changes
    assert ("språk", "norsk bokmål", "nordsamisk, norsk bokmål") in entries[0].changes


def test_an_administrator_restores_an_old_title_in_the_admin(client, django_user_model, own):
    admin = django_user_model.objects.create_superuser("admin", "a@example.no", "pw")
    offer = make_offer(external_id="t-1", title="Gammel tittel", responsible=own)
    edit(offer, admin, "Første")
    edit(offer, admin, "Andre", title="Ny tittel")
    first = Version.objects.get_for_object(offer).get(revision__comment="Første")
    login_verified(client, admin)

    history = client.get(reverse("admin:catalogue_offer_history", args=[offer.pk]))
    url = reverse("admin:catalogue_offer_revision", args=[offer.pk, first.pk])
    form_page = client.get(url)

    assert "Første" in history.content.decode() and url in history.content.decode()
    assert 'value="Gammel tittel"' in form_page.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Ny tittel"  # looking at an old version changes nothing

    response = client.post(url, admin_form_data(form_page))

    assert response.status_code == 302, response.content.decode()[:3000]
    offer.refresh_from_db()
    assert offer.title == "Gammel tittel"
    assert offer.codes_for("sprak") == ["nb"]
    latest = Version.objects.get_for_object(offer).first()
    assert latest.revision.user == admin and "Gjenopprettet" in latest.revision.comment


def admin_form_data(response) -> dict:
    """What the browser posts back: the admin form and inline formsets as shown."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = field.prepare_value(form[name].value())
        if value is not None:
            data[form.add_prefix(name)] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data
