"""A parent in Tromsø looks for a course about their child's type 1 diabetes, on a phone."""

import pytest

from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def courses(refdata):
    unn = make_organisation(
        name="Lærings- og mestringssenteret UNN",
        parent=Organisation.objects.get(external_id="hf-983974899"),
        municipality_id="5501",
        region_id="helse_nord",
    )
    ous = make_organisation(
        name="Lærings- og mestringssenteret OUS",
        parent=Organisation.objects.get(external_id="hf-993467049"),
        municipality_id="0301",
    )
    common = {
        "main_target_group": "parorende_foresatte",
        "age_group": "tvers_av_alder",
        "main_theme": "spesifikk_diagnose",
        "level": "regional",
        "codes": {"diagnoser": ["diabetes"], "fagfelt": ["somatikk"], "sprak": ["nb"]},
    }
    oslo = make_offer(
        title="Diabetes type 1 – foreldrekurs",
        description="For foreldre til barn med diabetes type 1.",
        responsible=ous,
        **common,
    )
    make_run(oslo, municipality_id="0301", sessions=2)
    tromso = make_offer(
        title="Diabetes type 1 hos barn – kurs for foreldre",
        description="For foreldre til barn som nettopp har fått diabetes type 1.",
        responsible=unn,
        signup_url="https://example.no/unn/diabetes-foreldre",
        **common,
    )
    make_run(tromso, municipality_id="5501", sessions=2, address="UNN Tromsø, Sykehusvegen 38")
    adults = make_offer(
        title="Leve med diabetes type 2",
        description="Kurs for voksne med diabetes type 2.",
        responsible=unn,
        main_target_group="pasient",
        age_group="voksne",
        codes={"diagnoser": ["diabetes"], "fagfelt": ["somatikk"], "sprak": ["nb"]},
    )
    make_run(adults, municipality_id="5501", sessions=2)
    return {"tromso": tromso, "oslo": oslo}


def test_parent_in_tromso_finds_a_type_1_course_in_three_actions(page, live_server, courses):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    # 1: type the question as a parent would; 2: search.
    page.get_by_label("Hva leter du etter?").fill("diabetes barn tromsø")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url("**/tilbud/?q=*")
    chips = page.locator(".chip")
    assert chips.count() == 2
    assert "Bor i Tromsø" in chips.all_inner_texts()[1]
    first = page.locator(".result-list .offer-card h3 a").first
    assert first.inner_text() == "Diabetes type 1 hos barn – kurs for foreldre"
    assert "Diabetes type 1 – foreldrekurs" not in page.content()
    screenshot(page, "sok-foreldre-tromso-mobil")
    assert_accessible(page)
    # 3: open the course.
    first.click()
    page.wait_for_url(f"**/tilbud/{courses['tromso'].external_id}/")
    assert page.locator("h1").inner_text() == "Diabetes type 1 hos barn – kurs for foreldre"


def test_removing_a_chip_reads_the_word_as_text(page, live_server, courses):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tilbud/?q=diabetes+barn+troms%C3%B8")
    page.get_by_role("link", name="Fjern «Bor i Tromsø» og søk etter ordet i teksten").click()
    page.wait_for_url("**bokstavelig=*")
    assert page.locator(".chip").count() == 1
    assert_accessible(page)
