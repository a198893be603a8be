"""Relevance: realistic Norwegian queries and the offers they must find in the top five.

The catalogue below is written like real hospital (LMS) and municipal course pages. The same
set runs on SQLite and PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.http import QueryDict

from mestring.catalogue.search import OfferFilters, search_offers

from .factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db

# key: (title, description, main target group, theme, diagnoses, fields, languages)
CATALOGUE = {
    "diabetes2": (
        "Diabeteskurs – type 2",
        "Lær om blodsukker, kosthold og fysisk aktivitet når du har diabetes type 2.",
        "pasient",
        "spesifikk_diagnose",
        ["diabetes"],
        ["somatikk"],
        ["nb"],
    ),
    "diabetes1": (
        "Leve med diabetes type 1 – ungdom",
        "For ungdom med insulinpumpe og sensor.",
        "pasient",
        "spesifikk_diagnose",
        ["diabetes"],
        ["somatikk"],
        ["nb"],
    ),
    "hjerte": (
        "Hjerteskole etter hjerteinfarkt",
        "Om hjertet, medisiner og trening etter infarkt.",
        "pasient_og_parorende",
        "spesifikk_diagnose",
        ["hjerte_kar"],
        ["somatikk"],
        ["nb"],
    ),
    "hjertesvikt": (
        "Leve med hjertesvikt",
        "Væske, vekt og medisiner ved hjertesvikt.",
        "pasient",
        "spesifikk_diagnose",
        ["hjerte_kar"],
        ["somatikk"],
        ["nb"],
    ),
    "kols": (
        "KOLS-skole",
        "For deg med kronisk obstruktiv lungesykdom: pust, inhalasjon og trening.",
        "pasient_og_parorende",
        "spesifikk_diagnose",
        ["lunge"],
        ["somatikk"],
        ["nb"],
    ),
    "astma": (
        "Astmaskole for foreldre",
        "Kurs for foreldre til barn med astma.",
        "parorende_foresatte",
        "spesifikk_diagnose",
        ["lunge"],
        ["somatikk"],
        ["nb"],
    ),
    "kreft": (
        "Leve med kreft",
        "Utmattelse, kosthold og tilbake til jobb etter kreftbehandling.",
        "pasient_og_parorende",
        "spesifikk_diagnose",
        ["kreft"],
        ["somatikk"],
        ["nb"],
    ),
    "brystkreft": (
        "Hverdag etter brystkreft",
        "Samtalegruppe for kvinner etter behandling.",
        "pasient",
        "spesifikk_diagnose",
        ["kreft"],
        ["somatikk"],
        ["nb"],
    ),
    "smerte": (
        "Lær å leve med langvarige smerter",
        "Aktivitet, hvile og søvn når smertene ikke går over.",
        "pasient",
        "spesifikk_diagnose",
        ["smerte"],
        ["somatikk"],
        ["nb"],
    ),
    "revma": (
        "Revmatismeskole",
        "Om leddgikt, medisiner og leddvern.",
        "pasient",
        "spesifikk_diagnose",
        ["muskel_skjelett"],
        ["somatikk"],
        ["nb"],
    ),
    "demens": (
        "Pårørendeskole demens",
        "For pårørende til personer med demens og Alzheimers sykdom.",
        "parorende_voksne",
        "spesifikk_diagnose",
        ["demens"],
        ["somatikk"],
        ["nb"],
    ),
    "slag": (
        "Slagskole",
        "For deg som har hatt hjerneslag, og dine nærmeste. Om afasi og trøtthet.",
        "pasient_og_parorende",
        "spesifikk_diagnose",
        ["hjerneslag"],
        ["somatikk"],
        ["nb"],
    ),
    "epilepsi": (
        "Epilepsiskole for foreldre",
        "Anfall, førstehjelp og skole for barn med epilepsi.",
        "parorende_foresatte",
        "spesifikk_diagnose",
        ["nevrologi"],
        ["somatikk"],
        ["nb"],
    ),
    "ibd": (
        "Kurs om inflammatorisk tarmsykdom",
        "Crohns sykdom og ulcerøs kolitt: behandling og kosthold.",
        "pasient",
        "spesifikk_diagnose",
        ["fordoyelse"],
        ["somatikk"],
        ["nb"],
    ),
    "sjelden": (
        "Familiekurs – sjeldne diagnoser",
        "For familier med et barn med sjelden diagnose.",
        "hele_familien",
        "spesifikk_diagnose",
        ["sjelden"],
        ["somatikk"],
        ["nb"],
    ),
    "adhdforeldre": (
        "Foreldrekurs ADHD",
        "For foreldre til barn og unge med ADHD: struktur, skole og søsken.",
        "parorende_foresatte",
        "spesifikk_diagnose",
        ["adhd"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "adhdvoksen": (
        "Leve med ADHD som voksen",
        "Konsentrasjon, planlegging og arbeid.",
        "pasient",
        "spesifikk_diagnose",
        ["adhd"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "kid": (
        "Kurs i mestring av depresjon (KiD)",
        "For deg med nedstemthet og milde til moderate depresjonsplager.",
        "pasient",
        "spesifikk_diagnose",
        ["depresjon"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "kib": (
        "Kurs i belastningsmestring (KiB)",
        "Håndter stress og belastninger i hverdagen.",
        "alle_interesserte",
        "tvers_av_diagnoser",
        [],
        ["psykisk_helse"],
        ["nb"],
    ),
    "angst": (
        "Angstmestringskurs",
        "Om angst og uro, pust og eksponering i små steg.",
        "pasient",
        "spesifikk_diagnose",
        ["angst"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "psykose": (
        "Psykoseskole for pårørende",
        "For foreldre og partnere til personer med schizofreni og andre psykoselidelser.",
        "parorende_voksne",
        "spesifikk_diagnose",
        ["psykose"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "bipolar": (
        "Leve med bipolar lidelse",
        "Svingninger, varseltegn og døgnrytme.",
        "pasient_og_parorende",
        "spesifikk_diagnose",
        ["bipolar"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "autisme": (
        "Autismeskole for foresatte",
        "For foreldre til barn med autismespekterdiagnose og Asperger.",
        "parorende_foresatte",
        "spesifikk_diagnose",
        ["asperger"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "tourette": (
        "Touretteskole for familier",
        "Tics og Tourettes syndrom hos barn.",
        "hele_familien",
        "spesifikk_diagnose",
        ["tourette"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "spise": (
        "Foreldrekurs spiseforstyrrelser",
        "For foreldre til unge med anoreksi eller bulimi.",
        "parorende_foresatte",
        "spesifikk_diagnose",
        ["spiseforstyrrelser"],
        ["psykisk_helse"],
        ["nb"],
    ),
    "ruspar": (
        "Pårørendekurs rus",
        "For deg som er pårørende til en med avhengighet av alkohol eller andre rusmidler.",
        "parorende_voksne",
        "spesifikk_diagnose",
        ["rus"],
        ["rus"],
        ["nb"],
    ),
    "rusbeh": (
        "Tilbakefallsforebygging i rusbehandling",
        "Sug, tilbakefall og nettverk for deg i behandling.",
        "pasient",
        "spesifikk_diagnose",
        ["rus"],
        ["rus"],
        ["nb"],
    ),
    "bap": (
        "Gruppe for barn som pårørende",
        "For barn 8–12 år med en mor eller far med psykisk sykdom eller rusproblemer.",
        "parorende_barn",
        "tvers_av_diagnoser",
        [],
        ["psykisk_helse", "rus"],
        ["nb"],
    ),
    "ungpar": (
        "Ungdomsgruppe for unge pårørende",
        "Et trygt sted for ungdom som har en forelder som er syk.",
        "parorende_barn",
        "tvers_av_diagnoser",
        [],
        ["psykisk_helse"],
        ["nb"],
    ),
    "parskole": (
        "Pårørendeskolen",
        "For deg som står nær en person med psykiske helseproblemer.",
        "parorende_voksne",
        "tvers_av_diagnoser",
        [],
        ["psykisk_helse"],
        ["nb"],
    ),
    "sosken": (
        "Søskengruppe",
        "For søsken til barn med sykdom eller funksjonsnedsettelse.",
        "parorende_sosken",
        "tvers_av_diagnoser",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "mestring": (
        "Mestringskurs – å leve med langvarig sykdom",
        "For alle som lever med langvarig sykdom, uansett diagnose.",
        "pasient",
        "tvers_av_diagnoser",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "livsstyrke": (
        "Livsstyrketrening",
        "Et kurs om mål, mening og mestring i hverdagen.",
        "alle_interesserte",
        "tvers_av_diagnoser",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "temakveld": (
        "Temakveld om psykisk helse",
        "Åpen kveld med foredrag og samtale.",
        "alle_interesserte",
        "tvers_av_diagnoser",
        [],
        ["psykisk_helse"],
        ["nb"],
    ),
    "helsepedagogikk": (
        "Kurs i helsepedagogikk",
        "For helsepersonell som holder pasient- og pårørendeopplæring.",
        "helsepersonell",
        "helsepedagogikk",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "brukerrep": (
        "Opplæring av brukerrepresentanter",
        "For erfaringskonsulenter og brukerrepresentanter i LMS.",
        "brukerrepresentanter",
        "brukeropplaering",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "roykeslutt": (
        "Snus- og røykeslutt",
        "Frisklivssentralen hjelper deg å slutte å røyke eller snuse.",
        "alle_interesserte",
        "levevaner",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "bramat": (
        "Bra mat for bedre helse",
        "Praktisk kurs om kosthold, innkjøp og matlaging.",
        "alle_interesserte",
        "levevaner",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "sovn": (
        "Bedre søvn",
        "Kurs for deg som sover dårlig: søvnvansker, døgnrytme og søvnhygiene.",
        "alle_interesserte",
        "levevaner",
        [],
        ["somatikk", "psykisk_helse"],
        ["nb"],
    ),
    "aktiv": (
        "Aktiv hverdag – frisklivstrening",
        "Trening i gruppe for å komme i gang med fysisk aktivitet.",
        "alle_interesserte",
        "levevaner",
        [],
        ["somatikk"],
        ["nb"],
    ),
    "overvekt": (
        "Sunne familier – kurs ved overvekt",
        "Familiekurs om mat, aktivitet og trivsel for barn med fedme.",
        "hele_familien",
        "spesifikk_diagnose",
        ["overvekt"],
        ["somatikk"],
        ["nb"],
    ),
    "samisk": (
        "Diabeteskurs på samisk – Diabetesskuvla",
        "Kurset holdes på nordsamisk i Karasjok.",
        "pasient",
        "spesifikk_diagnose",
        ["diabetes"],
        ["somatikk"],
        ["se", "nb"],
    ),
    "english": (
        "Living with diabetes – course in English",
        "A course for English-speaking patients with type 2 diabetes.",
        "pasient",
        "spesifikk_diagnose",
        ["diabetes"],
        ["somatikk"],
        ["en"],
    ),
    "urdu": (
        "Diabeteskurs på urdu",
        "Kurs for urdutalende med diabetes type 2, med tolk.",
        "pasient",
        "spesifikk_diagnose",
        ["diabetes"],
        ["somatikk"],
        ["ur", "nb"],
    ),
}
DIGITAL = {"kid", "sovn", "parskole"}
PAID = {"hjerte", "adhdvoksen", "rusbeh"}
MUNICIPALITY = {"samisk": "5610", "roykeslutt": "4601", "bramat": "4601", "aktiv": "1103"}

# query string → offers that must be among the first five results.
CASES = [
    ("diabetes", {"diabetes2", "diabetes1"}),
    ("Diabetes", {"diabetes2"}),
    ("DIABETES", {"diabetes2"}),
    ("diabeteskurs", {"diabetes2", "urdu"}),
    ("diabtes", {"diabetes2"}),
    ("diabetis", {"diabetes2"}),
    ("sukkersyke", {"diabetes2"}),
    ("type 2", {"diabetes2"}),
    ("hjerte", {"hjerte", "hjertesvikt"}),
    ("hjerteinfarkt", {"hjerte"}),
    ("hjertesykdom", {"hjerte", "hjertesvikt"}),
    ("hjertesvikt", {"hjertesvikt"}),
    ("kols", {"kols"}),
    ("KOLS", {"kols"}),
    ("lungesykdom", {"kols"}),
    ("kronisk obstruktiv lungesykdom", {"kols"}),
    ("astma", {"astma"}),
    ("kreft", {"kreft", "brystkreft"}),
    ("cancer", {"kreft"}),
    ("brystkreft", {"brystkreft"}),
    ("smerter", {"smerte"}),
    ("kroniske smerter", {"smerte"}),
    ("langvarige smerter", {"smerte"}),
    ("leddgikt", {"revma"}),
    ("demens", {"demens"}),
    ("alzheimer", {"demens"}),
    ("hjerneslag", {"slag"}),
    ("slag", {"slag"}),
    ("afasi", {"slag"}),
    ("epilepsi", {"epilepsi"}),
    ("crohns", {"ibd"}),
    ("sjelden diagnose", {"sjelden"}),
    ("adhd", {"adhdforeldre", "adhdvoksen"}),
    ("adhd foreldre", {"adhdforeldre"}),
    ("depresjon", {"kid"}),
    ("depresjion", {"kid"}),
    ("nedstemthet", {"kid"}),
    ("stress", {"kib"}),
    ("angst", {"angst"}),
    ("uro", {"angst"}),
    ("schizofreni", {"psykose"}),
    ("psykose", {"psykose"}),
    ("bipolar", {"bipolar"}),
    ("autisme", {"autisme"}),
    ("asperger", {"autisme"}),
    ("tourette", {"tourette"}),
    ("anoreksi", {"spise"}),
    ("rus", {"ruspar", "rusbeh"}),
    ("avhengighet", {"ruspar"}),
    ("alkohol", {"ruspar"}),
    ("barn som pårørende", {"bap", "ungpar"}),
    ("BAP", {"bap"}),
    ("pårørende", {"demens", "parskole", "ruspar", "psykose"}),
    ("pårørnde", {"parskole"}),
    ("paaroerende", {"parskole"}),
    ("pårørendeskole", {"demens", "parskole"}),
    ("søsken", {"sosken"}),
    ("mestring", {"mestring", "kid"}),
    ("mestringskurs", {"mestring"}),
    ("røykeslutt", {"roykeslutt"}),
    ("snus", {"roykeslutt"}),
    ("slutte å røyke", {"roykeslutt"}),
    ("kosthold", {"bramat"}),
    ("søvn", {"sovn"}),
    ("soevn", {"sovn"}),
    ("søvnvansker", {"sovn"}),
    ("trening", {"aktiv"}),
    ("overvekt", {"overvekt"}),
    ("fedme", {"overvekt"}),
    ("helsepersonell", {"helsepedagogikk"}),
    ("brukerrepresentant", {"brukerrep"}),
    ("diabetes&sprak=se", {"samisk"}),
    ("diabetes&sprak=en", {"english"}),
    ("diabetes&sprak=ur", {"urdu"}),
    ("&malgruppe=parorende_barn", {"bap", "ungpar"}),
    ("pårørende&malgruppe=parorende_barn", {"bap"}),
    ("&format=digitalt", {"kid", "sovn", "parskole"}),
    ("søvn&format=digitalt", {"sovn"}),
    ("&kommune=4601&q=", {"roykeslutt", "bramat"}),
    ("røyk&kommune=4601", {"roykeslutt"}),
    ("&kommune=5610", {"samisk"}),
    ("adhd&gratis=ja", {"adhdforeldre"}),
]
NOT_IN_TOP = [
    ("diabetes", {"demens", "kreft"}),
    ("demens", {"diabetes2", "kid"}),
    ("adhd&gratis=ja", {"adhdvoksen"}),
    ("barn som pårørende", {"diabetes2"}),
    ("&kommune=4601&q=", {"aktiv"}),
    ("kols", {"kreft"}),
]


@pytest.fixture
def catalogue(refdata):
    lms = make_organisation(name="Lærings- og mestringssenteret, Helse Bergen")
    offers = {}
    for key, (title, text, target, theme, diagnoses, fields, languages) in CATALOGUE.items():
        offer = make_offer(
            title=title,
            description=text,
            main_target_group=target,
            main_theme=theme,
            responsible=lms,
            price=Decimal("375") if key in PAID else Decimal("0"),
            codes={"diagnoser": diagnoses, "fagfelt": fields, "sprak": languages},
        )
        if key in DIGITAL:
            make_run(offer, format="digitalt_direkte", municipality_id=None, sessions=2)
        else:
            make_run(offer, municipality_id=MUNICIPALITY.get(key, "0301"), sessions=2)
        offers[key] = offer
    return offers


def top_five(query: str) -> list[str]:
    params = QueryDict(query if "=" in query.split("&")[0] else f"q={query}", mutable=True)
    filters, errors = OfferFilters.from_query(params)
    assert errors == []
    return [offer.external_id for offer in search_offers(params.get("q", ""), filters)[:5]]


def test_the_set_is_large_enough():
    assert len(CASES) >= 60


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[c[0] for c in CASES])
def test_query_finds_the_right_offers(catalogue, query, expected):
    found = top_five(query)
    wanted = {catalogue[key].external_id for key in expected}
    assert wanted <= set(found), (query, [catalogue_title(catalogue, f) for f in found])


@pytest.mark.parametrize(("query", "unwanted"), NOT_IN_TOP, ids=[c[0] for c in NOT_IN_TOP])
def test_query_does_not_find_unrelated_offers(catalogue, query, unwanted):
    found = set(top_five(query))
    assert not ({catalogue[key].external_id for key in unwanted} & found)


def catalogue_title(catalogue, external_id: str) -> str:
    return next(o.title for o in catalogue.values() if o.external_id == external_id)
