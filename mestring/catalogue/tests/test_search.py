from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from mestring.catalogue import search
from mestring.catalogue.search import OfferFilters, facets, search_offers
from mestring.catalogue.search.facets import facet_counts

from .factories import make_offer, make_run

pytestmark = pytest.mark.django_db


def filters(query: str = "") -> OfferFilters:
    parsed, errors = OfferFilters.from_query(QueryDict(query))
    assert errors == []
    return parsed


@pytest.fixture
def catalogue(refdata):
    diabetes = make_offer(
        title="Diabeteskurs – type 2",
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["diabetes"], "fagfelt": ["somatikk"]},
    )
    make_run(diabetes, sessions=2, municipality_id="3403")
    children = make_offer(
        title="Gruppe for barn som pårørende",
        main_target_group="parorende_barn",
        codes={"fagfelt": ["psykisk_helse"], "sprak": ["nb", "se"]},
    )
    make_run(children, format="digitalt_direkte", municipality_id=None, sessions=1)
    dementia = make_offer(
        title="Pårørendeskole demens",
        description="For pårørende.",
        main_target_group="parorende_voksne",
        level="lokal",
    )
    make_run(dementia, municipality_id="5001")
    make_offer(title="Diabetes – utkast", status="utkast")
    return {"diabetes": diabetes, "children": children, "dementia": dementia}


def titles(queryset) -> list[str]:
    return [offer.title for offer in queryset]


def test_compound_words_are_found_and_drafts_never(catalogue):
    assert titles(search_offers("diabetes", filters())) == ["Diabeteskurs – type 2"]
    assert sorted(titles(search_offers("pårørende", filters()))[:2]) == [
        "Gruppe for barn som pårørende",
        "Pårørendeskole demens",
    ]


def test_every_word_must_match(catalogue):
    assert titles(search_offers("pårørende demens", filters())) == ["Pårørendeskole demens"]


def test_municipality_filter_includes_digital_offers(catalogue):
    found = titles(search_offers("", filters("kommune=3403")))
    assert sorted(found) == ["Diabeteskurs – type 2", "Gruppe for barn som pårørende"]


def test_target_group_and_language_filters(catalogue):
    assert titles(search_offers("", filters("malgruppe=parorende_barn"))) == [
        "Gruppe for barn som pårørende"
    ]
    assert titles(search_offers("", filters("sprak=se"))) == ["Gruppe for barn som pårørende"]


def test_facets_count_the_other_filters(catalogue):
    counts = facet_counts("", filters("malgruppe=parorende_barn"))
    assert counts["malgruppe"]["parorende_voksne"] == 1
    assert counts["fagfelt"] == {"psykisk_helse": 1}
    assert counts["format"]["digitalt"] == 1


def test_bad_values_are_named(refdata):
    _, errors = OfferFilters.from_query(QueryDict("diagnose=sukkersyke&fra=i-morgen&kommune=9999"))
    assert [e["felt"] for e in errors] == ["diagnose", "kommune", "fra"]


def test_results_page_shows_counts_and_works_without_javascript(client, catalogue):
    page = client.get("/tilbud/", {"q": "diabetes"}).content.decode()
    assert "1 tilbud" in page and "Diabeteskurs – type 2" in page
    page = client.get(
        "/tilbud/", {"malgruppe": "parorende_barn", "kommune": "3403"}
    ).content.decode()
    assert "Gruppe for barn som pårørende" in page and "checked" in page


def test_api_search_uses_the_same_filters(client, catalogue):
    body = client.get("/api/v1/tilbud", {"q": "diabetes"}).json()
    assert body["antall"] == 1 and body["resultater"][0]["tittel"] == "Diabeteskurs – type 2"
    response = client.get("/api/v1/tilbud", {"diagnose": "sukkersyke"})
    assert response.status_code == 400 and response.json()["feil"][0]["felt"] == "diagnose"


def test_upcoming_runs_come_first_among_equals(catalogue):
    old = make_offer(title="Aaa kurs uten datoer")
    make_run(old, start=date.today() - timedelta(days=100), status="gjennomfort")
    found = titles(search_offers("", filters()))
    assert found[-1] == "Aaa kurs uten datoer"


def test_api_accepts_the_same_yes_values_as_the_page(client, catalogue):
    body = client.get("/api/v1/tilbud", {"gratis": "ja", "uten_henvisning": "ja"}).json()
    assert body["antall"] == 3


def test_facet_counts_are_cached_until_the_catalogue_changes(
    catalogue, django_assert_max_num_queries
):
    first = facet_counts("", filters())
    with django_assert_max_num_queries(2):
        assert facet_counts("", filters()) == first
    make_offer(title="Nytt kurs", codes={"diagnoser": ["kreft"]})
    assert facet_counts("", filters())["diagnose"].get("kreft") == 1


def test_slow_facet_counts_are_served_from_the_last_version_while_recounted(catalogue, monkeypatch):
    started = []

    class RecordingThread:
        def __init__(self, target, args, daemon):
            started.append(args)

        def start(self):
            pass

    monkeypatch.setattr(facets, "SLOW_FACETS_SECONDS", -1)
    monkeypatch.setattr(facets.threading, "Thread", RecordingThread)
    first = facet_counts("", filters())
    make_offer(title="Nytt kurs", codes={"diagnoser": ["kreft"]})
    assert facet_counts("", filters()) == first
    assert len(started) == 1
    assert facet_counts("", filters()) == first
    assert len(started) == 1  # one recount at a time


def _queries(client, url: str, params: dict) -> int:
    search.forget_reference_data()  # read once per ten minutes and process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_results_page_and_api_do_not_multiply_queries(client, catalogue):
    from mestring.collaboration.models import OfferPathway
    from mestring.collaboration.pathways import load_pathways

    load_pathways()

    def add_offers(count: int) -> None:
        for number in range(count):
            offer = make_offer(title=f"Diabeteskurs {number}", codes={"diagnoser": ["diabetes"]})
            make_run(offer, sessions=3)
            for code in ("kreft_bryst", "hjerneslag")[: 1 + number % 2]:
                OfferPathway.objects.create(offer=offer, pathway_id=code, phase="overgang")

    add_offers(3)
    # Both rounds start without the reference data a process keeps for ten minutes.
    search.forget_reference_data()
    few = [
        _queries(client, "/tilbud/", {"q": "diabetes"}),
        _queries(client, "/api/v1/tilbud", {"q": "diabetes"}),
        _queries(client, "/tilbud/", {"q": "diabetes", "pasientforlop": "kreft_bryst"}),
        _queries(client, "/api/v1/tilbud", {"pasientforlop": ["kreft_bryst", "hjerneslag"]}),
    ]
    add_offers(15)
    cache.clear()
    search.forget_reference_data()
    many = [
        _queries(client, "/tilbud/", {"q": "diabetes"}),
        _queries(client, "/api/v1/tilbud", {"q": "diabetes"}),
        _queries(client, "/tilbud/", {"q": "diabetes", "pasientforlop": "kreft_bryst"}),
        _queries(client, "/api/v1/tilbud", {"pasientforlop": ["kreft_bryst", "hjerneslag"]}),
    ]
    assert many == few
    assert few[1] <= 10


def test_municipality_counts_follow_the_where_i_live_rule(catalogue):
    counts = facet_counts("", filters("kommune=3403"))["kommune"]
    for number in ("3403", "5001", "0301", "5612"):
        expected = search_offers("", filters(f"kommune={number}")).count()
        assert counts[number] == expected, number
    assert counts["3403"] == 2 and counts["5001"] == 2


def test_facets_of_a_question_count_the_matching_offers_only(catalogue, client):
    """The text match also works inside the facets' subqueries (aliased tables)."""
    counts = facet_counts("diabetes", filters())
    assert counts["diagnose"] == {"diabetes": 1}
    assert client.get("/tilbud/", {"q": "diabetes barn", "kommune": "5501"}).status_code == 200


FACET_CHOICES = {
    "diagnose": ["diabetes", "kreft", "demens"],
    "fagfelt": ["somatikk", "psykisk_helse", "rus"],
    "sprak": ["nb", "se", "en"],
    "malgruppe": ["pasient", "parorende_barn", "parorende_voksne"],
    "aldersgruppe": ["voksne", "barn", "eldre", "tvers_av_alder"],
    "format": ["fysisk", "digitalt", "selvstudium"],
    "tolk": ["ja"],
    "samisk": ["ja"],
    "gratis": ["ja"],
    "uten_henvisning": ["ja"],
}


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("", ""),
        ("", "malgruppe=parorende_barn"),
        ("", "gratis=ja&fagfelt=psykisk_helse"),
        ("", "format=digitalt&aldersgruppe=voksne&sprak=nb"),
        ("pårørende", "samisk=ja"),
        ("kurs", "tolk=ja&diagnose=diabetes"),
    ],
)
def test_each_facet_count_is_what_choosing_it_would_leave(catalogue, query, chosen):
    """A choice's count is the number of offers found with it chosen instead of the facet's
    other values, the other filters kept; counted together or one by one, the same."""
    from dataclasses import replace

    hybrid = make_offer(
        title="Kurs i mestring for voksne",
        age_group="voksne",
        interpreter=True,
        sami_adapted=True,
        codes={"diagnoser": ["kreft", "diabetes"], "fagfelt": ["somatikk"], "sprak": ["nb"]},
    )
    make_run(hybrid, format="hybrid", municipality_id="0301")
    study = make_offer(
        title="Nettkurs om rus for pårørende",
        age_group="eldre",
        main_target_group="parorende_voksne",
        codes={"fagfelt": ["rus"], "sprak": ["en", "nb"]},
    )
    make_run(study, format="digitalt_selvstudium", municipality_id=None)
    given = filters(chosen)
    counts = facet_counts(query, given)
    assert sum(sum(counts[name].values()) for name in FACET_CHOICES) > 0
    for name, values in FACET_CHOICES.items():
        for value in values:
            one = True if value == "ja" else (value,)
            expected = search_offers(query, replace(given, **{name: one})).count()
            found = counts[name].get(value, 0)
            assert found == expected, (name, value, found, expected)
