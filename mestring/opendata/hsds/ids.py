"""Stable HSDS ids: UUIDv5 of our external ids, so they never change between exports."""

import uuid

# Fixed for ever: changing it would change every published HSDS id.
NAMESPACE = uuid.UUID("5b7f3a52-8d0e-5c57-9a43-6d2b1f0e7c11")


def hsds_id(kind: str, *parts: str) -> str:
    """UUIDv5 of an object kind and our identifiers, e.g. hsds_id("service", "T-1")."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))
