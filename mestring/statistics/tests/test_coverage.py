"""The coverage report on a hand-made data set; every expected number is worked out by hand.

Period 2025. Organisations (municipality, county, region):
  frisk   frisklivssentral in Tromsø 5501 (Troms 55), no region of its own
  nord    LMS in Tromsø 5501, Helse Nord
  bodo    clinic in Bodø 1804 (Nordland 18), no region of its own
  kauto   the municipality of Kautokeino 5612 (Finnmark 56, Northern Sami area)
  oslo    LMS in Oslo 0301, Helse Sør-Øst

Counted offers (level, age group, fagfelt, languages, diagnoses; runs):
  A  frisk  lokal     voksne       somatikk       nb     diabetes  two runs in Tromsø
  B  nord   regional  eldre        somatikk       nb     lunge     run in Tromsø
  C  bodo   regional  barn         psykisk_helse  nb     adhd      run in Bodø, Sami-adapted
  D  oslo   nasjonal  voksne       somatikk       nb     diabetes  run in Oslo
  E  oslo   lokal     ungdom       rus            nb,en  –         digital run, no place
  F  kauto  lokal     voksne       somatikk       se     –         run in Kautokeino
  K  frisk  lokal     unge_voksne  rus            nb     –         hybrid run in Tromsø
Not counted (each would be a national offer if it counted): G (its only run is cancelled),
H (draft offer), I (runs in Utsira 1151 on 2024-12-31 and 2026-01-01, outside the period).

Routes: B is regional wherever the region is Helse Nord (its organisation has that region);
C only in Nordland (its organisation has no region, its municipality is in county 18);
D is national; E (digital) and K (hybrid) are digital. So every municipality has D, E, K.
"""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.statistics.coverage import (
    Availability,
    OfferFacts,
    Place,
    available_offers,
    build_availability,
    count_distinct,
    coverage,
    municipalities_without,
    name_list,
    offers_by_route,
    per_100k,
    underserved,
)
from mestring.statistics.filters import ReportFilter
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
    nord = make_organisation(region_id="helse_nord", municipality_id="5501")
    bodo = make_organisation(type="klinikk", region_id=None, municipality_id="1804")
    kauto = make_organisation(type="kommune", region_id=None, municipality_id="5612")
    oslo = make_organisation(region_id="helse_sor_ost", municipality_id="0301")
    somatic = {"fagfelt": ["somatikk"]}
    a = make_offer(responsible=frisk, codes={**somatic, "diagnoser": ["diabetes"]})
    b = make_offer(
        responsible=nord, level="regional", age_group="eldre", codes={"diagnoser": ["lunge"]}
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


def test_an_offer_on_two_routes_is_available_once():
    tromso = Place("5501", "Tromsø", 100, "55", "helse_nord")
    availability = Availability(
        local={"5501": {1, 2}},
        regional_by_region={"helse_nord": {2, 3}},
        regional_by_county={"55": {3}, "18": {9}},
        national={4},
        digital={1, 5},
    )
    routes = offers_by_route(availability, tromso)
    assert routes == {
        "lokale": {1, 2},
        "regionale": {2, 3},
        "nasjonale": {4},
        "digitale": {1, 5},
    }
    assert available_offers(availability, tromso) == {1, 2, 3, 4, 5}
    assert count_distinct(routes.values()) == 5
    assert count_distinct([]) == 0


def test_build_availability_from_run_places():
    facts = {
        1: OfferFacts(level="regional", region="helse_nord", county="55"),
        2: OfferFacts(level="nasjonal"),
        3: OfferFacts(level="lokal"),
        4: OfferFacts(level="regional", region=None, county="18"),
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
    assert availability.regional_by_region == {"helse_nord": {1}}
    assert availability.regional_by_county == {"55": {1}, "18": {4}}
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
    # Local A, B, K; regional B; national D; digital E, K. Available A, B, D, E, K = 5.
    # 5 * 100 000 / 78 745 = 6.3496… → 6.3
    assert cells(table, "5501") == {
        "befolkning": 78745,
        "lokale": 3,
        "regionale": 1,
        "nasjonale": 1,
        "digitale": 2,
        "tilgjengelige": 5,
        "per_100000": 6.3,
    }


def test_regional_offer_by_county_and_by_region(offers):
    table = report().table("dekning_kommune")
    # Bodø: local C; regional B (Helse Nord) and C (Nordland); D; E, K. 5 * 100 000 / 53 712.
    assert cells(table, "1804") == {
        "befolkning": 53712,
        "lokale": 1,
        "regionale": 2,
        "nasjonale": 1,
        "digitale": 2,
        "tilgjengelige": 5,
        "per_100000": 9.3,  # 9.3089…
    }
    # Kautokeino: local F; regional B; D; E, K. 5 * 100 000 / 2 848 = 175.56…
    assert cells(table, "5612")["regionale"] == 1
    assert cells(table, "5612")["tilgjengelige"] == 5
    assert cells(table, "5612")["per_100000"] == 175.6
    # Oslo: local D, which is also national; E, K. The digital run has no place.
    assert cells(table, "0301")["lokale"] == 1
    assert cells(table, "0301")["tilgjengelige"] == 3


def test_a_municipality_with_nothing_of_its_own(offers):
    table = report().table("dekning_kommune")
    # Utsira: I's runs there are outside the period; G (cancelled) and H (draft) are not
    # national offers that count. Left: D, E, K. 3 * 100 000 / 215 = 1 395.348…
    assert cells(table, "1151") == {
        "befolkning": 215,
        "lokale": 0,
        "regionale": 0,
        "nasjonale": 1,
        "digitale": 2,
        "tilgjengelige": 3,
        "per_100000": 1395.3,
    }


def test_rate_rounds_half_up_with_a_real_population(offers):
    population = int(municipalities_csv()["4629"]["folketall"])
    assert population == 384  # Modalen
    # D, E, K: 3 * 100 000 / 384 = 781.25 exactly → 781.3 (not 781.2)
    assert cells(report().table("dekning_kommune"), "4629")["per_100000"] == 781.3


def test_municipalities_without_offers(offers):
    result = report()
    table = result.table("kommuner_uten_tilbud")
    # Local offers only in Tromsø, Bodø, Oslo and Kautokeino: 357 - 4 = 353.
    assert table.n == 357
    assert [(r.code, r.count) for r in table.rows] == [
        ("ingen_lokale", 353),
        ("ingen_tilgjengelige", 0),
    ]
    assert municipalities_without(result) == []
    without_local = municipalities_without(result, "lokale")
    assert len(without_local) == 353
    assert ("1151", "Utsira") in without_local
    assert ("5501", "Tromsø") not in without_local
    # 30 names, then the rest counted.
    assert table.footnotes[0].startswith("Uten lokale tilbud: Eigersund, Stavanger,")
    assert table.footnotes[0].endswith(" og 323 til.")


def test_sami_table(offers):
    table = report().table("samisk")
    # Northern Sami: 8 municipalities; F reaches Kautokeino only.
    # Lule Sami: Hamarøy (Nordland) has C, Sami-adapted, by the county route.
    # Southern Sami: Hattfjelldal (Nordland) has C; Røros, Snåsa, Røyrvik (Trøndelag) do not.
    assert cells(table, "nordsamisk") == {
        "kommuner": 8,
        "med_samisk_tilbud": 1,
        "samiske_tilbud": 1,
    }
    assert cells(table, "lulesamisk") == {
        "kommuner": 1,
        "med_samisk_tilbud": 1,
        "samiske_tilbud": 1,
    }
    assert cells(table, "sørsamisk") == {
        "kommuner": 4,
        "med_samisk_tilbud": 1,
        "samiske_tilbud": 1,
    }
    # C is in two rows but one offer in the total: F and C.
    total = table.row("samlet")
    assert total.is_total
    assert total.values == {"kommuner": 13, "med_samisk_tilbud": 3, "samiske_tilbud": 2}


def test_languages(offers):
    table = report().table("sprak")
    # A, B, C, D, E, K in nb; E also in en; F in se. Shares of 7: 85.7 → 86, 14.3 → 14.
    assert table.n == 7
    assert [(r.code, r.label, r.count, r.share) for r in table.rows] == [
        ("nb", "norsk bokmål", 6, 86),
        ("en", "engelsk", 1, 14),
        ("se", "nordsamisk", 1, 14),
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
    # in Tromsø, B regional in Helse Nord, C in Bodø and Nordland, F in Kautokeino, D local
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
        "nasjonale": 0,
        "digitale": 0,
        "tilgjengelige": 1,
        "per_100000": 1.9,  # 1.8618…
    }
    assert cells(table, "5501")["tilgjengelige"] == 0
    without = result.table("kommuner_uten_tilbud")
    assert [(r.code, r.count) for r in without.rows] == [
        ("ingen_lokale", 356),
        ("ingen_tilgjengelige", 357 - 41),
    ]
    assert ("5501", "Tromsø") in municipalities_without(result)
    assert not {number for number, _name in municipalities_without(result)} & set(nordland)
    assert [(r.code, r.count) for r in result.table("sprak").rows] == [("nb", 1)]


def test_filter_by_kommune_keeps_availability_of_a_resident(offers):
    result = report(kommune=("5501",))
    table = result.table("dekning_kommune")
    # The same row as without the filter: D, E and C come from elsewhere all the same.
    assert [r.code for r in table.rows] == ["5501"]
    assert cells(table, "5501")["tilgjengelige"] == 5
    assert cells(table, "5501")["lokale"] == 3
    without = result.table("kommuner_uten_tilbud")
    assert without.n == 1
    assert [r.count for r in without.rows] == [0, 0]
    assert result.table("samisk").row("samlet").values["kommuner"] == 0
    # Languages of the runs that count in Tromsø (held there): A, B, K.
    assert [(r.code, r.count) for r in result.table("sprak").rows] == [("nb", 3)]
    # The regions are compared whatever the filter.
    assert cells(result.table("variasjon_aldersgruppe"), "helse_nord")["voksne"] == 0.4


def test_filter_by_fylke(offers):
    result = report(fylke=("18",))
    table = result.table("dekning_kommune")
    assert len(table.rows) == 41
    assert cells(table, "1804")["tilgjengelige"] == 5
    # Hamarøy and Hattfjelldal are the Sami municipalities of Nordland; both have C.
    assert result.table("samisk").row("samlet").values == {
        "kommuner": 2,
        "med_samisk_tilbud": 2,
        "samiske_tilbud": 1,
    }


def test_an_empty_period(offers):
    result = coverage(ReportFilter(fra=date(2030, 1, 1), til=date(2030, 12, 31)))
    assert cells(result.table("dekning_kommune"), "5501")["tilgjengelige"] == 0
    assert result.table("kommuner_uten_tilbud").row("ingen_tilgjengelige").count == 357
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
