"""From an empty installation to recorded attendance, in a real browser and with no shell:
the administrator (made with `mestring createsuperuser`) sets up two-factor login by typing
the Base32 key shown on the page into an authenticator (pyotp), invites an LMS coordinator by
e-mail, and the coordinator sets a password, lands in «Mitt arbeid», registers and publishes
an offer, adds its first run with a session last week and one next week, and records
attendance for the session that has happened. Every new or changed page is checked with
axe at 390 px and 1280 px, with no violation of any impact allowed."""

import json
import re
from datetime import timedelta

import pyotp
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mestring.accounts.models import Invitation, Membership
from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer

from .conftest import DESKTOP, PHONE, axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
ADMIN_PASSWORD = "administratorens-lange-passord"  # noqa: S105
COORDINATOR_PASSWORD = "blaa-fjell-og-gronne-daler-42"  # noqa: S105
EVERY_IMPACT = ("minor", "moderate", "serious", "critical")
PROVIDER = "Sykehuset Innlandet HF"


def check_page(page, name: str) -> None:
    """axe with no violations, nothing wider than the window, and no overlapping labels,
    at phone and desktop width."""
    for label, viewport in (("mobil", PHONE), ("skjerm", DESKTOP)):
        page.set_viewport_size(viewport)
        violations = axe_violations(page, impacts=EVERY_IMPACT)
        assert violations == [], f"{name} ({label}): " + json.dumps(violations, ensure_ascii=False)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} ({label}) is {overflow} px too wide: " + str(
            page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && !e.closest('.table-scroll'))
                  .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"""
            )
        )
        assert overlapping_labels(page) == [], f"{name} ({label})"
        screenshot(page, f"onboarding-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def overlapping_labels(page) -> list:
    return page.evaluate(
        """() => {
          const boxes = [...document.querySelectorAll('main label, main legend, main th')]
            .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden'))
            .map(e => [e.textContent.trim().slice(0, 40), e.getBoundingClientRect()])
            .filter(([, r]) => r.width > 1 && r.height > 1);
          const found = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, r] = boxes[i], [b, s] = boxes[j];
              const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
              const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
              const nested = r.left <= s.left && r.right >= s.right && r.top <= s.top
                && r.bottom >= s.bottom || s.left <= r.left && s.right >= r.right
                && s.top <= r.top && s.bottom >= r.bottom;
              if (x > 1 && y > 1 && !nested) found.push([a, b]);
            }
          for (const e of document.querySelectorAll('main label, main legend, main th'))
            if (e.offsetParent !== null && !e.closest('.visually-hidden')
                && e.scrollWidth > e.clientWidth + 1)
              found.push([e.textContent.trim().slice(0, 40), 'runs over its box']);
          return found;
        }"""
    )


def group(page, name):
    return page.get_by_role("group", name=re.compile(f"^{re.escape(name)}"))


def next_step(page):
    page.get_by_role("button", name="Lagre og gå videre").click()


@pytest.fixture
def administrator(refdata, monkeypatch):
    """What the README's quick start says to do first, as a command (no shell)."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", ADMIN_PASSWORD)
    call_command(
        "createsuperuser", "--no-input", username="admin", email="admin@example.no", verbosity=0
    )


def test_from_an_empty_installation_to_recorded_attendance(browser, live_server, administrator):
    url = live_server.url
    assert not Offer.objects.exists() and not Membership.objects.exists()

    # The administrator logs in and must set up two-factor login first.
    admin = browser.new_context(viewport=DESKTOP, locale="nb-NO", bypass_csp=True).new_page()
    admin.goto(f"{url}/konto/logg-inn/?next=/arbeid/tilgang/")
    admin.get_by_label("Brukernavn").fill("admin")
    admin.get_by_label("Passord").fill(ADMIN_PASSWORD)
    admin.get_by_role("button", name="Logg inn").click()
    admin.wait_for_url(re.compile(r"/konto/tofaktor/"))
    check_page(admin, "tofaktor")
    key = admin.locator("#totp-nokkel").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", key), key
    admin.get_by_label("Engangskode").fill(pyotp.TOTP(key.replace(" ", "")).now())
    admin.get_by_role("button", name="Bekreft").click()
    admin.wait_for_url(f"{url}/arbeid/tilgang/")

    # … and invites the coordinator; a wrong combination is explained first.
    check_page(admin, "tilgang")
    admin.get_by_label("E-postadresse").fill("kari.koordinator@example.no")
    group(admin, "Rolle").get_by_label("Redaktør").check()
    admin.get_by_role("button", name="Send invitasjonen").click()
    assert "må høre til en tilbyder" in admin.locator("#feiloppsummering").inner_text()
    check_page(admin, "tilgang-feil")
    admin.get_by_label("Tilbyder").select_option(label=PROVIDER)
    admin.get_by_role("button", name="Send invitasjonen").click()
    assert admin.get_by_text("Invitasjonen er sendt til kari.koordinator@example.no").is_visible()
    assert admin.get_by_role("cell", name=re.compile("Venter, gyldig til")).is_visible()
    check_page(admin, "tilgang-sendt")
    admin.context.close()

    # The coordinator opens the link from the e-mail and sets a password.
    assert mail.outbox[-1].to == ["kari.koordinator@example.no"]
    link = re.search(r"https?://\S+/konto/invitasjon/\S+/", mail.outbox[-1].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(list(Invitation.objects.values()))  # only its hash is stored
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    page.goto(link.replace("http://testserver", url))
    assert page.get_by_text(f"Du er invitert til å bli redaktør for {PROVIDER}.").is_visible()
    check_page(page, "invitasjon")
    page.get_by_label(re.compile("^Nytt passord")).fill(COORDINATOR_PASSWORD)
    page.get_by_label(re.compile("^Bekreft nytt passord")).fill(COORDINATOR_PASSWORD)
    page.get_by_role("button", name="Lag passord og fortsett").click()
    page.wait_for_url(f"{url}/arbeid/")
    assert page.get_by_text(f"Velkommen! Du er nå redaktør for {PROVIDER}.").is_visible()
    check_page(page, "mitt-arbeid")

    # The link works once.
    used = browser.new_context(locale="nb-NO").new_page()
    used.goto(link.replace("http://testserver", url))
    assert used.get_by_text("Invitasjonen er allerede brukt").is_visible()
    used.context.close()

    # An offer in five steps, with another language written by name.
    page.get_by_role("link", name="Tilbud", exact=True).click()
    page.get_by_role("link", name="Registrer et nytt tilbud").click()
    page.get_by_label("Tittel").fill("Leve med KOLS")
    page.get_by_label("Beskrivelse").fill("Et kurs over to kvelder om pust, trening og medisiner.")
    group(page, "Hovedtematikk").get_by_label("Spesifikk diagnose").check()
    group(page, "Diagnosegrupper").get_by_label("Lungesykdom").check()
    group(page, "Fagfelt").get_by_label("Somatikk").check()
    page.get_by_label("Ansvarlig tilbyder").select_option(label=PROVIDER)
    next_step(page)
    group(page, "Hovedmålgruppe").get_by_label("Pasient og pårørende").check()
    group(page, "Aldersgruppe").get_by_label("Voksne (18 år eller eldre)").check()
    group(page, "Språk").get_by_label("Norsk bokmål").check()
    group(page, "Språk").get_by_label("Sørsamisk").check()
    page.get_by_label("Andre språk").fill("polsk")
    group(page, "Kan dere skaffe tolk?").get_by_label("Ja").check()
    group(page, "Er tilbudet tilpasset samisk språk og kultur?").get_by_label("Ja").check()
    check_page(page, "steg2")
    next_step(page)
    group(page, "Nivå").get_by_label("Lokal").check()
    page.get_by_label("Antall samlinger").fill("2")
    group(page, "Må deltakerne ha henvisning fra lege?").get_by_label("Nei").check()
    group(page, "Registreres deltakelsen som aktivitet?").get_by_label("Ja").check()
    next_step(page)
    group(page, "Brukerrepresentant").get_by_label(re.compile("med brukerorganisasjon")).check()
    for question in (
        "Er brukere med og planlegger tilbudet?",
        "Er brukere med når tilbudet holdes?",
        "Er brukere med og evaluerer tilbudet?",
    ):
        group(page, question).get_by_label("Ja").check()
    next_step(page)
    page.get_by_label("Egenandel (kroner)").fill("0")
    page.get_by_label("Påmelding på telefon").fill("62 00 00 00")
    page.get_by_role("button", name="Lagre og forhåndsvis").click()
    page.get_by_role("button", name="Publiser").click()
    page.get_by_text("«Leve med KOLS» er publisert.").wait_for()
    offer = Offer.objects.get(title="Leve med KOLS")
    assert offer.status == "publisert"
    assert sorted(offer.codes_for("sprak")) == ["nb", "pl", "sma"]

    # The confirmation offers the first run as the next step.
    assert page.get_by_text("«Leve med KOLS» er publisert.").is_visible()
    assert page.get_by_text("Neste steg: den første gjennomføringen").is_visible()
    check_page(page, "publisert")
    page.get_by_role("link", name="Legg til første gjennomføring").click()

    # A run with one session last week and one next week.
    check_page(page, "ny-gjennomforing")
    today = timezone.localdate()
    last_week, next_week = today - timedelta(days=7), today + timedelta(days=7)
    group(page, "Tidspunkt").get_by_label("Kveldstid").check()
    group(page, "Sted").get_by_label("Spesialisthelsetjenestens lokaler").check()
    group(page, "Format").get_by_label("Fysisk oppmøte").check()
    page.get_by_label("Kommune").select_option("3403")
    page.get_by_label("Adresse").fill("Anton Lunds gate 2, 2380 Brumunddal")
    group(page, "Samarbeid med kommunalt personell").get_by_label("Nei").check()
    group(page, "Hvordan vil du legge inn samlingene?").get_by_label(
        re.compile("listen over samlinger")
    ).check()
    for number, day in ((1, last_week), (2, next_week)):
        page.get_by_label(f"Samling {number}: dato").fill(day.isoformat())
        page.get_by_label(f"Samling {number}: klokkeslett").fill("18:00")
        page.get_by_label(f"Samling {number}: varighet (minutter)").fill("120")
    page.get_by_role("button", name="Lagre gjennomføringen").click()
    page.wait_for_url(re.compile(r"/gjennomforinger/$"))
    run = offer.runs.get()
    assert run.sessions.count() == 2
    period = f"{last_week:%d.%m.%Y}–{next_week:%d.%m.%Y}"
    assert page.get_by_text(f"Gjennomføringen {period} er lagret.").is_visible()
    assert run.external_id not in page.locator("main").inner_text()
    check_page(page, "gjennomforinger")

    # Attendance: the session that has happened can be recorded, next week's cannot.
    page.get_by_role("link", name=re.compile("Registrer oppmøte")).click()
    rows = page.locator("table.attendance-table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("input").count() == 6
    assert rows.nth(1).locator("input").count() == 0
    assert "ikke holdt ennå" in rows.nth(1).inner_text()
    width = page.evaluate(
        "(() => { const s = document.querySelector('.table-scroll');"
        " return s.scrollWidth - s.clientWidth; })()"
    )
    assert width <= 0, f"the attendance table needs {width} px more at 1280 px"
    check_page(page, "oppmote")
    cells = rows.nth(0).locator("input")
    cells.nth(0).fill("9")  # patients
    cells.nth(1).fill("3")  # relatives
    cells.nth(5).fill("2")  # professionals
    page.get_by_role("button", name="Lagre oppmøtet").click()
    page.get_by_text("Oppmøtet er lagret.").wait_for()
    record = Attendance.objects.get(run=run)
    assert (record.date, record.patients, record.relatives, record.professionals) == (
        last_week,
        9,
        3,
        2,
    )
    check_page(page, "oppmote-lagret")
    context.close()
