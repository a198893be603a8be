import pytest

from mestring.catalogue.search import language


@pytest.mark.parametrize(
    ("text", "folded"),
    [("PAAROERENDE", "pårørende"), ("soevn", "søvn"), ("Pårørende", "pårørende")],
)
def test_ascii_spellings_fold_to_norwegian_letters(text, folded):
    assert language.fold(text) == folded


@pytest.mark.parametrize(
    ("word", "stem"),
    [("smerter", "smert"), ("kurset", "kurs"), ("pårørende", "pårør"), ("kols", "kols")],
)
def test_light_stem(word, stem):
    assert language.stem(word) == stem


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("diabtes", "diabetes", True),
        ("depresjion", "depresjon", True),
        ("pårørnde", "pårørende", True),
        ("sovn", "søvn", True),
        ("diabetes", "diabetes", True),
        ("dibates", "diabetes", False),
        ("kreft", "kraft", True),
        ("angst", "anger", False),
    ],
)
def test_one_edit_including_swapped_letters(a, b, close):
    assert language.within_one_edit(a, b) is close


def test_synonym_phrases_become_one_concept():
    concepts = language.concepts("kurs for barn som pårørende")
    assert ("barn som pårørende", "bap", "unge pårørende", "barnegruppe") in concepts
    assert ("kurs",) in concepts
    assert len(concepts) == 2


def test_stop_words_are_dropped():
    assert language.concepts("jeg har diabetes") == [("sukkersyke", "diabetes")]


def test_typos_are_corrected_against_the_catalogue_words_only_for_long_words():
    vocabulary = frozenset({"diabeteskurs", "demens", "pårørendeskolen"})
    assert "diabetes" in language.typo_alternatives("diabtes", vocabulary)
    assert "pårørende" in language.typo_alternatives("pårørnde", vocabulary)
    assert language.typo_alternatives("demns", vocabulary) == ["demens"]
    assert language.typo_alternatives("dem", vocabulary) == []
    assert language.typo_alternatives("demens", vocabulary) == []
