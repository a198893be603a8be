"""The search index equals a fresh build after every kind of write, and can be rebuilt."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict

from mestring.catalogue import lifecycle
from mestring.catalogue.models import Offer, OfferCode, SearchDocument, SearchSlot
from mestring.catalogue.search import OfferFilters, index, run, search_offers
from mestring.exchange.importer import import_files
from mestring.exchange.tests.files import write_json

from .factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db


def assert_in_step():
    assert index.drift() == {"mangler": [], "overflodig": [], "ulik": [], "ordlister": []}


def titles(query: str, params: str = "") -> list[str]:
    filters, _errors = OfferFilters.from_query(QueryDict(params))
    return [offer.title for offer in search_offers(query, filters)]


def test_every_single_write_keeps_the_index_in_step(refdata):
    lms = make_organisation(name="LMS Tromsø", municipality_id="5501")
    partner = make_organisation(name="Diabetesforbundet", type="brukerorganisasjon")
    offer = make_offer(title="Kurs om blodsukker", responsible=lms, status="utkast")
    assert_in_step()
    assert not SearchDocument.objects.filter(offer=offer).exists()

    offer.status = "publisert"
    offer.save()
    assert titles("blodsukker") == ["Kurs om blodsukker"]

    offer.title = "Diabeteskurs"
    offer.save()
    assert titles("diabetes") == ["Diabeteskurs"]
    assert titles("blodsukker") == []

    code = OfferCode.objects.create(offer=offer, field="diagnoser", code="kreft")
    assert titles("kreft") == ["Diabeteskurs"]
    code.delete()
    assert titles("kreft") == []
    assert_in_step()

    run = make_run(offer, municipality_id="1804", start=date.today() + timedelta(days=3))
    assert titles("", "kommune=1804") == ["Diabeteskurs"]
    run.municipality_id = "5001"
    run.save()
    assert titles("", "kommune=1804") == []
    assert titles("", "kommune=5001") == ["Diabeteskurs"]
    run.status = "avlyst"
    run.save()
    assert not SearchSlot.objects.filter(offer_id=offer.pk).exists()
    run.delete()
    assert_in_step()

    offer.co_organisers.add(partner)
    assert titles("diabetesforbundet") == ["Diabeteskurs"]
    partner.name = "Diabetesforbundet Troms"
    partner.save()
    assert titles("troms") == ["Diabeteskurs"]
    offer.co_organisers.remove(partner)
    assert titles("diabetesforbundet") == []

    lms.name = "Lærings- og mestringssenteret UNN"
    lms.save()
    assert titles("unn") == ["Diabeteskurs"]
    assert_in_step()

    offer.status = "arkivert"
    offer.save()
    assert titles("diabetes") == []
    offer.status = "publisert"
    offer.save()
    offer.delete()
    assert SearchDocument.objects.count() == 0
    assert_in_step()


def test_bulk_writers_keep_the_index_in_step(refdata, tmp_path):
    original = make_offer(title="Mestringskurs for pårørende", codes={"fagfelt": ["rus"]})
    copy = lifecycle.copy(original, date.today())
    copy.status = "publisert"
    copy.save()
    assert_in_step()

    lists = {
        "tilbydere": [{"id": "lms-b", "navn": "LMS Bergen", "type": "lms", "region": "helse_vest"}],
        "tilbud": [
            {
                "id": original.external_id,
                "tittel": "Hjerteskole",
                "ansvarlig": "lms-b",
                "hovedtematikk": "tvers_av_diagnoser",
                "fagfelt": ["somatikk"],
                "sprak": ["nb"],
                "status": "publisert",
            }
        ],
        "gjennomforinger": [
            {
                "id": "gj-1",
                "tilbud": original.external_id,
                "start": (date.today() + timedelta(days=10)).isoformat(),
                "kommunenummer": "4601",
                "status": "planlagt",
            }
        ],
    }
    import_files([write_json(tmp_path / "tilbud.json", lists)])
    assert_in_step()
    assert titles("hjerteskole", "kommune=4601") == ["Hjerteskole"]


def test_the_demo_generator_indexes_what_it_writes(refdata):
    call_command("demo", "--scale", "mini", stdout=io.StringIO(), stderr=io.StringIO())
    published = Offer.objects.filter(status="publisert").count()
    assert SearchDocument.objects.count() == published > 0
    assert_in_step()


def test_reindex_and_check_commands(refdata):
    make_offer(title="Søvnskole")
    SearchDocument.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("search", "kontroller", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search", "reindex", stdout=out, stderr=io.StringIO())
    assert "1 publiserte tilbud" in out.getvalue()
    call_command("search", "kontroller", stdout=io.StringIO())
    assert titles("søvn") == ["Søvnskole"]


def test_a_started_run_leaves_the_next_dates_when_refreshed(refdata):
    offer = make_offer(title="Astmaskole")
    make_run(offer, start=date.today() + timedelta(days=1))
    tomorrow = date.today() + timedelta(days=2)
    assert index.refresh_stale(today=tomorrow) == 1
    document = SearchDocument.objects.get(offer=offer)
    assert document.next_start is None
    assert not SearchSlot.objects.filter(offer_id=offer.pk).exists()


def test_long_and_hostile_questions_are_bounded(refdata):
    make_offer(title="Diabeteskurs")
    found = run("ab " * 500 + "diabetes", OfferFilters())
    assert len(found.reading.concepts) <= 8
    found = run("\x00'\"();:*|&!<->~", OfferFilters())
    assert found.count() >= 0
    assert run("diabetes " * 100, OfferFilters()).count() >= 0


def test_pathway_writes_keep_the_index_in_step_and_filter(refdata, client):
    from mestring.collaboration.models import OfferPathway
    from mestring.collaboration.pathways import load_pathways

    load_pathways()
    breast = make_offer(title="Kurs etter brystkreft")
    stroke = make_offer(title="Livet etter hjerneslag")
    make_offer(title="Diabeteskurs")
    link = OfferPathway.objects.create(offer=breast, pathway_id="kreft_bryst", phase="overgang")
    OfferPathway.objects.create(offer=breast, pathway_id="kreft_bryst", phase="etter_behandling")
    assert_in_step()
    assert titles("", "pasientforlop=kreft_bryst") == ["Kurs etter brystkreft"]
    OfferPathway.objects.create(offer=stroke, pathway_id="hjerneslag", phase="for_behandling")
    assert titles("", "pasientforlop=kreft_bryst&pasientforlop=hjerneslag") == [
        "Kurs etter brystkreft",
        "Livet etter hjerneslag",
    ]
    # One of two phases removed: still in the pathway; both removed: out.
    link.delete()
    assert titles("", "pasientforlop=kreft_bryst") == ["Kurs etter brystkreft"]
    OfferPathway.objects.filter(offer=breast).delete()
    assert titles("", "pasientforlop=kreft_bryst") == []
    assert_in_step()
    # A rebuild gives the same index.
    OfferPathway.objects.create(offer=breast, pathway_id="kreft_bryst", phase="overgang")
    index.rebuild()
    assert_in_step()
    assert titles("", "pasientforlop=kreft_bryst") == ["Kurs etter brystkreft"]
    # Unknown codes are named, on the results page and in the API.
    _filters, errors = OfferFilters.from_query(QueryDict("pasientforlop=finnes_ikke"))
    assert errors and errors[0]["felt"] == "pasientforlop"
    api = client.get("/api/v1/tilbud", {"pasientforlop": "kreft_bryst"}).json()
    assert [r["tittel"] for r in api["resultater"]] == ["Kurs etter brystkreft"]
    assert client.get("/api/v1/tilbud", {"pasientforlop": "finnes_ikke"}).status_code == 400
    # The results page offers the pathway as a filter with its count, and keeps it ticked.
    page = client.get("/tilbud/", {"pasientforlop": "kreft_bryst"}).content.decode()
    assert "Pasientforløp" in page and "Pakkeforløp for brystkreft" in page
    assert 'value="kreft_bryst" checked' in page
    assert "Livet etter hjerneslag" not in page


def test_offers_deleted_with_their_pathways_leave_no_index(refdata):
    from mestring.collaboration.models import OfferPathway
    from mestring.collaboration.pathways import load_pathways

    load_pathways()
    offer = make_offer(title="Kurs etter brystkreft")
    OfferPathway.objects.create(offer=offer, pathway_id="kreft_bryst", phase="overgang")
    offer.delete()
    assert_in_step()
    assert SearchDocument.objects.count() == 0


def test_age_groups_are_tagged_without_their_years_and_older_indexes_follow(refdata):
    from importlib import import_module

    from django.apps import apps

    from mestring.catalogue.models import SearchText

    adults = make_offer(title="Kurs for partnere", age_group="voksne")
    make_offer(title="Trygg og aktiv", age_group="eldre")
    # «eldre» read as a word of the text, not as the age group it names.
    assert titles("eldre", "bokstavelig=eldre") == ["Trygg og aktiv"]
    # An index written before the years were left out, as migration 0013 found it.
    text = SearchText.objects.get(document_id=adults.pk)
    assert "voksne" in text.tags.split() and "eldre" not in text.tags.split()
    old_tags = text.tags.replace("voksne", "voksne 18 år eller eldre", 1)
    body = text.text[len(text.title) + len(text.tags) + 2 :]
    SearchText.objects.filter(pk=text.pk).update(
        tags=old_tags, text=f"{text.title} {old_tags} {body}"
    )
    assert set(titles("eldre", "bokstavelig=eldre")) == {"Trygg og aktiv", "Kurs for partnere"}
    import_module("mestring.catalogue.migrations.0013_age_group_tags").shorten(apps, None)
    assert_in_step()
    assert titles("eldre", "bokstavelig=eldre") == ["Trygg og aktiv"]
