import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from mestring.activity.models import Attendance
from mestring.catalogue import rules
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run
from mestring.exchange.exporters.core import export_data
from mestring.refdata.models import Municipality

pytestmark = pytest.mark.django_db
TODAY = "2026-11-22"


def demo(*args):
    call_command(
        "demo",
        "--scale",
        "mini",
        "--today",
        TODAY,
        *args,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def exported() -> dict:
    out = io.StringIO()
    export_data("json", out)
    return json.loads(out.getvalue())


def test_same_seed_and_day_give_the_same_data(refdata):
    demo()
    first = exported()
    demo("--replace")
    assert exported() == first
    demo("--replace", "--seed", "7")
    assert exported() != first


def test_every_generated_record_passes_the_rules(refdata):
    demo()
    known = set(Municipality.objects.values_list("number", flat=True))
    data = exported()
    for org in data["tilbydere"]:
        assert rules.organisation_problems(org, known) == [], org
    for offer in data["tilbud"]:
        assert rules.offer_problems(offer) == [], offer["id"]
        assert not rules.free_text_problem(offer["beskrivelse"])
    for run in data["gjennomforinger"]:
        values = {
            **run,
            "start": date.fromisoformat(run["start"]),
            "slutt": run["slutt"] and date.fromisoformat(run["slutt"]),
        }
        assert rules.run_problems(values, known) == [], run["id"]


def test_the_demo_scale_looks_like_the_field(refdata):
    call_command("demo", "--today", TODAY, stdout=io.StringIO(), stderr=io.StringIO())
    today = date.fromisoformat(TODAY)
    assert Offer.objects.count() >= 800
    fields = set(OfferCode.objects.filter(field="fagfelt").values_list("code", flat=True))
    assert fields == {"somatikk", "psykisk_helse", "rus"}
    assert Offer.objects.filter(main_target_group="parorende_barn").exists()
    assert OfferCode.objects.filter(field="sprak", code__in=["se", "smj", "sma"]).exists()
    assert set(Offer.objects.values_list("status", flat=True)) == {
        "publisert",
        "utkast",
        "arkivert",
    }
    assert Run.objects.filter(start__gt=today, status="planlagt").exists()
    assert Run.objects.filter(start__lt=today - timedelta(days=900)).exists()
    assert not Attendance.objects.filter(date__gte=today).exists()
    assert not Attendance.objects.filter(run__status="avlyst").exists()
    assert not Run.objects.filter(Q(format="digitalt_direkte") & ~Q(municipality=None)).exists()
    hf_children = Organisation.objects.filter(type="lms", parent__type="hf")
    assert hf_children.count() >= 20
    assert Organisation.objects.filter(type="frisklivssentral").exists()


def test_refuses_to_mix_with_existing_offers(refdata):
    demo()
    with pytest.raises(CommandError, match="--replace"):
        demo()
    count = Offer.objects.count()
    out = io.StringIO()
    call_command("demo", "--scale", "mini", "--if-empty", stdout=out)
    assert "ble ikke laget" in out.getvalue()
    assert Offer.objects.count() == count


def test_replace_keeps_the_health_trusts(refdata):
    demo()
    demo("--replace")
    assert Organisation.objects.filter(external_id__startswith="hf-").count() == 23
    assert Offer.objects.count() == 30


def test_bad_day_is_refused():
    with pytest.raises(CommandError, match="--today"):
        call_command("demo", "--today", "22.11.2026")
