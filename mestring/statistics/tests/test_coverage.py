"""The coverage report on a hand-made data set; every expected number is worked out by hand.

Period 2025. Organisations (municipality, county, region):
  frisk   frisklivssentral in Tromsø 5501 (Troms 55), no region of its own
  nord    LMS in Tromsø 5501, Helse Nord, under UNN (hf-983974899, Universitetssykehuset
          Nord-Norge): its regional offers reach UNN's catchment area, the 21
          municipalities of Troms and Narvik 1806, Lødingen 1851 and Evenes 1853 in Nordland
  bodo    clinic in Bodø 1804 (Nordland 18), no region of its own, under no trust
  kauto   the municipality of Kautokeino 5612 (Finnmark 56, Northern Sami area)
  oslo    LMS in Oslo 0301, Helse Sør-Øst

Counted offers (level, age group, fagfelt, languages, diagnoses; runs):
  A  frisk  lokal     voksne       somatikk       nb     diabetes  two runs in Tromsø
  B  nord   regional  eldre        somatikk       nb,se  lunge     run in Tromsø
  C  bodo   regional  barn         psykisk_helse  nb     adhd      run in Bodø, Sami-adapted
  D  oslo   nasjonal  voksne       somatikk       nb     diabetes  run in Oslo
  E  oslo   lokal     ungdom       rus            nb,en  –         digital run, no place
  F  kauto  lokal     voksne       somatikk       se     –         run in Kautokeino
  K  frisk  lokal     unge_voksne  rus            nb     –         hybrid run in Tromsø
Not counted (each would be a national offer if it counted): G (its only run is cancelled),
H (draft offer), I (runs in Utsira 1151 on 2024-12-31 and 2026-01-01, outside the period).

Routes (catalogue/reach.py): B is regional in UNN's catchment area (not in Bodø, which is
Nordlandssykehuset's, nor in Kautokeino, Finnmarkssykehuset's); C, under no trust, in its
county Nordland; D is national; E (digital) and K (hybrid) are digital and open to all.
"""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from mestring.catalogue.models import Organisation
from mestring.catalogue.reach import RegionalReach
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.coverage import (
    NEARBY,
    Availability,
    OfferFacts,
    Place,
    available_offers,
    build_availability,
    count_distinct,
    coverage,
    municipalities_without,
    name_list,
    nearby_offers,
    offers_by_route,
    per_100k,
    underserved,
)
from mestring.statistics.filters import ReportFilter
from mestring.statistics.render.present import sections
from mestring.statistics.tables import Column, Row, Table

pytestmark = pytest.mark.django_db

REFDATA = Path(__file__).resolve().parents[2] / "refdata" / "data"


def municipalities_csv() -> dict[str, dict]:
    with (REFDATA / "kommuner.csv").open(encoding="utf-8") as file:
        return {row["kommunenummer"]: row for row in csv.DictReader(file)}


def region_populations_csv() -> Counter:
    with (REFDATA / "kommune_opptaksomrade.csv").open(encoding="utf-8") as file:
        regions = {row["kommunenummer"]: row["rhf"] for row in csv.DictReader(file)}
    population: Counter = Counter()
    for number, row in municipalities_csv().items():
        population[regions[number]] += int(row["folketall"])
    return population


@pytest.fixture
def offers(refdata):
    frisk = make_organisation(type="frisklivssentral", region_id=None, municipality_id="5501")
    unn = Organisation.objects.get(external_id="hf-983974899")
    nord = make_organisation(region_id="helse_nord", municipality_id="5501", parent=unn)
    bodo = make_organisation(type="klinikk", region_id=None, municipality_id="1804")
    kauto = make_organisation(type="kommune", region_id=None, municipality_id="5612")
    oslo = make_organisation(region_id="helse_sor_ost", municipality_id="0301")
    somatic = {"fagfelt": ["somatikk"]}
    a = make_offer(responsible=frisk, codes={**somatic, "diagnoser": ["diabetes"]})
    b = make_offer(
        responsible=nord,
        level="regional",
        age_group="eldre",
        codes={"diagnoser": ["lunge"], "sprak": ["nb", "se"]},
    )
    c = make_offer(
        responsible=bodo,
        level="regional",
        age_group="barn",
        sami_adapted=True,
        codes={"fagfelt": ["psykisk_helse"], "diagnoser": ["adhd"]},
    )
    d = make_offer(responsible=oslo, level="nasjonal", codes={"diagnoser": ["diabetes"]})
    e = make_offer(
        responsible=oslo, age_group="ungdom", codes={"fagfelt": ["rus"], "sprak": ["nb", "en"]}
    )
    f = make_offer(responsible=kauto, codes={"sprak": ["se"]})
    k = make_offer(responsible=frisk, age_group="unge_voksne", codes={"fagfelt": ["rus"]})
    g = make_offer(responsible=nord, level="nasjonal")
    h = make_offer(responsible=nord, level="nasjonal", status="utkast")
    i = make_offer(responsible=oslo, level="nasjonal")
    make_run(a, start=date(2025, 3, 1), municipality_id="5501")
    make_run(a, start=date(2025, 10, 1), municipality_id="5501")
    make_run(b, start=date(2025, 4, 1), municipality_id="5501")
    make_run(c, start=date(2025, 5, 1), municipality_id="1804")
    make_run(d, start=date(2025, 6, 1), municipality_id="0301")
    make_run(
        e,
        start=date(2025, 9, 1),
        format="digitalt_direkte",
        venue="digitalt",
        municipality_id=None,
    )
    make_run(f, start=date(2025, 8, 1), municipality_id="5612")
    make_run(k, start=date(2025, 11, 1), format="hybrid", municipality_id="5501")
    make_run(g, start=date(2025, 2, 1), municipality_id="5501", status="avlyst")
    make_run(h, start=date(2025, 2, 2), municipality_id="5501")
    make_run(i, start=date(2024, 12, 31), municipality_id="1151")
    make_run(i, start=date(2026, 1, 1), municipality_id="1151")


def report(**filters):
    return coverage(ReportFilter(fra=date(2025, 1, 1), til=date(2025, 12, 31), **filters))


def cells(table, code):
    return table.row(code).values


# --- The domain rules on their own -----------------------------------------------------


def test_per_100k_rounds_half_up_to_one_decimal():
    assert per_100k(1, 80_000) == 1.3  # 1.25
    assert per_100k(1, 16_000) == 6.3  # 6.25; round() would give 6.2
    assert per_100k(2, 3) == 66666.7
    assert per_100k(0, 1000) == 0.0
    assert per_100k(3, 0) is None


def test_underserved_is_strictly_below_half_the_national_rate():
    table = Table(
        id="t",
        title="t",
        n=None,
        columns=(Column("x", "X"), Column("y", "Y"), Column("z", "Z")),
        rows=(
            Row("nord", "Nord", None, values={"x": 4.9, "y": 5.0, "z": 0.0}),
            Row("vest", "Vest", None, values={"x": 5.0, "y": None, "z": 0.0}),
            Row("nasjonalt", "Hele landet", None, values={"x": 10.0, "y": 10.0, "z": 0.0}),
        ),
    )
    # 4.9 < 10 / 2; 5.0 is exactly half; no value, or a national rate of 0, is never below.
    assert underserved(table) == [("nord", "x")]


UNN = RegionalReach(trust="983974899")
NORDLAND = RegionalReach(county="18")
HELSE_NORD = RegionalReach(region="helse_nord")


def test_an_offer_on_two_routes_is_available_once():
    narvik = Place("1806", "Narvik", 100, "18", "helse_nord", trusts=frozenset({"983974899"}))
    availability = Availability(
        local={"1806": {1, 2}},
        regional={UNN: {2, 3}, NORDLAND: {3, 6}, RegionalReach(county="55"): {9}},
        national={4},
        digital={1, 5},
    )
    routes = offers_by_route(availability, narvik)
    assert routes == {
        "lokale": {1, 2},
        "regionale": {2, 3, 6},
        "nasjonale": {4},
        "digitale": {1, 5},
    }
    assert nearby_offers(availability, narvik) == {1, 2, 3, 6}
    assert available_offers(availability, narvik) == {1, 2, 3, 4, 5, 6}
    assert count_distinct(routes.values()) == 6
    assert count_distinct([]) == 0


def test_a_trusts_regional_offer_reaches_its_catchment_area_only():
    availability = Availability(regional={UNN: {1}, HELSE_NORD: {2}})
    tromso = Place("5501", "Tromsø", 1, "55", "helse_nord", trusts=frozenset({"983974899"}))
    bodo = Place("1804", "Bodø", 1, "18", "helse_nord", trusts=frozenset({"983974910"}))
    assert availability.regional_for(tromso) == {1, 2}
    assert availability.regional_for(bodo) == {2}


def test_build_availability_from_run_places():
    facts = {
        1: OfferFacts(level="regional", reach=UNN),
        2: OfferFacts(level="nasjonal"),
        3: OfferFacts(level="lokal"),
        4: OfferFacts(level="regional", reach=NORDLAND),
    }
    availability = build_availability(
        [
            (1, "5501", "fysisk"),
            (2, None, "digitalt_selvstudium"),
            (3, "0301", "hybrid"),
            (4, "1804", "fysisk"),
        ],
        facts,
    )
    assert availability.local == {"5501": {1}, "0301": {3}, "1804": {4}}
    assert availability.regional == {UNN: {1}, NORDLAND: {4}}
    assert availability.national == {2}
    assert availability.digital == {2, 3}


def test_name_list():
    assert name_list([]) == ""
    assert name_list(["Bodø"]) == "Bodø"
    assert name_list(["Alta", "Bodø", "Tana"]) == "Alta, Bodø og Tana"
    assert name_list([f"K{i}" for i in range(33)], limit=30).endswith("K29 og 3 til")


# --- The report on the hand-made data ----------------------------------------------------


def test_tables_in_order(offers):
    result = report()
    assert (result.id, result.title) == ("dekning", "Dekning og variasjon")
    assert [t.id for t in result.tables] == [
        "dekning_kommune",
        "dekning_for_alle",
        "kommuner_uten_tilbud",
        "samisk",
        "sprak",
        "variasjon_aldersgruppe",
        "variasjon_diagnose",
        "variasjon_malgruppe",
    ]


def test_tromso_counts_each_offer_once(offers):
    table = report().table("dekning_kommune")
    assert len(table.rows) == 357
    assert [r.code for r in table.rows] == sorted(r.code for r in table.rows)
    population = int(municipalities_csv()["5501"]["folketall"])
    assert population == 78745
    assert table.row("5501").label == "Tromsø"
    # Local A, B, K; regional B (UNN's catchment area). Local and regional A, B, K = 3:
    # 3 * 100 000 / 78 745 = 3.8098… → 3.8. National D; digital E, K, not in the rate.
    assert cells(table, "5501") == {
        "befolkning": 78745,
        "lokale": 3,
        "regionale": 1,
        NEARBY: 3,
        "per_100000": 3.8,
        "digitale": 2,
        "nasjonale": 1,
    }


def test_a_trusts_offer_reaches_its_catchment_area_across_the_county_line(offers):
    table = report().table("dekning_kommune")
    # Narvik (Nordland) is in UNN's catchment area: B; and C reaches all Nordland.
    # 2 * 100 000 / 21 580 = 9.2678… → 9.3
    assert cells(table, "1806") == {
        "befolkning": 21580,
        "lokale": 0,
        "regionale": 2,
        NEARBY: 2,
        "per_100000": 9.3,
        "digitale": 2,
        "nasjonale": 1,
    }
    # Bodø is Nordlandssykehuset's: C only (local and regional). 1 * 100 000 / 53 712.
    assert cells(table, "1804") == {
        "befolkning": 53712,
        "lokale": 1,
        "regionale": 1,
        NEARBY: 1,
        "per_100000": 1.9,  # 1.8618…
        "digitale": 2,
        "nasjonale": 1,
    }
    # Kautokeino is Finnmarkssykehuset's: F only. 1 * 100 000 / 2 848 = 35.11…
    assert cells(table, "5612")["regionale"] == 0
    assert cells(table, "5612")["per_100000"] == 35.1
    # Oslo: local D (which is also national). 1 * 100 000 / 717 710 = 0.139…
    assert cells(table, "0301")[NEARBY] == 1
    assert cells(table, "0301")["per_100000"] == 0.1


def test_a_municipality_with_nothing_of_its_own(offers):
    table = report().table("dekning_kommune")
    # Utsira: I's runs there are outside the period; G (cancelled) and H (draft) are not
    # national offers that count. Only D (national) and E, K (digital), open to all.
    assert cells(table, "1151") == {
        "befolkning": 215,
        "lokale": 0,
        "regionale": 0,
        NEARBY: 0,
        "per_100000": 0.0,
        "digitale": 2,
        "nasjonale": 1,
    }


def test_offers_open_to_all(offers):
    table = report().table("dekning_for_alle")
    # Digital E, K; national D; 5 550 203 inhabitants: 2 → 0.036 → 0.0, 3 → 0.054 → 0.1.
    assert [(r.code, r.values) for r in table.rows] == [
        ("digitale", {"tilbud": 2, "per_100000": 0.0}),
        ("nasjonale", {"tilbud": 1, "per_100000": 0.0}),
        ("samlet", {"tilbud": 3, "per_100000": 0.1}),
    ]


def test_municipalities_without_offers(offers):
    result = report()
    table = result.table("kommuner_uten_tilbud")
    # Runs are held in Tromsø, Bodø, Oslo and Kautokeino: 357 - 4 = 353 without.
    # Local or regional: Troms (21, UNN), Nordland (41, C; Narvik, Lødingen and Evenes
    # also UNN's), Oslo and Kautokeino: 64; 357 - 64 = 293 without.
    assert table.n == 357
    assert [(r.code, r.count) for r in table.rows] == [
        ("ingen_lokale", 353),
        ("ingen_lokale_eller_regionale", 293),
    ]
    without = municipalities_without(result)
    assert len(without) == 293
    assert ("1151", "Utsira") in without
    # Tromsø and Lyngen have UNN's regional offer: not without offers.
    assert ("5501", "Tromsø") not in without
    assert "5528" not in {number for number, _name in without}
    assert len(municipalities_without(result, "lokale")) == 353
    # 30 names, then the rest counted.
    assert table.footnotes[0].startswith("Uten lokale eller regionale tilbud: Eigersund,")
    assert table.footnotes[0].endswith(" og 263 til.")


def test_sami_offers_count_only_in_their_language_area(offers):
    table = report().table("samisk")
    # Northern Sami (8 municipalities): B in se reaches Tjeldsund, Lavangen and Kåfjord
    # (UNN); F in se is held in Kautokeino. C is Sami-adapted without a Sami language.
    assert cells(table, "nordsamisk") == {
        "kommuner": 8,
        "med_tilbud_pa_spraket": 4,
        "tilbud_pa_spraket": 2,
        "tilpasset_uten_samisk_sprak": 0,
    }
    # Lule Sami (Hamarøy, Nordland) and Southern Sami (Hattfjelldal in Nordland; Røros,
    # Snåsa, Røyrvik): nothing in their language. C reaches Hamarøy and Hattfjelldal.
    assert cells(table, "lulesamisk") == {
        "kommuner": 1,
        "med_tilbud_pa_spraket": 0,
        "tilbud_pa_spraket": 0,
        "tilpasset_uten_samisk_sprak": 1,
    }
    assert cells(table, "sørsamisk") == {
        "kommuner": 4,
        "med_tilbud_pa_spraket": 0,
        "tilbud_pa_spraket": 0,
        "tilpasset_uten_samisk_sprak": 1,
    }
    total = table.row("samlet")
    assert total.is_total
    assert total.values == {
        "kommuner": 13,
        "med_tilbud_pa_spraket": 4,
        "tilbud_pa_spraket": 2,
        "tilpasset_uten_samisk_sprak": 1,
    }


def test_a_north_sami_offer_does_not_count_in_the_south_sami_area(refdata):
    # A North Sami digital offer reaches every municipality, but is no South Sami offer.
    north = make_offer(codes={"sprak": ["se"]}, sami_adapted=True)
    south = make_offer(codes={"sprak": ["sma"]})
    make_run(north, start=date(2025, 3, 1), format="digitalt_direkte", municipality_id=None)
    make_run(south, start=date(2025, 3, 1), municipality_id="5041")  # Snåsa
    table = report().table("samisk")
    assert cells(table, "nordsamisk")["med_tilbud_pa_spraket"] == 8
    assert cells(table, "sørsamisk")["tilbud_pa_spraket"] == 1
    assert cells(table, "sørsamisk")["med_tilbud_pa_spraket"] == 1
    assert cells(table, "lulesamisk")["tilbud_pa_spraket"] == 0


def test_languages(offers):
    table = report().table("sprak")
    # A, B, C, D, E, K in nb; E also in en; B and F in se. Of 7: 85.7 → 86, 28.6 → 29, 14.3.
    assert table.n == 7
    assert [(r.code, r.label, r.count, r.share) for r in table.rows] == [
        ("nb", "norsk bokmål", 6, 86),
        ("se", "nordsamisk", 2, 29),
        ("en", "engelsk", 1, 14),
    ]


def test_variation_by_age_group(offers):
    population = region_populations_csv()
    assert population["Helse Nord RHF"] == 487_744
    assert population["Helse Sør-Øst RHF"] == 3_158_163
    assert population["Helse Vest RHF"] == 1_150_716
    assert population["Helse Midt-Norge RHF"] == 753_580
    assert sum(population.values()) == 5_550_203
    table = report().table("variasjon_aldersgruppe")
    assert [r.code for r in table.rows] == [
        "helse_sor_ost",
        "helse_vest",
        "helse_midt",
        "helse_nord",
        "nasjonalt",
    ]
    # Only offers held in or run for a region's municipalities count here: A, B, K local
    # in Tromsø, B regional in UNN's area, C in Bodø and Nordland, F in Kautokeino, D local
    # in Oslo. National and digital availability (D, E, K everywhere) is the same for all.
    # Helse Nord: eldre B, voksne A F, unge_voksne K, barn C; ungdom none (E is digital).
    # 1 per 487 744 = 0.205 → 0.2; 2 → 0.41 → 0.4.
    assert cells(table, "helse_nord") == {
        "tvers_av_alder": 0.0,
        "eldre": 0.2,
        "voksne": 0.4,
        "unge_voksne": 0.2,
        "ungdom": 0.0,
        "barn": 0.2,
    }
    # Helse Sør-Øst has D (voksne) in Oslo: 1 per 3 158 163 = 0.032 → 0.0. Vest and Midt: none.
    assert cells(table, "helse_sor_ost")["voksne"] == 0.0
    assert cells(table, "helse_vest")["voksne"] == 0.0
    assert cells(table, "helse_midt")["barn"] == 0.0
    # The whole country: voksne A D F, 3 per 5 550 203 = 0.054 → 0.1; one offer → 0.0.
    assert cells(table, "nasjonalt") == {
        "tvers_av_alder": 0.0,
        "eldre": 0.0,
        "voksne": 0.1,
        "unge_voksne": 0.0,
        "ungdom": 0.0,
        "barn": 0.0,
    }
    # Only voksne has a national rate above 0; Sør-Øst, Vest and Midt (0.0) are below 0.05.
    assert underserved(table) == [
        ("helse_sor_ost", "voksne"),
        ("helse_vest", "voksne"),
        ("helse_midt", "voksne"),
    ]
    assert (
        "Under halvparten av landsgjennomsnittet: Helse Sør-Øst – Voksne (18 år eller eldre); "
        "Helse Vest – Voksne (18 år eller eldre); Helse Midt-Norge – Voksne (18 år eller eldre)."
        in table.footnotes
    )


def test_variation_by_diagnosis(offers):
    table = report().table("variasjon_diagnose")
    # Helse Nord: diabetes A; lunge B; adhd C (D is national, held in Oslo). 1 → 0.2.
    assert cells(table, "helse_nord")["diabetes"] == 0.2
    assert cells(table, "helse_nord")["lunge"] == 0.2
    assert cells(table, "helse_nord")["adhd"] == 0.2
    assert cells(table, "helse_vest")["diabetes"] == 0.0
    assert cells(table, "helse_vest")["adhd"] == 0.0
    # Nationally 2 diabetes offers per 5 550 203 = 0.036 → 0.0: nothing can be below half.
    assert cells(table, "nasjonalt")["diabetes"] == 0.0
    assert underserved(table) == []
    assert "Ingen region er under halvparten av landsgjennomsnittet." in table.footnotes


def test_filter_by_fagfelt(offers):
    result = report(fagfelt=("psykisk_helse",))
    table = result.table("dekning_kommune")
    # Only C counts: local in Bodø, regional in the 41 municipalities of Nordland.
    nordland = [n for n, row in municipalities_csv().items() if row["fylkesnummer"] == "18"]
    assert len(nordland) == 41
    assert cells(table, "1804") == {
        "befolkning": 53712,
        "lokale": 1,
        "regionale": 1,
        NEARBY: 1,
        "per_100000": 1.9,  # 1.8618…
        "digitale": 0,
        "nasjonale": 0,
    }
    assert cells(table, "5501")[NEARBY] == 0
    without = result.table("kommuner_uten_tilbud")
    assert [(r.code, r.count) for r in without.rows] == [
        ("ingen_lokale", 356),
        ("ingen_lokale_eller_regionale", 357 - 41),
    ]
    assert ("5501", "Tromsø") in municipalities_without(result)
    assert not {number for number, _name in municipalities_without(result)} & set(nordland)
    assert [(r.code, r.count) for r in result.table("sprak").rows] == [("nb", 1)]


def test_filter_by_kommune_keeps_availability_of_a_resident(offers):
    result = report(kommune=("5501",))
    table = result.table("dekning_kommune")
    # The same row as without the filter: D, E come from elsewhere all the same.
    assert [r.code for r in table.rows] == ["5501"]
    assert cells(table, "5501") == cells(report().table("dekning_kommune"), "5501")
    without = result.table("kommuner_uten_tilbud")
    assert without.n == 1
    assert [r.count for r in without.rows] == [0, 0]
    assert result.table("samisk").row("samlet").values["kommuner"] == 0
    # Languages of the runs that count in Tromsø (held there): A, B, K; B also in se.
    assert [(r.code, r.count) for r in result.table("sprak").rows] == [("nb", 3), ("se", 1)]
    # The regions are compared whatever the filter.
    assert cells(result.table("variasjon_aldersgruppe"), "helse_nord")["voksne"] == 0.4


def test_filter_by_fylke(offers):
    result = report(fylke=("18",))
    table = result.table("dekning_kommune")
    assert len(table.rows) == 41
    assert cells(table, "1804")[NEARBY] == 1
    # Hamarøy and Hattfjelldal are the Sami municipalities of Nordland: no offer in Lule or
    # Southern Sami; C (adapted, no Sami language) reaches both.
    assert result.table("samisk").row("samlet").values == {
        "kommuner": 2,
        "med_tilbud_pa_spraket": 0,
        "tilbud_pa_spraket": 0,
        "tilpasset_uten_samisk_sprak": 1,
    }


def test_the_map_zooms_to_the_region_in_the_filter(offers):
    everywhere = sections(report())[0]
    north = sections(report(region=("helse_nord",)))[0]
    assert everywhere.table.id == north.table.id == "dekning_kommune"
    assert everywhere.figure.count("data-code=") == 357
    # Helse Nord: the municipalities of Nordland, Troms and Finnmark, enlarged.
    assert north.figure.count("data-code=") == len(north.table.rows) < 357
    assert 'data-code="5501"' in north.figure and 'data-code="0301"' not in north.figure
    assert "transform=" in north.figure and "transform=" not in everywhere.figure.split("<g")[1]


def test_an_empty_period(offers):
    result = coverage(ReportFilter(fra=date(2030, 1, 1), til=date(2030, 12, 31)))
    assert cells(result.table("dekning_kommune"), "5501")[NEARBY] == 0
    assert result.table("kommuner_uten_tilbud").row("ingen_lokale_eller_regionale").count == 357
    assert result.table("sprak").rows == ()
    assert underserved(result.table("variasjon_diagnose")) == []


def test_variation_by_main_target_group(offers):
    table = report().table("variasjon_malgruppe")
    # Every offer of the data set has the factories' main target group «pasient».
    # Helse Nord holds A, B, C, F, K: 5 per 487 744 = 1.025 → 1.0; the whole country
    # A, B, C, D, F, K: 6 per 5 550 203 = 0.108 → 0.1; Helse Sør-Øst D: 0.032 → 0.0.
    assert cells(table, "helse_nord")["pasient"] == 1.0
    assert cells(table, "nasjonalt")["pasient"] == 0.1
    assert cells(table, "helse_sor_ost")["pasient"] == 0.0
    assert cells(table, "helse_nord")["parorende_barn"] == 0.0
    assert underserved(table) == [
        ("helse_sor_ost", "pasient"),
        ("helse_vest", "pasient"),
        ("helse_midt", "pasient"),
    ]
