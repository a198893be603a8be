"""Instants from query parameters that a database can compare with."""

from datetime import UTC, datetime

from django.utils import timezone


def comparable(value: datetime) -> datetime:
    """An aware instant in UTC; at the ends of the calendar (year 1 or 9999 with an offset
    that would leave it) the first or last instant there is."""
    aware = value if timezone.is_aware(value) else timezone.make_aware(value)
    try:
        return aware.astimezone(UTC)
    except OverflowError:
        edge = datetime.min if value.year == 1 else datetime.max
        return edge.replace(tzinfo=UTC)
