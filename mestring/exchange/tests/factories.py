"""Builders for exchange tests: the catalogue's factories plus attendance and a realistic set."""

from datetime import date, datetime
from decimal import Decimal

from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run, Session
from mestring.catalogue.tests.factories import OSLO, make_offer, make_organisation, make_run

__all__ = [
    "clear_catalogue",
    "make_attendance",
    "make_offer",
    "make_organisation",
    "make_realistic_set",
    "make_run",
    "table_counts",
]


def make_attendance(run: Run, **values) -> Attendance:
    defaults = {"date": run.start, "patients": 8, "relatives": 3, "professionals": 2}
    return Attendance.objects.create(run=run, **{**defaults, **values})


def make_realistic_set() -> dict:
    """A small but varied data set: a hierarchy, every kind of field, gaps, drafts, DST."""
    region = make_organisation(external_id="rhf-hso", name="Helse Sør-Øst RHF", type="rhf")
    trust = make_organisation(
        external_id="hf-ous",
        name="Oslo universitetssykehus HF",
        type="hf",
        orgnr="993467049",
        parent=region,
        municipality_id="0301",
        website="https://oslo-universitetssykehus.no",
    )
    lms = make_organisation(
        external_id="lms-ous",
        name="Lærings- og mestringssenteret, OUS",
        parent=trust,
        email="lms@ous-hf.no",
        phone="+47 22 11 80 80",
        municipality_id="0301",
    )
    municipality = make_organisation(
        external_id="kommune-0301",
        name="Oslo kommune, bydel Grünerløkka",
        type="kommune",
        region=None,
        municipality_id="0301",
    )
    user_org = make_organisation(
        external_id="mental-helse", name="Mental Helse", type="brukerorganisasjon", region=None
    )
    diabetes = _offer_with_everything(lms, municipality, user_org)
    draft = make_offer(
        external_id="t-utkast",
        title="Pårørendeskole (utkast)",
        responsible=municipality,
        status="utkast",
        price=Decimal("0"),
    )
    gaps = Offer.objects.create(
        external_id="t-hull",
        title="Historisk kurs fra kartleggingen",
        responsible=trust,
        main_theme="tvers_av_diagnoser",
        status="arkivert",
    )
    spring = make_run(diabetes, external_id="g-var", start=date(2025, 3, 4), sessions=4)
    autumn = make_run(diabetes, external_id="g-host", start=date(2025, 10, 7), capacity=20)
    # 02:30 on the night summer time ends happens twice; the second one must survive.
    Session.objects.create(
        run=autumn, start=datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=OSLO), duration_min=90
    )
    Session.objects.create(
        run=autumn, start=datetime(2025, 10, 28, 18, 0, 30, tzinfo=OSLO), duration_min=None
    )
    digital = make_run(
        draft,
        external_id="g-digital",
        start=date(2024, 11, 1),
        format="digitalt_direkte",
        venue="digitalt",
        municipality_id=None,
        status="gjennomfort",
    )
    old = Run.objects.create(
        external_id="g-2010", offer=gaps, start=date(2010, 9, 1), status="gjennomfort"
    )
    make_attendance(spring, date=None, patients=30, relatives=10, child_relatives=0)
    for day in (date(2025, 3, 4), date(2025, 3, 11)):
        make_attendance(spring, date=day, other_participants=1, user_representatives=1)
    make_attendance(old, date=None, patients=12, relatives=None, professionals=None)
    return {"offers": [diabetes, draft, gaps], "runs": [spring, autumn, digital, old]}


def _offer_with_everything(lms, municipality, user_org) -> Offer:
    return make_offer(
        external_id="t-diabetes",
        title="Lær å leve med diabetes type 2",
        description="Et kurs over **fire kvelder**.\n\n- Kosthold\n- Fysisk aktivitet",
        responsible=lms,
        co_organisers=[municipality, user_org],
        main_theme="spesifikk_diagnose",
        price=Decimal("250.50"),
        price_note="Gratis med frikort.",
        referral_note="Fastlegen sender henvisning til LMS.",
        cancellation="Senest 24 timer før.",
        signup_url="https://example.no/pamelding",
        signup_text="Ring eller meld deg på nett.",
        user_organisations=["Diabetesforbundet", "mental-helse"],
        users_in_evaluation=False,
        last_confirmed=date(2025, 1, 15),
        codes={
            "diagnoser": ["diabetes", "overvekt"],
            "sprak": ["nb", "se"],
            "andre_malgrupper": ["parorende_voksne"],
            "registreringssted": ["pas_epj", "internt"],
        },
    )


def clear_catalogue() -> None:
    """Remove every organisation, offer, run, session and attendance row."""
    Attendance.objects.all().delete()
    Session.objects.all().delete()
    OfferCode.objects.all().delete()
    Run.objects.all().delete()
    Offer.objects.all().delete()
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()


def table_counts() -> dict[str, int]:
    models = (Organisation, Offer, OfferCode, Run, Session, Attendance)
    return {model.__name__: model.objects.count() for model in models}
