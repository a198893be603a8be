"""The offer lifecycle services: publish, archive, delete a draft, copy, confirm."""

from datetime import date

import pytest

from mestring.catalogue import lifecycle
from mestring.catalogue.models import Offer, SearchDocument

from .factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 10)


def _reload(offer: Offer) -> Offer:
    return Offer.objects.get(pk=offer.pk)


def test_publishing_a_complete_draft_confirms_it(refdata):
    offer = make_offer(status="utkast", last_confirmed=None)
    assert lifecycle.missing_before_publishing(offer) == []
    lifecycle.publish(offer, TODAY)
    offer = _reload(offer)
    assert offer.status == "publisert" and offer.last_confirmed == TODAY


def test_the_core_rules_stop_an_incomplete_draft(refdata):
    offer = make_offer(status="utkast", main_theme="spesifikk_diagnose")  # but no diagnoses
    with pytest.raises(lifecycle.NotReady) as refused:
        lifecycle.publish(offer, TODAY)
    assert [problem.field for problem in refused.value.missing] == ["diagnoser"]
    assert _reload(offer).status == "utkast"


def test_a_callers_check_decides_too(refdata):
    offer = make_offer(status="utkast")
    with pytest.raises(lifecycle.NotReady) as refused:
        lifecycle.publish(offer, TODAY, check=lambda o: ["steg 1: tittel"])
    assert refused.value.missing == ["steg 1: tittel"]
    assert _reload(offer).status == "utkast"


def test_only_published_offers_are_archived(refdata):
    published, draft = make_offer(), make_offer(status="utkast")
    lifecycle.archive(published, TODAY)
    assert _reload(published).status == "arkivert"
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.archive(draft, TODAY)
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.archive(_reload(published), TODAY)
    assert _reload(draft).status == "utkast"


@pytest.mark.parametrize("status", ["publisert", "arkivert"])
def test_only_drafts_are_deleted(refdata, status):
    offer = make_offer(status=status)
    assert not lifecycle.is_deletable(offer)
    with pytest.raises(lifecycle.NotAllowed):
        lifecycle.delete_draft(offer)
    assert Offer.objects.filter(pk=offer.pk).exists()


def test_a_draft_is_deleted_with_its_runs(refdata):
    offer = make_offer(status="utkast")
    make_run(offer)
    lifecycle.delete_draft(offer)
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_a_copy_is_a_draft_with_codes_and_co_organisers_but_no_runs(refdata):
    partner = make_organisation()
    original = make_offer(codes={"diagnoser": ["diabetes"]}, co_organisers=[partner])
    make_run(original)
    duplicate = lifecycle.copy(original, TODAY)
    assert duplicate.pk != original.pk and duplicate.external_id != original.external_id
    assert duplicate.title == f"Kopi av {original.title}"
    assert duplicate.status == "utkast" and duplicate.last_confirmed == TODAY
    assert duplicate.codes_for("diagnoser") == ["diabetes"]
    assert list(duplicate.co_organisers.all()) == [partner]
    assert not duplicate.runs.exists()
    assert not SearchDocument.objects.filter(offer=duplicate).exists()  # drafts are not found


def test_confirming_touches_only_the_date(refdata):
    offer = make_offer(last_confirmed=date(2020, 1, 1))
    lifecycle.confirm(offer, TODAY)
    offer = _reload(offer)
    assert offer.last_confirmed == TODAY and offer.status == "publisert"


def test_new_ids_are_readable_and_unique():
    first = lifecycle.new_external_id("Lær å mestre KOLS")
    assert first.startswith("laer-a-mestre-kols-")
    assert lifecycle.new_external_id("").startswith("tilbud-")
