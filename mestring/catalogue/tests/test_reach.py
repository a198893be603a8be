"""Which of an offer's runs a card shows to residents of a chosen municipality."""

from types import SimpleNamespace

from mestring.catalogue import reach

TROMSO = reach.Place("5501", "55", "helse_nord", frozenset({"983974899"}))


def run(municipality: str | None, run_format: str = "fysisk"):
    return SimpleNamespace(municipality_id=municipality, format=run_format)


def test_runs_held_where_they_live_come_first():
    skien, tromso = run("4003"), run("5501")
    assert reach.runs_open_to([skien, tromso], TROMSO, in_person=False) == [tromso]
    assert reach.runs_open_to([skien, tromso], TROMSO, in_person=True) == [tromso]


def test_an_offer_far_away_shows_the_runs_they_can_join_online():
    skien, hybrid, online = run("4003"), run("4003", "hybrid"), run(None, "digitalt_direkte")
    assert reach.runs_open_to([skien, hybrid, online], TROMSO, in_person=False) == [hybrid, online]
    # Open to them in person (national, or regional in their area): every run.
    assert reach.runs_open_to([skien, hybrid], TROMSO, in_person=True) == [skien, hybrid]
    # Nothing they can join: still every run, so the card says when it is held.
    assert reach.runs_open_to([skien], TROMSO, in_person=False) == [skien]
    # No municipality chosen: every run.
    assert reach.runs_open_to([skien, hybrid], None, in_person=False) == [skien, hybrid]


def test_national_and_regional_offers_in_their_area_reach_them_in_person():
    unn = reach.RegionalReach(trust="983974899")
    vestre_viken = reach.RegionalReach(trust="894166762")
    assert reach.reaches_in_person("nasjonal", reach.RegionalReach(), TROMSO)
    assert reach.reaches_in_person("regional", unn, TROMSO)
    assert not reach.reaches_in_person("regional", vestre_viken, TROMSO)
    assert not reach.reaches_in_person("lokal", unn, TROMSO)
    assert reach.reaches_in_person("regional", reach.RegionalReach(region="helse_nord"), TROMSO)
