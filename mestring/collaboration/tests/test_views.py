from datetime import date

import pytest
from django.urls import reverse

from mestring.accounts.models import Membership, Role
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation
from mestring.collaboration import rules
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import Agreement, Assessment
from mestring.refdata.models import Municipality

from .factories import make_agreement, make_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(refdata):
    return Municipality.objects.get(number="3403").health_trust


@pytest.fixture
def agreement(trust):
    item = make_agreement(
        trust,
        municipalities=["3403", "3405"],
        sub_agreements=["delavtale_2", "delavtale_10"],
        signed=date(2019, 5, 2),
        url="https://example.no/avtale.pdf",
        mentions_learning_and_coping=True,
    )
    make_assessment(item, scores=(3, 3, 3, 3, 3), assessed_on=date(2023, 1, 1))
    make_assessment(item, scores=(3, 2, 1, 0, 2), assessed_on=date(2024, 6, 1))
    return item


def test_the_list_shows_agreement_counts_and_the_latest_total(client, trust, agreement):
    load_health_communities()
    response = client.get(reverse("collaboration:index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Helsefellesskapet {trust.short_name}" in page
    assert reverse("collaboration:trust", args=[trust.orgnr]) in page
    row = page[page.index(trust.name) :]
    row = row[: row.index("</tr>")]
    assert '<td class="num">1</td>' in row
    assert "8 <span" in row  # 3 + 2 + 1 + 0 + 2, the newest assessment


def test_the_trust_page(client, trust, agreement, django_user_model, django_assert_max_num_queries):
    assessor = django_user_model.objects.create_user(
        "vurderer", first_name="Kari", last_name="Nordmann"
    )
    Assessment.objects.filter(assessed_on=date(2024, 6, 1)).update(assessed_by=assessor)
    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    lms = make_organisation(name="LMS Innlandet", parent=hf)
    partner = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    make_offer(title="Leve med diabetes", responsible=lms, codes={"diagnoser": ["diabetes"]})
    make_offer(
        title="Diabetesskolen",
        responsible=partner,
        co_organisers=[lms],
        codes={"diagnoser": ["diabetes"]},
    )
    with django_assert_max_num_queries(16):
        response = client.get(reverse("collaboration:trust", args=[trust.orgnr]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Delavtale 10: forebygging" in page
    assert "Bør revideres" in page
    assert "https://example.no/avtale.pdf" in page
    assert "Vurdering: 8 av 15 poeng" in page
    assert "2 – Delvis konkret" in page and "0 – Ikke omtalt" in page
    assert "Vurdert av Kari Nordmann 1. juni 2024." in page
    assert "Hamar" in page and "Lillehammer" in page
    assert "Publiserte tilbud i området: 1 i spesialisthelsetjenesten og 1 i kommunene." in page
    assert "Diagnosegrupper med tilbud på begge nivåer (overlapp): Diabetes." in page
    diabetes = page[page.index('<th scope="row">Diabetes</th>') :]
    assert "<strong>Overlapp</strong>" in diabetes[: diabetes.index("</tr>")]
    assert "<strong>Mangel</strong>" in page
    joint = page[page.index("Tilbud som gis i samarbeid") :]
    assert "Diabetesskolen" in joint[: joint.index("</ul>")]


def test_a_recent_agreement_is_not_flagged(client, trust):
    make_agreement(trust, signed=date.today())
    page = client.get(reverse("collaboration:trust", args=[trust.orgnr])).content.decode()
    assert "Bør revideres" not in page
    assert "Avtalen er ikke vurdert ennå." in page


def test_unknown_trust_is_404(client, refdata):
    assert client.get("/samarbeid/123456789/").status_code == 404


def test_the_pages_are_read_only(client, trust):
    assert client.post(reverse("collaboration:index")).status_code == 405
    assert client.post(reverse("collaboration:trust", args=[trust.orgnr])).status_code == 405


def test_administrators_see_agreements_due_on_the_dashboard(
    client, trust, agreement, django_user_model
):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "x")
    login_verified(client, admin)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Avtaler som ikke er revidert på to år" in page
    assert reverse("collaboration:agreement", args=[agreement.external_id]) in page


def test_the_admin_defaults_the_assessor_to_the_user(client, trust, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "x")
    login_verified(client, admin)
    form = {
        "health_trust": trust.orgnr,
        "municipalities": ["3403"],
        "sub_agreements": ["delavtale_2", "delavtale_6"],
        "signed": "2024-01-15",
        "url": "",
        "assessments-TOTAL_FORMS": "1",
        "assessments-INITIAL_FORMS": "0",
        "assessments-MIN_NUM_FORMS": "0",
        "assessments-MAX_NUM_FORMS": "1000",
        "assessments-0-assessed_on": "2024-02-01",
        "assessments-0-assessed_by": "",
    }
    for prefix in ("confirmations", "tied_offers", "tied_runs"):
        form |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    for field in (c.field for c in rules.CRITERIA):
        form[f"assessments-0-{field}"] = "2"
        form[f"assessments-0-{field}_justification"] = "Delvis beskrevet."
    response = client.post("/admin/collaboration/agreement/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get()
    assert agreement.sub_agreements == ["delavtale_2", "delavtale_6"]
    assert agreement.assessments.get().assessed_by == admin
    page = client.get("/admin/collaboration/agreement/add/").content.decode()
    assert f'<option value="{admin.pk}" selected>' in page


def test_editors_of_a_hospital_trust_see_their_own_agreements_due(
    client, trust, agreement, django_user_model
):
    other_trust = Municipality.objects.get(number="5001").health_trust
    other = make_agreement(other_trust, municipalities=["5001"], signed=date(2018, 1, 1))
    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    editor = django_user_model.objects.create_user("hf-redaktor")
    Membership.objects.create(user=editor, organisation=hf, role=Role.EDITOR)
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Avtaler som ikke er revidert på to år" in page
    assert reverse("collaboration:agreement", args=[agreement.external_id]) in page
    assert f"#avtale-{other.pk}" not in page


def test_editors_of_an_lms_do_not_get_the_agreement_section(client, trust, django_user_model):
    lms = make_organisation(name="LMS")
    editor = django_user_model.objects.create_user("lms-redaktor")
    Membership.objects.create(user=editor, organisation=lms, role=Role.EDITOR)
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Avtaler som ikke er revidert på to år" not in page


def test_the_admin_lists_open(client, trust, agreement, django_user_model):
    load_health_communities()
    admin = django_user_model.objects.create_superuser("admin", "admin@example.no", "x")
    login_verified(client, admin)
    for path in ["agreement", "healthcommunity", f"agreement/{agreement.pk}/change"]:
        assert client.get(f"/admin/collaboration/{path}/").status_code == 200
    community = agreement.health_trust.health_communities.get()
    assert (
        client.get(f"/admin/collaboration/healthcommunity/{community.pk}/change/").status_code
        == 200
    )


def test_the_trust_page_reads_a_fixed_number_of_queries(client, trust, agreement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    lms = make_organisation(name="LMS Innlandet", parent=hf)
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    url = reverse("collaboration:trust", args=[trust.orgnr])

    def grow(start, count):
        for number in range(start, start + count):
            make_offer(title=f"Sykehuskurs {number:03}", responsible=lms)
            make_offer(
                title=f"Felleskurs {number:03}",
                responsible=hamar,
                co_organisers=[lms],
                codes={"diagnoser": ["diabetes"]},
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return len(captured), page

    grow(0, 2)
    few, _page = queries()
    grow(2, 58)
    many, page = queries()
    assert many == few
    assert "Publiserte tilbud i området: 60 i spesialisthelsetjenesten og 60 i kommunene." in page
    joint = page[page.index("Tilbud som gis i samarbeid") :]
    assert "Felleskurs 049" in joint and "Felleskurs 050" not in joint
    assert "… og 10 til." in joint[: joint.index("<table")]
