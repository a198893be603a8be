import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.exchange.exporters.core import export_data

pytestmark = pytest.mark.django_db
TODAY = "2026-11-22"


def kvalitet(*args) -> str:
    out = io.StringIO()
    call_command("kvalitet", "--today", TODAY, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def paid_offer(refdata):
    provider = make_organisation(external_id="lms-test", name="Lærings- og mestringssenteret, Test")
    offer = make_offer(
        external_id="tilbud-betalt",
        title="Hjerteskole",
        responsible=provider,
        price=Decimal("375"),
        price_note="Kurset er gratis.",
        contact_email="lms-test@example.no",
    )
    make_run(
        offer,
        start=date(2026, 12, 2),
        sessions=2,
        hour=18,
        address="Lærings- og mestringssenteret, Oslo",
    )
    return offer


def test_the_database_lists_what_each_provider_should_fix(paid_offer):
    with pytest.raises(
        CommandError, match=r"Fant 1 ting å rette \(antall tilbydere: 1\)"
    ) as raised:
        kvalitet()
    assert raised.value.returncode == 1


def test_the_report_names_provider_offer_and_field(paid_offer, capsys):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("kvalitet", "--today", TODAY, stdout=out)
    text = out.getvalue()
    assert "Lærings- og mestringssenteret, Test (lms-test)" in text
    assert "Hjerteskole (tilbud-betalt)" in text
    assert "pris_merknad: Prisen er 375 kr, men teksten sier «gratis»." in text


def test_files_are_checked_instead_of_the_database(paid_offer, tmp_path):
    path = tmp_path / "eksport.json"
    export_data("json", path)
    paid_offer.price_note = "Egenandel 375 kr."
    paid_offer.save()
    assert "Ingen funn" in kvalitet()
    with pytest.raises(CommandError, match="Fant 1 ting"):
        kvalitet(str(path))


def test_files_the_importer_would_refuse(refdata, tmp_path):
    path = tmp_path / "feil.json"
    path.write_text(
        '{"format": "lm-kjernedatasett", "versjon": 1, "tilbud": [{"id": "x", "pris": -1}]}',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="feil som importen ville avvist"):
        kvalitet(str(path))


def test_bad_day_is_refused(refdata):
    with pytest.raises(CommandError, match="--today"):
        kvalitet("--today", "22.11.2026")
