"""The published/countable rules live in catalogue/querysets.py and nowhere else."""

import re
from pathlib import Path

import pytest

from mestring.catalogue.models import Offer, Organisation, Run
from mestring.catalogue.querysets import is_published

from .factories import make_offer, make_organisation, make_run

ROOT = Path(__file__).resolve().parents[2]  # the mestring package
LITERAL = re.compile(r"""OfferStatus\.PUBLISHED|["']publisert["']""")
# Files that may spell the code, and why (each must still spell it: no stale entries).
ALLOWED = {
    "catalogue/codes.py": "defines the code list",
    "catalogue/querysets.py": "the rules themselves",
    "opendata/hsds/mapping.py": "translates our status codes to HSDS's",
    "api/routers/agreements.py": "`publisert` is the agreement's URL field, not an offer status",
    "demo/generator.py": "draws statuses for generated demo offers",
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or "/tests/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_published_status_literal_outside_the_querysets():
    found = [
        f"{name}:{number}: {line.strip()}"
        for name, text in _sources()
        if name not in ALLOWED
        for number, line in enumerate(text.splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert found == [], "use Offer.objects.published() or catalogue.querysets:\n" + "\n".join(found)


def test_every_allowed_file_still_needs_its_exception():
    sources = dict(_sources())
    assert [name for name in ALLOWED if not LITERAL.search(sources[name])] == []


def test_the_grep_sees_both_spellings():
    assert LITERAL.search('Offer.objects.filter(status="publisert")')
    assert LITERAL.search("status=codes.OfferStatus.PUBLISHED")
    assert not LITERAL.search('_("Tilbudet er publisert.")')


def test_is_published():
    assert is_published("publisert")
    assert not is_published("arkivert") and not is_published("utkast")
    assert not is_published(None)


@pytest.mark.django_db
def test_published_and_countable_offers(refdata):
    published = make_offer(status="publisert")
    archived = make_offer(status="arkivert")
    make_offer(status="utkast")
    assert list(Offer.objects.published()) == [published]
    assert set(Offer.objects.countable()) == {published, archived}


@pytest.mark.django_db
def test_counted_runs_leave_out_drafts_and_cancelled_runs(refdata):
    published, archived, draft = (
        make_offer(status=status) for status in ("publisert", "arkivert", "utkast")
    )
    held = make_run(published, status="gjennomfort")
    planned = make_run(archived)
    make_run(published, status="avlyst")
    make_run(draft)
    assert set(Run.objects.counted()) == {held, planned}
    assert set(Run.objects.published()) == {
        r for r in Run.objects.all() if r.offer_id == published.pk
    }


@pytest.mark.django_db
def test_organisations_with_published_offers(refdata):
    responsible, co_organiser, idle = (make_organisation() for _ in range(3))
    make_offer(responsible=responsible, co_organisers=[co_organiser])
    make_offer(responsible=idle, co_organisers=[responsible], status="utkast")
    assert set(Organisation.objects.with_published_offers()) == {responsible, co_organiser}


@pytest.mark.django_db
def test_subtree_ids_walks_every_level_in_one_query(refdata, django_assert_num_queries):
    top = make_organisation()
    middle = make_organisation(parent=top)
    bottom = make_organisation(parent=middle)
    other = make_organisation()
    below_other = make_organisation(parent=other)
    with django_assert_num_queries(1):
        assert Organisation.objects.subtree_ids({top.pk}) == {top.pk, middle.pk, bottom.pk}
    with django_assert_num_queries(1):
        found = Organisation.objects.subtree_ids([middle.pk, other.pk])
    assert found == {middle.pk, bottom.pk, other.pk, below_other.pk}
    with django_assert_num_queries(0):
        assert Organisation.objects.subtree_ids([]) == frozenset()
