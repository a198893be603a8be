"""`mestring export_fhir`: write the public catalogue as one FHIR R4 collection Bundle."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from mestring.opendata.fhir.bundle import catalogue_bundle


class Command(BaseCommand):
    help = "Write the public catalogue as a FHIR R4 Bundle (JSON) to a file, or - for stdout."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="-", help="File to write (default: stdout).")
        parser.add_argument(
            "--base-url",
            default=settings.FHIR_BASE_URL,
            help="FHIR base for absolute fullUrls, e.g. https://example.org/fhir "
            "(default: FHIR_BASE_URL). An empty base gives urn:uuid fullUrls, and every "
            "reference is then the urn:uuid of the resource it points to.",
        )

    def handle(self, *args, **options):
        body = catalogue_bundle(options["base_url"])
        text = json.dumps(body, ensure_ascii=False, indent=1)
        if options["out"] == "-":
            self.stdout.write(text)
            return
        Path(options["out"]).write_text(text + "\n", encoding="utf-8")
        count = len(body.get("entry", []))
        self.stderr.write(f"FHIR Bundle: {count} resources in {options['out']}.")
