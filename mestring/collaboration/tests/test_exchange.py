"""Agreements and assessments in the exchange format: export → import → export."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from mestring.catalogue.models import Organisation
from mestring.catalogue.search import index
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration import exchange
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import (
    Agreement,
    Assessment,
    Capacity,
    Confirmation,
    HealthCommunity,
    ImmigrantPopulation,
    OfferEquity,
    OfferPathway,
    Pathway,
    RunInterpreter,
    TiedOffer,
    TiedRun,
)
from mestring.collaboration.pathways import load_pathways
from mestring.refdata.models import HealthTrust

from .factories import make_agreement, make_assessment

pytestmark = pytest.mark.django_db

INNLANDET = "983971709"


@pytest.fixture
def data(refdata, django_user_model):
    load_health_communities()
    extra = HealthCommunity.objects.create(name="Lagt inn for hånd", note="Uten kode")
    extra.health_trusts.set([INNLANDET])
    user = django_user_model.objects.create_user("kari", first_name="Kari")
    trust = HealthTrust.objects.get(orgnr=INNLANDET)
    hf = Organisation.objects.get(external_id=f"hf-{INNLANDET}")
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    offer = make_offer(title="Diabetesskolen", responsible=hamar)
    hospital = make_offer(title="Hjerteskolen", responsible=hf)
    run = make_run(hospital, start=date(2024, 1, 8))
    first = make_agreement(
        trust,
        municipalities=["3403", "3405"],
        sub_agreements=["delavtale_2", "delavtale_10"],
        title="Avtale; med «semikolon» og\nlinjeskift",
        community=HealthCommunity.objects.get(code="innlandet"),
        url="https://example.no/a.pdf",
        mentions_learning_and_coping=True,
    )
    second = make_agreement(
        trust, municipalities=["3411"], signed=date(2020, 2, 29), community=extra
    )
    make_assessment(first, assessed_on=date(2024, 5, 1), assessed_by=user)
    make_assessment(first, scores=(1, 1, 1, 1, 1), assessed_on=date(2024, 5, 1))
    make_assessment(second, scores=(0, 0, 0, 0, 0), assessed_on=date(2023, 1, 1))
    Confirmation.objects.create(
        agreement=first, municipality_id="3403", revision=first.signed, confirmed_by=user
    )
    Confirmation.objects.create(
        agreement=first,
        health_trust=trust,
        revision=date(2020, 1, 1),
        confirmed_on=date(2024, 1, 1),
    )
    TiedOffer.objects.create(agreement=first, offer=offer, sub_agreement="delavtale_2")
    TiedRun.objects.create(agreement=first, run=run)
    load_pathways()
    OfferPathway.objects.create(offer=offer, pathway_id="kreft_bryst", phase="overgang")
    OfferPathway.objects.create(offer=offer, pathway_id="hjerneslag", phase="for_behandling")
    OfferEquity.objects.create(
        offer=offer, adapted_for_immigrants=True, information_languages=["ar", "so"]
    )
    OfferEquity.objects.create(offer=hospital, adapted_for_immigrants=False)
    RunInterpreter.objects.create(run=run, sessions=2, participants=3)
    ImmigrantPopulation.objects.create(county_id="34", year=2024, count=41234, source="SSB")
    Capacity.objects.create(
        organisation=hamar, year=2024, fte=Decimal("2.5"), health_pedagogy=1, guidance_sessions=4
    )
    Capacity.objects.create(organisation=hf, year=2024, fte=Decimal("12"), health_pedagogy=3)
    Capacity.objects.create(organisation=hf, year=2023, fte=Decimal("0.75"), health_pedagogy=0)
    return first


MODELS = (
    Agreement,
    Assessment,
    Confirmation,
    HealthCommunity,
    TiedOffer,
    TiedRun,
    OfferPathway,
    Pathway,
    OfferEquity,
    RunInterpreter,
    ImmigrantPopulation,
    Capacity,
)


def clear():
    for model in MODELS:
        model.objects.all().delete()


def counts():
    return [m.objects.count() for m in MODELS]


def test_json_lists_every_new_list(data):
    text = exchange.to_json()
    assert text.startswith('{\n  "format": "mestring-samarbeid",\n  "versjon": 1,')
    for name in exchange.LISTS:
        assert f'"{name}": [' in text
    assert '"helsefellesskap-' in text  # the hand-made community gets a key


@pytest.mark.parametrize("fmt", ["json", "csv", "csv.zip", "xlsx"])
def test_export_import_export_is_byte_identical(data, tmp_path, fmt):
    before_json, before_counts = exchange.to_json(), counts()
    kind = fmt.split(".")[0]
    first = tmp_path / (
        "first.zip" if fmt == "csv.zip" else f"first.{fmt}" if kind != "csv" else "first"
    )
    second = tmp_path / first.name.replace("first", "second")
    exchange.export(kind, first)
    clear()
    exchange.import_file(first)
    assert counts() == before_counts
    # The offers' pathways came back through the import: the search index follows.
    assert index.drift() == {"mangler": [], "overflodig": [], "ulik": [], "ordlister": []}
    assert exchange.to_json() == before_json
    exchange.export(kind, second)
    if kind == "xlsx":
        cells = [
            [list(sheet.values) for sheet in load_workbook(path).worksheets]
            for path in (first, second)
        ]
        assert cells[0] == cells[1]
    elif first.is_dir():
        for name in exchange.LISTS:
            assert (first / f"{name}.csv").read_bytes() == (second / f"{name}.csv").read_bytes()
    else:
        assert first.read_bytes() == second.read_bytes()


def test_reimport_over_existing_data_changes_nothing(data, tmp_path):
    path = tmp_path / "samarbeid.json"
    call_command("samarbeid", "export", "--format", "json", "--out", str(path))
    before = counts()
    call_command("samarbeid", "import", str(path), verbosity=0)
    assert counts() == before
    assert exchange.to_json() == path.read_text(encoding="utf-8")


def test_bad_rows_are_all_named_and_nothing_is_stored(data, tmp_path):
    path = tmp_path / "feil"
    exchange.export("csv", path)
    avtaler = (path / "avtaler.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    avtaler[1] = avtaler[1].replace("983971709", "123456789", 1)
    (path / "avtaler.csv").write_bytes("\r\n".join(avtaler).encode("utf-8-sig"))
    vurderinger = (path / "vurderinger.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    cells = vurderinger[2].split(";")
    cells[2] = "7"
    vurderinger[2] = ";".join(cells)
    (path / "vurderinger.csv").write_bytes("\r\n".join(vurderinger).encode("utf-8-sig"))
    Agreement.objects.update(title="Uendret")
    with pytest.raises(exchange.ImportFailed) as failed:
        exchange.import_file(path)
    messages = [str(issue) for issue in failed.value.issues]
    assert "avtaler, rad 2, felt «helseforetak»: Ukjent helseforetak." in messages
    assert "vurderinger, rad 3, felt «konkretisering»: Nivået må være fra 0 til 3." in messages
    # The trust's confirmation now names a trust that is not the agreement's party.
    assert "avtale_bekreftelser, rad 3, felt «part»: Parten er ikke part i avtalen." in messages
    assert len(messages) == 3
    assert set(Agreement.objects.values_list("title", flat=True)) == {"Uendret"}


def test_bad_capacity_and_pathway_rows_are_named(data, tmp_path):
    path = tmp_path / "feil.json"
    exchange.export("json", path)
    text = path.read_text(encoding="utf-8")
    text = text.replace('"arsverk": 2.5', '"arsverk": -1').replace(
        '"fase": "overgang"', '"fase": "senere"'
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(exchange.ImportFailed) as failed:
        exchange.import_file(path)
    messages = sorted(str(issue) for issue in failed.value.issues)
    assert messages == [
        "kapasitet, rad 3, felt «arsverk»: Skriv et tall fra 0 med høyst to desimaler.",
        "tilbud_forlop, rad 2, felt «fase»: Ukjent fase.",
    ]
