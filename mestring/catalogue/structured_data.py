"""schema.org Course / CourseInstance in JSON-LD for search engines."""

import json
from collections.abc import Iterable
from datetime import datetime, time

from django.utils import timezone

from . import codes
from .models import Offer, Run

COURSE_MODE = {
    "fysisk": "onsite",
    "digitalt_direkte": "online",
    "hybrid": "blended",
    "digitalt_selvstudium": "online",
}


def _iso_start(run: Run) -> str:
    sessions = list(run.sessions.all())
    if sessions:
        return timezone.localtime(sessions[0].start).isoformat()
    return datetime.combine(run.start, time(0, 0)).date().isoformat()


def course_json_ld(offer: Offer, runs: Iterable[Run], url: str) -> str:
    """The offer as a schema.org Course, safe to put inside a <script> element."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": offer.title,
        "description": offer.description[:500],
        "url": url,
        "inLanguage": offer.codes_for("sprak") or ["nb"],
        "provider": {"@type": "Organization", "name": offer.responsible.name},
        "isAccessibleForFree": offer.price == 0 if offer.price is not None else None,
        "hasCourseInstance": [],
    }
    if offer.price is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": str(offer.price),
            "priceCurrency": "NOK",
            "category": "Egenandel",
        }
    for run in runs:
        instance: dict[str, object] = {
            "@type": "CourseInstance",
            "courseMode": COURSE_MODE.get(run.format, "onsite"),
            "startDate": _iso_start(run),
        }
        if run.end:
            instance["endDate"] = run.end.isoformat()
        if run.municipality is not None and run.format not in codes.DIGITAL_FORMATS:
            instance["location"] = {
                "@type": "Place",
                "name": run.address or run.municipality.name,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": run.municipality.name,
                    "addressCountry": "NO",
                    **({"streetAddress": run.address} if run.address else {}),
                },
            }
        data["hasCourseInstance"].append(instance)
    data = {key: value for key, value in data.items() if value is not None}
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
