"""Norwegian query handling without a database: folding, stop words, stems, synonyms, typos."""

import re
import unicodedata

STOP_WORDS = frozenset(
    "og i på for til med som av en et ei den det de om jeg er har kan vil å at fra ved".split()
)
# Lay and clinical terms that mean the same thing to someone searching. Each group is one
# concept: a query word or phrase from a group matches every member of it.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("kols", "kronisk obstruktiv lungesykdom", "lungesykdom", "lunge", "astma"),
    ("sukkersyke", "diabetes"),
    ("rus", "avhengighet", "rusmiddel", "rusmisbruk", "alkohol", "drikker", "drikking", "ruser"),
    (
        "psykisk syk",
        "psykisk sykdom",
        "psykisk helse",
        "psykiske lidelser",
        "psykisk lidelse",
        "psykisk uhelse",
    ),
    ("hjerteinfarkt", "hjertesykdom", "hjerte", "hjertesvikt"),
    ("barn som pårørende", "bap", "unge pårørende", "barnegruppe"),
    ("demens", "alzheimer", "glemsomhet"),
    ("depresjon", "nedstemthet", "nedstemt"),
    ("angst", "uro", "bekymring"),
    ("smerte", "smerter", "kroniske smerter", "vondt"),
    ("kreft", "cancer", "kreftrammede"),
    ("overvekt", "fedme", "vekt"),
    ("hjerneslag", "slag"),
    ("søvn", "søvnvansker", "insomni", "sove"),
    ("røykeslutt", "røyk", "snus", "røyke"),
    ("autisme", "asperger", "autismespekter"),
    ("spiseforstyrrelse", "spiseforstyrrelser", "anoreksi", "bulimi"),
    ("psykose", "schizofreni"),
)
_SUFFIXES = ("ende", "ene", "ane", "er", "en", "et", "ar", "a", "e")
_ASCII_SPELLINGS = (("aa", "å"), ("oe", "ø"), ("ae", "æ"))


_KEEP = {"å", "æ", "ø"}


def plain(text: str) -> str:
    """Lower case without accents, keeping æ, ø and å: "Kárášjohka" → "karasjohka"."""
    out = []
    for char in text.casefold():
        if char in _KEEP or char.isascii():
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append({"đ": "d", "ŋ": "n", "ŧ": "t"}.get(base, base))
    return "".join(out)


def fold(text: str) -> str:
    """Lower case, with the ASCII spellings aa/oe/ae turned into å/ø/æ."""
    text = plain(text)
    for ascii_form, letter in _ASCII_SPELLINGS:
        text = text.replace(ascii_form, letter)
    return text


def words(text: str) -> list[str]:
    return re.findall(r"[\wæøå]+", plain(text))


def stem(word: str) -> str:
    """A light stem for substring matching: "smerter" → "smert", "kurset" → "kurs"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def within_one_edit(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance at most 1 (one wrong, missing, extra or swapped letter)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def concepts(query: str) -> list[tuple[str, ...]]:
    """The query as concepts: each a tuple of alternative terms, any of which may match.

    Synonym phrases are found first ("barn som pårørende"), then single words; stop words
    are dropped. A word may also be written with aa/oe/ae for å/ø/æ.
    """
    text = " " + " ".join(words(query)) + " "
    found: list[tuple[str, ...]] = []
    for group in SYNONYM_GROUPS:
        for term in sorted(group, key=len, reverse=True):
            for variant in {term, fold(term)}:
                if " " in term and f" {variant} " in f" {fold(text)} ":
                    found.append(group)
                    text = fold(text).replace(f" {variant} ", " ")
    for word in text.split():
        if word in STOP_WORDS:
            continue
        folded = fold(word)
        synonyms = next((g for g in SYNONYM_GROUPS if word in g or folded in g), ())
        found.append(synonyms if synonyms else tuple(dict.fromkeys((word, folded))))
    return found


def typo_alternatives(term: str, vocabulary: frozenset[str]) -> list[str]:
    """Known words, or beginnings of compound words, one edit away from a query word.

    Only for query words of five letters or more that occur nowhere as they are written.
    """
    if len(term) < 5 or any(term in word for word in vocabulary):
        return []
    found = set()
    for word in vocabulary:
        for length in (len(term) - 1, len(term), len(term) + 1):
            if length <= len(word) and within_one_edit(term, word[:length]):
                found.add(word[:length])
    return sorted(found)
