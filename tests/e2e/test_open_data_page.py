"""The open data page lists the dump's files and passes axe."""

import pytest

from mestring.catalogue.tests.factories import make_offer, make_run
from mestring.opendata.dump import write_dump

from .conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_data_page(page, live_server, refdata, settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "apne-data"
    make_run(make_offer(external_id="kurs-1"), sessions=2)
    write_dump(settings.OPEN_DATA_DIR, year=2025)
    page.goto(f"{live_server.url}/apne-data/")
    assert page.get_by_role("link", name="katalog/katalog.json").is_visible()
    screenshot(page, "apne-data")
    assert_accessible(page)
