import shutil
from datetime import date

import pytest
from django.core.management import call_command

from mestring.catalogue.models import Organisation
from mestring.refdata.loader import load_refdata
from mestring.refdata.models import County, District, HealthTrust, Municipality, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(settings, tmp_path):
    shutil.copytree(settings.REFDATA_DIR, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_load_gives_the_2024_division(source):
    load_refdata(source)
    assert Municipality.objects.count() == 357
    assert County.objects.count() == 15
    assert Region.objects.count() == 4
    assert HealthTrust.objects.count() == 23
    assert District.objects.count() == 25
    assert sum(Municipality.objects.values_list("population", flat=True)) == 5_550_203


def test_municipality_facts_come_from_the_files(source):
    load_refdata(source)
    kautokeino = Municipality.objects.get(number="5612")
    assert kautokeino.sami_name == "Guovdageaidnu"
    assert kautokeino.sami_area_language == "nordsamisk"
    assert kautokeino.county.name == "Finnmark"
    assert kautokeino.health_trust.name == "Finnmarkssykehuset HF"
    assert kautokeino.region_id == "helse_nord"
    assert kautokeino.population_date == date(2024, 1, 1)
    oslo = Municipality.objects.get(number="0301")
    assert oslo.health_trust is None
    assert oslo.districts.get(name="Frogner").health_trust.name == "Diakonhjemmet Sykehus AS"


def test_gulen_keeps_both_catchment_definitions(source):
    load_refdata(source)
    gulen = Municipality.objects.get(number="4635")
    assert gulen.health_trust.name == "Helse Bergen HF"
    assert gulen.health_trust_2024.name == "Helse Førde HF"


def test_sami_language_area_has_thirteen_municipalities(source):
    load_refdata(source)
    assert Municipality.objects.exclude(sami_area_language="").count() == 13


def test_second_load_changes_nothing(source):
    load_refdata(source)
    before = list(Municipality.objects.values())
    report = load_refdata(source)
    assert not report.changed
    assert list(Municipality.objects.values()) == before


def test_a_municipality_that_ceased_is_kept_and_marked_ended(source):
    load_refdata(source)
    lines = (source / "kommuner.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (source / "kommuner.csv").write_text(
        "".join(line for line in lines if not line.startswith("5612,")), encoding="utf-8"
    )
    report = load_refdata(source)
    ended = Municipality.objects.get(number="5612")
    assert ended.valid_to == date(2023, 12, 31)
    assert not ended.is_active
    assert report.ended == {"municipality": 1}


def test_command_creates_providers_for_health_trusts_once(source, capsys):
    call_command("load_refdata", "--dir", str(source))
    assert Organisation.objects.filter(type="rhf").count() == 4
    assert Organisation.objects.filter(type__in=["hf", "privat_ideell"]).count() == 23
    unn = Organisation.objects.get(orgnr="983974899")
    assert unn.parent.name == "Helse Nord RHF" and unn.region_id == "helse_nord"
    capsys.readouterr()
    call_command("load_refdata", "--dir", str(source))
    assert "ingenting ble endret" in capsys.readouterr().out
    assert Organisation.objects.count() == 27


def test_every_organisation_number_passes_the_check(source):
    from stdnum.no import orgnr

    load_refdata(source)
    numbers = [m.orgnr for m in Municipality.objects.exclude(orgnr="")]
    numbers += list(HealthTrust.objects.values_list("orgnr", flat=True))
    assert len(numbers) == 355 + 23
    assert all(orgnr.is_valid(n) for n in numbers)
