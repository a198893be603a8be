"""How many queries each report page and report endpoint makes, pinned.

Before the report rows and the one filter declaration a kartlegging page with a provider
and a place made 26 queries (the organisation resolved three times, every county and
municipality read to check two numbers, the form's choices read twice); the pins below
are what it takes now. A pin that fails means a new query
per request: find it, or raise the pin on purpose.
"""

import pytest

from .test_kartlegging import survey  # noqa: F401

pytestmark = pytest.mark.django_db

PERIOD = "fra=2025-01-01&til=2025-12-31"
FILTERED = f"{PERIOD}&organisasjon=lms-a&kommune=0301&fylke=03"

# (report, page, page with provider and place, API, API with provider and place).
# Measured the same way before: kartlegging 16, 26, 11, 18; aktivitet 14, 22, 9, 14;
# dekning 14, 25, 9, 17; brukermedvirkning 11, 21, 6, 13.
PINS = [
    ("kartlegging", 10, 20, 7, 14),
    ("aktivitet", 8, 18, 5, 12),
    ("dekning", 10, 21, 7, 15),
    ("brukermedvirkning", 5, 15, 2, 9),
]


@pytest.mark.parametrize(("name", "page", "page_filtered", "api", "api_filtered"), PINS)
def test_report_queries_are_pinned(
    client,
    survey,  # noqa: F811
    django_assert_max_num_queries,
    name,
    page,
    page_filtered,
    api,
    api_filtered,
):
    for url, pin in (
        (f"/statistikk/{name}/?{PERIOD}", page),
        (f"/statistikk/{name}/?{FILTERED}", page_filtered),
        (f"/api/v1/rapporter/{name}?{PERIOD}", api),
        (f"/api/v1/rapporter/{name}?{FILTERED}", api_filtered),
    ):
        client.get(url)  # sessions, caches and the like once
        with django_assert_max_num_queries(pin):
            response = client.get(url)
        assert response.status_code == 200, url
