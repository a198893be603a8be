"""The analyst's filter form: municipalities and providers picked by name, by county."""

import re

import pytest

from mestring.catalogue.tests.factories import make_organisation
from mestring.statistics.forms import ReportForm
from mestring.statistics.participation import norwegian_key

pytestmark = pytest.mark.django_db


def test_municipalities_grouped_by_county_and_sorted_by_name(refdata):
    choices = ReportForm().fields["kommune"].choices
    counties = [group for group, _members in choices]
    assert counties == sorted(counties, key=norwegian_key)
    nordland = dict(choices)["Nordland"]
    names = [name for _number, name in nordland]
    assert names == sorted(names, key=norwegian_key)
    assert ("1804", "Bodø") in nordland and len(nordland) == 41
    assert sum(len(members) for _group, members in choices) == 357


def test_providers_are_picked_by_name_not_typed_as_ids(client, refdata):
    make_organisation(name="Åsane LMS", external_id="lms-asane", municipality_id="4601")
    make_organisation(name="Bergen frisklivssentral", external_id="fls-b", municipality_id="4601")
    field = ReportForm().fields["organisasjon"]
    groups = dict(field.choices[1:])
    assert [name for _id, name in groups["Vestland"]] == ["Bergen frisklivssentral", "Åsane LMS"]
    trusts = groups["Helseforetak og andre uten kommune"]
    assert ("hf-983974899", "Universitetssykehuset Nord-Norge HF") in trusts
    page = client.get("/statistikk/aktivitet/", {"organisasjon": "lms-asane"}).content.decode()
    assert '<optgroup label="Vestland">' in page
    assert re.search(r'<option value="lms-asane" selected>Åsane LMS</option>', page)
    assert 'name="organisasjon" type="text"' not in page and "Tilbyder (id)" not in page
