"""The offer page says which Sami an offer is, where the search has one choice for both."""

from mestring.catalogue.presentation import sami_summary


def test_language_adaptation_or_both():
    assert sami_summary(["se", "nb"], False) == "Holdes på nordsamisk"
    assert sami_summary(["sma", "smj"], None) == "Holdes på lulesamisk og sørsamisk"
    assert sami_summary(["nb"], True) == "Tilpasset samisk språk og kultur"
    assert sami_summary(["se"], True) == "Holdes på nordsamisk og er tilpasset samisk kultur"
    assert sami_summary(["nb", "en"], False) == ""
