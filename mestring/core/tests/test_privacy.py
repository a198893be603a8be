import pytest

from mestring.core.privacy import contains_national_id_number, find_national_id_numbers


@pytest.mark.parametrize(
    "text",
    ["01010750160", "Ring 010107 50160", "fnr: 010107-50160.", "010107.50160"],
)
def test_valid_national_identity_numbers_are_found(text):
    assert find_national_id_numbers(text) == ["01010750160"]


@pytest.mark.parametrize(
    "text",
    ["01010750161", "Telefon 22 11 33 44", "orgnr 983974880", "010107501601234", ""],
)
def test_other_numbers_are_not_flagged(text):
    assert not contains_national_id_number(text)
