"""Template filters for long offer lists: show the first few, count the rest."""

from django import template

register = template.Library()


@register.filter
def head(items, size):
    """The first `size` items (all of them when no size is given)."""
    return list(items) if size in (None, "") else list(items)[: int(size)]


@register.filter
def rest(items, size):
    """How many items there are beyond the first `size` (none when no size is given)."""
    if size in (None, ""):
        return 0
    total = getattr(items, "total", None)  # overview.Cell: the first few of a longer list
    return max((len(items) if total is None else total) - int(size), 0)


@register.simple_tag
def collaboration_work_links(user) -> list[tuple[str, str, str]]:
    """The workspace menu's collaboration entries for `user`: (url, label, url name).

    The capacity form for administrators and editors; the public pages of the
    municipalities and hospital trusts the user is an editor for, where their agreements
    are confirmed and offers tied to them.
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mestring.accounts.permissions import agreement_parties, grants
    from mestring.refdata.models import HealthTrust, Municipality

    g = grants(user)
    if not (g.administrator or g.editor_of):
        return []
    links = [(reverse("workspace:collaboration-work:capacity"), _("Kapasitet"), "capacity")]
    if g.administrator:
        links.append(
            (
                reverse("workspace:collaboration-work:immigrant-population"),
                _("Innvandrerbefolkning"),
                "immigrant-population",
            )
        )
    parties = agreement_parties(user)
    municipalities = Municipality.objects.none()
    if parties.municipalities:
        municipalities = Municipality.objects.filter(number__in=parties.municipalities)
    for number, name in municipalities.order_by("unique_name").values_list("number", "unique_name"):
        links.append(
            (
                reverse("collaboration:municipality", args=[number]),
                _("Samarbeid: %(name)s") % {"name": name},
                "municipality",
            )
        )
    trusts = HealthTrust.objects.none()
    if parties.trusts:
        trusts = HealthTrust.objects.filter(orgnr__in=parties.trusts)
    for orgnr, name in trusts.order_by("name").values_list("orgnr", "short_name"):
        links.append(
            (
                reverse("collaboration:trust", args=[orgnr]),
                _("Samarbeid: %(name)s") % {"name": name},
                "trust",
            )
        )
    return links
