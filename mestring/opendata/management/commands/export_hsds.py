"""Full HSDS export of the published catalogue to a folder."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from mestring.opendata.hsds import export


class Command(BaseCommand):
    help = "Export published offers as HSDS 3 JSON: one file per object type, or NDJSON."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--format", choices=["json", "ndjson"], default="json")

    def handle(self, *args, folder: Path, format: str, **options):
        folder.mkdir(parents=True, exist_ok=True)
        for kind in export.KINDS:
            items = list(export.objects(kind))
            if format == "ndjson":
                text = "".join(_dumps(i) + "\n" for i in items)
            else:
                text = json.dumps(items, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder)
            (folder / f"{kind}.{format}").write_text(text, encoding="utf-8")
            self.stdout.write(f"{kind}: {len(items)}")


def _dumps(item: dict) -> str:
    return json.dumps(item, ensure_ascii=False, cls=DjangoJSONEncoder)
