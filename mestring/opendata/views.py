"""/apne-data/: the open data dump, described by its datapackage.json."""

import json
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import condition, require_safe


def _folder() -> Path:
    return Path(settings.OPEN_DATA_DIR)


def index(request):
    package_path = _folder() / "datapackage.json"
    package = None
    if package_path.exists():
        package = json.loads(package_path.read_text(encoding="utf-8"))
    return render(request, "opendata/index.html", {"package": package})


def _target(path: str) -> Path | None:
    folder = _folder().resolve()
    target = (folder / path).resolve()
    if folder not in target.parents or not target.is_file():
        return None
    return target


def _etag(request, path: str) -> str | None:
    """The file's sha256 from datapackage.json, or else its size and modification time."""
    target = _target(path)
    if target is None:
        return None
    package_path = _folder() / "datapackage.json"
    if package_path.exists() and target.name != "datapackage.json":
        package = json.loads(package_path.read_text(encoding="utf-8"))
        for resource in package.get("resources", []):
            if resource.get("path") == path and resource.get("hash", "").startswith("sha256:"):
                return resource["hash"].removeprefix("sha256:")
    stat = target.stat()
    return f"{stat.st_size:x}-{stat.st_mtime_ns:x}"


def _last_modified(request, path: str) -> datetime | None:
    target = _target(path)
    if target is None:
        return None
    return datetime.fromtimestamp(target.stat().st_mtime, tz=UTC)


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def download(request, path: str):
    """A file of the dump, with ETag and Last-Modified (CORS: mestring/api/cors.py)."""
    target = _target(path)
    if target is None:
        raise Http404
    return FileResponse(target.open("rb"), as_attachment=target.suffix != ".json")
