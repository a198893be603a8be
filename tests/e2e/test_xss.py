"""Cross-site scripting: hostile text in every free-text field stays inert text on every page.

The data is stored through the ORM (as legacy data or an import gone wrong could leave it,
past the forms' rules) and once typed into the workspace form. Each payload, if it ran, would
set `window.__xss` or open a dialog.

The browser context keeps the real Content-Security-Policy (no `bypass_csp`), but nothing here
relies on it: the checks look at the DOM itself (event handler attributes, script links,
injected elements, scripts and styles carrying the payload), so an escaping bug fails the test
even though the policy would have blocked the script.
"""

import json
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.utils import timezone

from mestring.accounts.models import Membership, Role
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .conftest import DESKTOP, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

USERNAME = "xss-redaktor"
PASSWORD = "Et-langt-passord-for-xss-testen-1"
# A word to search for: every offer title below starts with it.
PROBE = "Xssprobe"


def attack(tag: str) -> str:
    """Hostile text for one field (≤ 300 characters for a short tag); `tag` names the field
    in `window.__xss` if any part of it ever runs."""
    return (
        f'"><script>window.__xss="{tag}"</script>'
        f"<img src=x onerror=\"window.__xss='{tag}'\">"
        f"<svg onload=\"window.__xss='{tag}'\">"
        f"<u class=xss-probe>{tag}</u>'-alert(1)-'"
        "<style>/*__xss*/body{display:none}</style>"
        f"<iframe src=\"javascript:top.__xss='{tag}'\"></iframe>"
    )


def short_attack(tag: str) -> str:
    """The same, in fewer than 150 characters (names)."""
    return (
        f"\"><script>window.__xss='{tag}'</script>"
        f"<img src=x onerror=window.__xss='{tag}'>"
        f"<svg onload=alert('{tag}')><u class=xss-probe>'-alert(1)-'</u>"
    )


TITLE = f"{PROBE} {attack('tittel')}"
ORG_NAME = short_attack("tilbyder")
CO_ORG_NAME = short_attack("medarr")
PARENT_NAME = short_attack("overordnet")
ORG_WEBSITE = (
    'https://example.no/?"onmouseover="window.__xss=\'nettside\'">'
    "<script>window.__xss='nettside'</script>"
)
ORG_EMAIL = '"><img src=x onerror=alert(1)>@example.no'
PHONE = '"><svg onload=alert(1)>'
ADDRESS = attack("adresse")
PAST_ADDRESS = attack("adr2")
USER_ORGANISATIONS = [attack("brukerorg"), "<script>window.__xss='brukerorg2'</script>"]
PRICE_NOTE = attack("pris")
REFERRAL_NOTE = attack("henvisning")
CANCELLATION = attack("avbestilling")
LEGACY_CANCELLATION = attack("avbest2")
SIGNUP_TEXT = attack("pamelding")
SIGNUP_URL = "https://example.no/\"><script>window.__xss='pameldingsurl'</script>"
SIGNUP_EMAIL = '"><script>alert(1)</script>@example.no'
FIRST_NAME = short_attack("fornavn")
LAST_NAME = "<img src=x onerror=alert('etternavn')>"
COMMENT = attack("kommentar")
# reversion shows a comment that is a JSON list the way the admin shows its change messages.
JSON_COMMENT = json.dumps(
    [{"changed": {"fields": [attack("felt")]}}, {"added": {"name": "<b>", "object": TITLE}}]
)
# Markdown that tries every way round the description's sanitising, stored past the form.
DESCRIPTION = f"""{PROBE}-beskrivelse: et kurs med farlig tekst.

[klikk](javascript:alert(1))
[klikk 2](javascript:window.__xss='md-lenke')
[klikk 3](JaVaScRiPt:alert(1)) [klikk 4]( javascript:alert(1)) [klikk 5](&#106;avascript:alert(1))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
<javascript:alert(1)> [referanse][x] ![bilde](x" onerror="window.__xss='md-bilde')

[x]: javascript:window.__xss='md-referanse'

<img src=x onerror="window.__xss='md-img'">
<script>window.__xss='md-script'</script>
<svg onload="window.__xss='md-svg'">
"><script>window.__xss='md-ut-av-attributt'</script>
'-alert(1)-'
<style>/*__xss*/body{{display:none}}</style>
<iframe src="javascript:top.__xss='md-iframe'"></iframe>
<iframe srcdoc="<script>parent.__xss='md-srcdoc'</script>"></iframe>
<p onmouseover="window.__xss='md-handler'">pek her</p>
<div><a href="javascript:window.__xss='md-a'" onclick="window.__xss='md-onclick'">lenke</a></div>
<scr<script>ipt>window.__xss='md-nestet'</scr</script>ipt>
<!-- <img src=x onerror=alert(1)> -->
<u class=xss-probe>md</u>

* punkt <img src=x onerror=alert('md-liste')>
* **fet** [trygg lenke](https://example.no/kurs)
"""
# What the step form gets typed into it.
TYPED_TITLE = f"{PROBE} skjema {attack('skjema')}"
TYPED_DESCRIPTION = (
    f"{PROBE} skrevet i skjemaet.\n\n[klikk](javascript:alert(1))\n\n"
    "<img src=x onerror=\"window.__xss='skjema-img'\">\n<script>window.__xss='skjema'</script>\n"
    "<svg onload=\"window.__xss='skjema-svg'\">\n\"><script>alert(1)</script>\n'-alert(1)-'\n"
    '<style>/*__xss*/body{display:none}</style>\n<iframe src="javascript:alert(1)"></iframe>\n'
    "<p onclick=\"window.__xss='skjema-p'\">trykk</p>"
)
# Reflected: put into query strings.
REFLECTED = "\"><script>window.__xss='reflektert'</script><img src=x onerror=alert(1)>'-alert(1)-'"
# The same without "/", for a path segment.
REFLECTED_ID = (
    "\"><img src=x onerror=window.__xss='reflektert-id'><svg onload=alert(1)>'-alert(1)-'"
)

# Plain-text fields: shown escaped, never removed.
OFFER_PAGE_TEXT = [
    TITLE,
    ORG_NAME,
    CO_ORG_NAME,
    PARENT_NAME,
    PRICE_NOTE,
    REFERRAL_NOTE,
    LEGACY_CANCELLATION,
    SIGNUP_TEXT,
    SIGNUP_EMAIL,
    PHONE,
    ADDRESS,
    *USER_ORGANISATIONS,
]

# Runs in the page after load: everything that would show that hostile text became markup.
INSPECT_DOM = r"""() => {
  const found = [];
  const MARK = /__xss|alert\(|xss-probe|msgbox/i;
  const SCRIPT_URL = /^[\s\u0000-\u001f]*(javascript|vbscript|data:text\/html)/i;
  const URL_ATTRIBUTES = ["href", "src", "action", "formaction", "xlink:href", "data",
                          "background", "poster", "srcdoc"];
  const describe = (el) => el.outerHTML.slice(0, 160);
  if (window.__xss !== undefined) found.push(`window.__xss = ${window.__xss}`);
  for (const violation of window.__cspViolations || []) found.push(`CSP: ${violation}`);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`event handler attribute: ${describe(el)}`);
      if (URL_ATTRIBUTES.includes(name) && SCRIPT_URL.test(attr.value))
        found.push(`script URL in ${name}: ${describe(el)}`);
      if (name === "srcdoc" || (name === "style" && MARK.test(attr.value)))
        found.push(`${name} attribute: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll('a[href^="javascript:" i]'))
    found.push(`javascript: link: ${describe(el)}`);
  for (const el of document.querySelectorAll(
    'iframe, frame, object, embed, base, meta[http-equiv="refresh" i], .xss-probe'))
    found.push(`injected element: ${describe(el)}`);
  for (const el of document.querySelectorAll("script")) {
    const type = (el.getAttribute("type") || "").trim().toLowerCase();
    if (type === "application/ld+json") {
      // A data block is never run, but it must not be able to end its <script> element.
      if (/[<>]/.test(el.textContent)) found.push(`raw < or > in JSON-LD: ${describe(el)}`);
      try { JSON.parse(el.textContent); } catch (e) { found.push(`JSON-LD does not parse: ${e}`); }
    } else if (MARK.test(el.textContent) || MARK.test(el.getAttribute("src") || "")) {
      found.push(`script with the payload: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll("style"))
    if (MARK.test(el.textContent)) found.push(`style with the payload: ${describe(el)}`);
  for (const el of document.querySelectorAll("svg"))
    if (MARK.test(el.outerHTML)) found.push(`svg with the payload: ${describe(el)}`);
  return found;
}"""

# Added to every page before its own scripts: a blocked inline script or handler shows up here.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample}`);
});
"""


class Browser:
    """One page in a context that enforces the site's CSP, recording anything suspicious."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.popups: list[str] = []
        page.on("dialog", self._dialog)
        page.context.on("page", lambda popup: self.popups.append(popup.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def visit(self, path: str, status: int = 200):
        response = self.page.goto(self.base_url + path, wait_until="networkidle")
        if response.status != status:
            self.problems.append(f"{path}: status {response.status}, expected {status}")
        self.inspect(path)
        return response

    def inspect(self, where: str) -> None:
        """window.__xss, dialogs, popups and the DOM of the page now open."""
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate(INSPECT_DOM)
        found += [f"dialog {message}" for message in self.dialogs]
        found += [f"popup {url}" for url in self.popups]
        self.dialogs.clear()
        self.popups.clear()
        self.problems.extend(f"{where}: {problem}" for problem in found)

    def expect(self, where: str, condition: bool, message: str) -> None:
        if not condition:
            self.problems.append(f"{where}: {message}")

    def shows_text(self, where: str, texts, selector: str = "main") -> None:
        shown = self.page.locator(selector).inner_text()
        for text in texts:
            self.expect(where, text in shown, f"text not shown in {selector}: {text[:60]}…")

    def input_value(self, where: str, selector: str, expected: str) -> None:
        value = self.page.locator(selector).input_value()
        self.expect(where, value == expected, f"{selector} holds {value[:80]!r}")

    def log_in(self) -> None:
        self.page.goto(f"{self.base_url}/konto/logg-inn/")
        self.page.fill("#id_username", USERNAME)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.locator("main button[type=submit]").click()
        assert "/konto/" not in self.page.url, "login failed"

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def strict_browser(browser, live_server):
    """The real Content-Security-Policy applies: no bypass_csp (unlike the `page` fixture)."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    context.add_init_script(CSP_LISTENER)
    yield Browser(context.new_page(), live_server.url)
    context.close()


def _fits(model, values: dict) -> dict:
    """Keep within max_length, so the same data also fits PostgreSQL."""
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        assert limit is None or len(value) <= limit, f"{model.__name__}.{name}: {len(value)}"
    return values


@pytest.fixture
def hostile(refdata):
    """An organisation (with a parent), a co-organiser, a published offer with an upcoming and
    a past run, an editor, and two versions in the history: hostile text in every field."""
    user = get_user_model().objects.create_user(
        USERNAME, password=PASSWORD, first_name=FIRST_NAME, last_name=LAST_NAME
    )
    today = timezone.localdate()
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(COMMENT)
        parent = make_organisation(**_fits(Organisation, {"name": PARENT_NAME}))
        org = make_organisation(
            parent=parent,
            **_fits(
                Organisation,
                {"name": ORG_NAME, "website": ORG_WEBSITE, "email": ORG_EMAIL, "phone": PHONE},
            ),
        )
        co_org = make_organisation(**_fits(Organisation, {"name": CO_ORG_NAME}))
        offer = make_offer(
            responsible=org,
            co_organisers=[co_org],
            description=f"{PROBE}-beskrivelse, første versjon.",
            user_organisations=USER_ORGANISATIONS,
            **_fits(
                Offer,
                {
                    "title": TITLE,
                    "price_note": PRICE_NOTE,
                    "referral_note": REFERRAL_NOTE,
                    "cancellation": CANCELLATION,
                    "signup_text": SIGNUP_TEXT,
                    "signup_url": SIGNUP_URL,
                    "signup_email": SIGNUP_EMAIL,
                    "signup_phone": PHONE,
                },
            ),
        )
        upcoming = make_run(offer, sessions=3, address=f"{PROBE} gammel adresse")
        past = make_run(
            offer,
            sessions=2,
            start=today - timedelta(days=21),
            **_fits(Run, {"address": PAST_ADDRESS}),
        )
    Membership.objects.create(user=user, role=Role.EDITOR, organisation=org)
    # Legacy data that never went through the form: a description with raw HTML and script
    # links, which the storage rules would have cleaned.
    Offer.objects.filter(pk=offer.pk).update(
        description=DESCRIPTION, cancellation=LEGACY_CANCELLATION
    )
    Run.objects.filter(pk=upcoming.pk).update(**_fits(Run, {"address": ADDRESS}))
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(JSON_COMMENT)
        reversion.add_to_revision(Offer.objects.get(pk=offer.pk))
        reversion.add_to_revision(Run.objects.get(pk=upcoming.pk))
    return {
        "offer": Offer.objects.get(pk=offer.pk),
        "org": org,
        "co_org": co_org,
        "parent": parent,
        "upcoming": upcoming,
        "past": past,
    }


def test_the_checks_catch_an_injection(browser):
    """The checks themselves: markup that did get through is reported (no CSP on about:blank)."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    context.add_init_script(CSP_LISTENER)
    b = Browser(context.new_page(), "")
    try:
        b.page.set_content(
            "<p onclick=x()>a</p><a href='javascript:void(0)'>b</a><u class=xss-probe></u>"
            "<script>window.__xss='skript'; alert('dialog')</script>"
            "<style>/*__xss*/</style><iframe srcdoc='x'></iframe>"
        )
        b.inspect("injected")
        # Under a strict policy the script is blocked, yet the markup is still reported.
        context.route(
            "http://xss.test/",
            lambda route: route.fulfill(
                content_type="text/html",
                headers={"Content-Security-Policy": "script-src 'self'"},
                body="<img src=x onerror=\"window.__xss='csp'\"><script>alert(1)</script>",
            ),
        )
        b.page.goto("http://xss.test/")
        b.inspect("under CSP")
    finally:
        context.close()
    found = "\n".join(b.problems)
    assert "under CSP: window.__xss" not in found, found
    assert "under CSP: CSP: script-src" in found, found
    assert "under CSP: event handler attribute: <img" in found, found
    for expected in (
        "window.__xss = skript",
        "dialog alert: dialog",
        "event handler attribute: <p onclick",
        "javascript: link",
        'injected element: <u class="xss-probe"',
        "injected element: <iframe",
        "script with the payload",
        "style with the payload",
        "srcdoc attribute",
    ):
        assert expected in found, found


def test_hostile_data_is_inert_on_the_public_pages(strict_browser, hostile):
    b, offer, org = strict_browser, hostile["offer"], hostile["org"]
    offer_url = f"/tilbud/{offer.external_id}/"

    response = b.visit(offer_url)
    b.expect(
        offer_url,
        "script-src 'self'" in (response.headers.get("content-security-policy") or ""),
        "no Content-Security-Policy with script-src 'self'",
    )
    b.expect(offer_url, b.page.locator("h1").inner_text() == TITLE, "title not shown as text")
    b.expect(offer_url, TITLE in b.page.title(), "title not in <title> as text")
    b.shows_text(offer_url, OFFER_PAGE_TEXT)
    b.shows_text(offer_url, [f"{PROBE}-beskrivelse", "pek her", "trygg lenke"], ".description")
    hrefs = b.page.locator(".description a").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        b.expect(offer_url, re.match(r"(https?|mailto):", href), f"description link {href}")
    json_ld = b.page.locator("script[type='application/ld+json']").text_content()
    course = json.loads(json_ld)
    b.expect(offer_url, course["name"] == TITLE, "JSON-LD name is not the title")
    b.expect(offer_url, course["provider"]["name"] == ORG_NAME, "JSON-LD provider name")
    screenshot(b.page, "xss-tilbud")

    b.visit(f"/tilbud/?q={PROBE}")
    cards = b.page.locator(".offer-card h3 a").all_inner_texts()
    b.expect("search", cards == [TITLE], f"search results {cards}")
    b.shows_text("search", [ORG_NAME, f"{PROBE}-beskrivelse"], ".result-list")

    b.visit(f"/tilbud/{quote(REFLECTED_ID, safe='')}/", status=404)
    b.visit(f"/tilbud/?q={quote(REFLECTED)}")
    b.input_value("reflected search", "#sok", REFLECTED)
    b.expect("reflected search", REFLECTED in b.page.title(), "query not in <title> as text")

    org_url = f"/tilbydere/{org.external_id}/"
    b.visit(org_url)
    b.expect(org_url, b.page.locator("h1").inner_text() == ORG_NAME, "name not shown as text")
    b.shows_text(org_url, [PARENT_NAME, ORG_WEBSITE, ORG_EMAIL, PHONE, TITLE])
    b.visit(f"/tilbydere/{hostile['co_org'].external_id}/")
    b.shows_text("co-organiser page", [CO_ORG_NAME, TITLE])
    b.visit(f"/tilbydere/{hostile['parent'].external_id}/")
    b.shows_text("parent page", [PARENT_NAME, ORG_NAME])

    b.visit("/")
    b.visit(f"/statistikk/aktivitet/?fra=2025-01-01&til=2025-12-31&organisasjon={org.external_id}")
    b.visit(
        f"/statistikk/aktivitet/?fra=2025-01-01&til=2025-12-31&organisasjon={quote(REFLECTED)}",
        status=400,
    )
    b.shows_text("reflected statistics", [REFLECTED], "[role=alert]")

    for path, check in (
        (f"/api/v1/tilbud/{offer.external_id}", lambda data: data["tittel"] == TITLE),
        (f"/api/v1/tilbud?q={PROBE}", lambda data: data["resultater"][0]["tittel"] == TITLE),
        (f"/api/v1/tilbydere/{org.external_id}", lambda data: data["navn"] == ORG_NAME),
    ):
        response = b.visit(path)
        content_type = response.headers.get("content-type", "")
        b.expect(path, content_type.startswith("application/json"), f"type {content_type}")
        b.expect(path, response.headers.get("x-content-type-options") == "nosniff", "sniffable")
        b.expect(path, check(response.json()), "the JSON does not hold the stored text")
    # Unknown ids are echoed in problem details, never as HTML.
    missing = b.page.request.get(f"{b.base_url}/api/v1/tilbud/{quote(REFLECTED_ID, safe='')}")
    b.expect("API 404", missing.status == 404, f"status {missing.status}")
    b.expect(
        "API 404",
        missing.headers.get("content-type", "").startswith("application/problem+json")
        and missing.headers.get("x-content-type-options") == "nosniff",
        f"type {missing.headers.get('content-type')}",
    )
    b.assert_clean()


def test_hostile_data_is_inert_in_the_workspace(strict_browser, hostile):
    b, offer, org = strict_browser, hostile["offer"], hostile["org"]
    upcoming, past = hostile["upcoming"], hostile["past"]
    b.log_in()
    b.inspect("after login")

    b.visit("/arbeid/")
    links = b.page.locator(".work-section a").all_inner_texts()
    b.expect("dashboard", links.count(TITLE) >= 3, f"title in {links.count(TITLE)} links")
    b.shows_text("dashboard", [ORG_NAME])

    b.visit("/arbeid/tilbud/")
    b.shows_text("offer list", [TITLE, ORG_NAME], ".offer-table tbody")
    b.visit(f"/arbeid/tilbud/?q={quote(REFLECTED)}")
    b.input_value("reflected offer search", "#offer-search-q", REFLECTED)

    step_inputs = {
        1: {"#id_title": TITLE, "#id_description": DESCRIPTION},
        2: {},
        3: {"#id_referral_note": REFERRAL_NOTE},
        4: {"#id_user_organisations": "\n".join(USER_ORGANISATIONS)},
        5: {
            "#id_price_note": PRICE_NOTE,
            "#id_cancellation": LEGACY_CANCELLATION,
            "#id_signup_url": SIGNUP_URL,
            "#id_signup_email": SIGNUP_EMAIL,
            "#id_signup_phone": PHONE,
            "#id_signup_text": SIGNUP_TEXT,
        },
    }
    for number, inputs in step_inputs.items():
        where = f"step {number}"
        b.visit(f"/arbeid/tilbud/{offer.external_id}/steg/{number}/")
        b.expect(where, b.page.locator("h1").inner_text() == TITLE, "heading is not the title")
        b.expect(where, TITLE in b.page.title(), "title not in <title> as text")
        for selector, expected in inputs.items():
            b.input_value(where, selector, expected)
        if number == 1:
            b.shows_text(where, [CO_ORG_NAME, ORG_NAME], "#id_co_organisers")

    b.visit(f"/arbeid/tilbud/{offer.external_id}/forhandsvis/")
    b.expect("preview", b.page.locator("h1").inner_text() == TITLE, "title not shown as text")
    b.shows_text("preview", OFFER_PAGE_TEXT)

    b.visit(f"/arbeid/tilbud/{offer.external_id}/gjennomforinger/")
    b.shows_text("runs", [TITLE, ORG_NAME])
    b.visit(f"/arbeid/gjennomforinger/{upcoming.external_id}/endre/")
    b.input_value("run form", "#id_address", ADDRESS)
    b.visit(f"/arbeid/gjennomforinger/{past.external_id}/oppmote/")
    b.shows_text("attendance", [TITLE])

    b.visit(f"/arbeid/historikk/tilbud/{offer.external_id}/")
    b.shows_text(
        "offer history",
        [TITLE, FIRST_NAME, LAST_NAME, COMMENT, f"{PROBE}-beskrivelse, første versjon."],
    )
    b.shows_text("offer history", [CANCELLATION, LEGACY_CANCELLATION], ".history-changes")
    b.visit(f"/arbeid/historikk/gjennomforing/{upcoming.external_id}/")
    b.shows_text("run history", [TITLE, f"{PROBE} gammel adresse", ADDRESS])
    b.visit(f"/arbeid/historikk/tilbyder/{org.external_id}/")
    b.shows_text("organisation history", [ORG_NAME])
    b.assert_clean()


def test_payload_typed_into_the_offer_form_is_stored_as_text(strict_browser, hostile):
    b = strict_browser
    b.log_in()
    b.visit("/arbeid/tilbud/nytt/")
    b.page.locator("#id_title").fill(TYPED_TITLE)
    b.page.locator("#id_description").fill(TYPED_DESCRIPTION)
    b.page.locator("input[name=main_theme][value=tvers_av_diagnoser]").check()
    b.page.locator("input[name=fagfelt]").first.check()
    with b.page.expect_navigation():
        b.page.get_by_role("button", name="Lagre og gå videre").click()
    b.inspect("after saving step 1")
    assert "/steg/2/" in b.page.url, b.page.locator("main").inner_text()

    offer = Offer.objects.get(title__startswith=f"{PROBE} skjema")
    assert offer.title == TYPED_TITLE  # escaped when shown, never changed when stored
    assert offer.description.startswith(f"{PROBE} skrevet i skjemaet.")
    assert not re.search(r"<[a-z/!]|\]\(\s*javascript:", offer.description, re.IGNORECASE)
    b.expect("step 2", b.page.locator("h1").inner_text() == TYPED_TITLE, "heading")

    step_1 = f"/arbeid/tilbud/{offer.external_id}/steg/1/"
    b.visit(step_1)
    b.input_value(step_1, "#id_title", TYPED_TITLE)
    b.input_value(step_1, "#id_description", offer.description)
    # Saving a draft brings a message with the title back to the list.
    with b.page.expect_navigation():
        b.page.get_by_role("button", name="Lagre utkast").click()
    b.inspect("offer list with a message")
    b.shows_text("offer list with a message", [f"«{TYPED_TITLE}» er lagret."], ".messages")

    b.visit(f"/arbeid/tilbud/{offer.external_id}/forhandsvis/")
    b.expect("preview", b.page.locator("h1").inner_text() == TYPED_TITLE, "title not text")
    b.shows_text("preview", [f"{PROBE} skrevet i skjemaet.", "trykk"], ".description")
    b.visit("/arbeid/")
    b.shows_text("dashboard", [TYPED_TITLE], "[aria-labelledby=utkast]")
    b.visit(f"/arbeid/historikk/tilbud/{offer.external_id}/")
    b.shows_text("history", [TYPED_TITLE])
    b.assert_clean()


def test_legacy_script_urls_are_not_links(strict_browser, hostile):
    """URL fields are checked for http(s) by the forms and the importer, but not when shown:
    a `javascript:` address stored past them must not become a link."""
    offer, org = hostile["offer"], hostile["org"]
    Offer.objects.filter(pk=offer.pk).update(signup_url="javascript:window.__xss='pameldingsurl'")
    Organisation.objects.filter(pk=org.pk).update(website="javascript:window.__xss='nettside'")
    b = strict_browser
    b.visit(f"/tilbud/{offer.external_id}/")
    b.visit(f"/tilbydere/{org.external_id}/")
    b.log_in()
    b.visit(f"/arbeid/tilbud/{offer.external_id}/forhandsvis/")
    b.assert_clean()
