"""The immigrant population from SSB's CSV download (table 09817): both layouts, the
categories added up, a Norwegian message per refused row, and the administrators' page.
The figures below are made up for the tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mestring.accounts.tests.helpers import login_verified
from mestring.collaboration import ssb
from mestring.collaboration.models import ImmigrantPopulation

pytestmark = pytest.mark.django_db

TITLE = (
    '"09817: Innvandrere og norskfødte med innvandrerforeldre, etter region, '
    'innvandringskategori, landbakgrunn og år"'
)
LONG = (
    TITLE
    + """

"region";"innvandringskategori";"landbakgrunn";"år";"Personer"
"0 Hele landet";"Innvandrere";"Verden i alt";"2024";1000
"03 Oslo";"Innvandrere";"Verden i alt";"2024";1200
"03 Oslo";"Norskfødte med innvandrerforeldre";"Verden i alt";"2024";300
"34 Innlandet";"Innvandrere";"Verden i alt";"2024";41
"34 Innlandet";"Norskfødte med innvandrerforeldre";"Verden i alt";"2024";9
"""
)

WIDE = """region,innvandringskategori,Personer 2023,Personer 2024
55 Troms - Romsa - Tromssa,Innvandrere,"20 000","21 000"
55 Troms - Romsa - Tromssa,Norskfødte med innvandrerforeldre,"2 000","2 100"
"""


def test_the_long_layout_adds_immigrants_and_norwegian_born(refdata):
    parsed = ssb.parse(LONG.encode("cp1252"))
    assert parsed.errors == []
    assert parsed.counts == {("03", 2024): 1500, ("34", 2024): 50}


def test_the_wide_layout_reads_a_column_per_year(refdata):
    parsed = ssb.parse(WIDE.encode("utf-8-sig"))
    assert parsed.errors == []
    assert parsed.counts == {("55", 2023): 22000, ("55", 2024): 23100}


def test_every_refused_row_is_named_in_norwegian(refdata):
    bad = LONG + "\n".join(
        [
            '"30 Viken";"Innvandrere";"Verden i alt";"2024";5',
            '"03 Oslo";"Innvandrere";"Polen";"2024";5',
            '"11 Rogaland";"Innvandrere";"Verden i alt";"2024";".."',
            '"11 Rogaland";"Norskfødte med innvandrerforeldre";"Verden i alt";"2024";"mange"',
            '"Bydel Alna";"Innvandrere";"Verden i alt";"2024";5',
            '"34 Innlandet";"Innvandrere";"Verden i alt";"2024";41',
        ]
    )
    messages = [str(e) for e in ssb.parse(bad.encode()).errors]
    assert messages == [
        "Linje 9: Fylket «30 Viken» finnes ikke i dagens fylkesinndeling; velg fylkene etter "
        "gjeldende inndeling i statistikkbanken.",
        "Linje 10: Raden gjelder én landbakgrunn («Polen»); last ned med landbakgrunn "
        "«Verden i alt».",
        "Linje 11: 11 Rogaland 2024: SSB oppgir ikke noe tall («..»).",
        "Linje 12: 11 Rogaland 2024: «mange» er ikke et antall personer.",
        "Linje 13: «Bydel Alna» er ikke et fylke (fylkesnummer med to sifre, f.eks. «03 Oslo»).",
        "Linje 14: 34 Innlandet 2024 står to ganger.",
    ]
    only_one = '"region";"innvandringskategori";"år";"Personer"\n"03 Oslo";"Innvandrere";"2024";5'
    assert [str(e) for e in ssb.parse(only_one.encode()).errors] == [
        "Linje 1: Fylke 03 2024: mangler tallet for norskfødte med innvandrerforeldre."
    ]
    assert "kolonnen «region»" in str(ssb.parse(b"a;b\n1;2").errors[0])


def test_administrators_load_the_file_and_others_may_not(refdata, client, django_user_model):
    url = reverse("workspace:collaboration-work:immigrant-population")
    editor = django_user_model.objects.create_user("redaktor")
    login_verified(client, editor)
    assert client.get(url).status_code == 403

    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "x")
    login_verified(client, admin)
    page = client.get(reverse("collaboration:equity")).content.decode()
    assert "Tallene for innvandrerbefolkningen er ikke lastet inn." in page
    assert url in page

    broken = LONG + '"03 Oslo";"Innvandrere";"Polen";"2024";5\n'
    response = client.post(
        url,
        {"file": SimpleUploadedFile("09817.csv", broken.encode()), "source": "SSB 09817"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen ble ikke lastet inn" in page and "Linje 9: Raden gjelder én landbakgrunn" in page
    assert not ImmigrantPopulation.objects.exists()

    response = client.post(
        url, {"file": SimpleUploadedFile("09817.csv", LONG.encode()), "source": "SSB 09817"}
    )
    assert response.status_code == 302
    assert sorted(ImmigrantPopulation.objects.values_list("county", "year", "count", "source")) == [
        ("03", 2024, 1500, "SSB 09817"),
        ("34", 2024, 50, "SSB 09817"),
    ]
    page = client.get(reverse("collaboration:equity")).content.decode()
    assert "Tallene for innvandrerbefolkningen er ikke lastet inn." not in page
    assert "Mangler tall for innvandrerbefolkningen i:" in page and "Rogaland" in page
    client.logout()
    anonymous = client.get(reverse("collaboration:equity")).content.decode()
    assert "Mangler tall for innvandrerbefolkningen i:" in anonymous and url not in anonymous
