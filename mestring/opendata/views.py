"""/apne-data/: the open data dump, described by its datapackage.json."""

import json
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render


def _folder() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def index(request):
    package_path = _folder() / "datapackage.json"
    package = None
    if package_path.exists():
        package = json.loads(package_path.read_text(encoding="utf-8"))
    return render(request, "opendata/index.html", {"package": package})


def download(request, path: str):
    folder = _folder().resolve()
    target = (folder / path).resolve()
    if folder not in target.parents or not target.is_file():
        raise Http404
    return FileResponse(target.open("rb"), as_attachment=target.suffix != ".json")
