"""Bulk import in the browser: uploaded files wait in a folder of their own until the user
saves or cancels, and only rows of the user's own organisations are accepted."""

import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from mestring.accounts.permissions import Grants, grants
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.exchange.columns import LISTS
from mestring.exchange.importer import ImportFailed, ImportResult, import_files
from mestring.exchange.issues import Issue
from mestring.exchange.parsing import ParseError
from mestring.exchange.readers import read_files
from mestring.exchange.records import chunked
from mestring.exchange.revisions import import_with_history
from mestring.exchange.rows import parse_value

MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
MAX_NAME_LENGTH = 100
SUFFIXES = (".json", ".csv", ".xlsx")
# Uploads nobody saved or cancelled are removed after a day.
KEEP_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


# Uploaded files: VAR_DIR/imports/<user pk>/<token>/filer/, the preview beside them.


def _user_folder(user) -> Path:
    return Path(settings.VAR_DIR) / "imports" / str(user.pk)


def save_upload(user, uploads) -> Path:
    """Store the uploaded files in a new folder of the user's and return it."""
    remove_stale()
    folder = _user_folder(user) / secrets.token_urlsafe(24)
    (folder / "filer").mkdir(parents=True, mode=0o700)
    for upload in uploads:
        with (folder / "filer" / Path(upload.name).name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    return folder


def upload_folder(user, token: str) -> Path | None:
    """The user's folder for `token`; None for another user's token or an unknown one."""
    if not _TOKEN.fullmatch(token):
        return None
    folder = _user_folder(user) / token
    return folder if folder.is_dir() else None


def uploaded_paths(folder: Path) -> list[Path]:
    return sorted((folder / "filer").iterdir())


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remove_stale() -> None:
    oldest = time.time() - KEEP_SECONDS
    for folder in (Path(settings.VAR_DIR) / "imports").glob("*/*"):
        if folder.is_dir() and folder.stat().st_mtime < oldest:
            discard(folder)


# Rate limit.


def allow_preview(user) -> bool:
    """Count one preview for `user`; False (nothing counted) when the last hour already had
    IMPORT_RATE_PER_HOUR of them."""
    limit = settings.IMPORT_RATE_PER_HOUR
    key = f"workspace:import-previews:{user.pk}"
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if now - moment < 3600]
    if len(recent) >= limit:
        return False
    cache.set(key, [*recent, now], 3600)
    return True


# Preview and commit.


@dataclass
class Preview:
    # List → {"created": …, "updated": …, "unchanged": …, "deleted": …}; empty on errors.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def run_preview(user, folder: Path) -> Preview:
    """Check the files and count what would change, storing nothing; saved beside the files."""
    paths = uploaded_paths(folder)
    preview = Preview(files=[path.name for path in paths])
    refused = ownership_errors(paths, grants(user))
    try:
        result = import_files(paths, dry_run=True)
    except ImportFailed as failure:
        preview.errors = _in_order([*failure.errors, *refused])
        preview.warnings = [str(warning) for warning in failure.warnings]
    else:
        preview.errors = _in_order(refused)
        preview.warnings = [str(warning) for warning in result.warnings]
        if not refused:
            preview.counts = {name: asdict(counts) for name, counts in result.counts.items()}
    (folder / "preview.json").write_text(json.dumps(asdict(preview)), encoding="utf-8")
    return preview


def saved_preview(folder: Path) -> Preview:
    data = json.loads((folder / "preview.json").read_text(encoding="utf-8"))
    return Preview(**{**data, "errors": [Issue(**issue) for issue in data["errors"]]})


def commit(user, folder: Path) -> ImportResult:
    """Store the files, all or nothing, as one revision; ImportFailed when any row is wrong
    or not the user's to import (the database may have changed since the preview)."""
    paths = uploaded_paths(folder)
    with transaction.atomic():
        if refused := ownership_errors(paths, grants(user)):
            raise ImportFailed(refused, [])
        return import_with_history(paths, user=user)


def _in_order(errors: list[Issue]) -> list[Issue]:
    order = {name: index for index, name in enumerate(LISTS)}

    def key(issue: Issue):
        name = issue.source.removeprefix("JSON: ").lower().removesuffix(".csv")
        return (order.get(name, -1), issue.source, issue.row or 0)

    return sorted(errors, key=key)


# Whose rows these are.

# The columns that say who a row belongs to.
_OWNER_COLUMNS = {
    "tilbydere": ("id",),
    "tilbud": ("id", "ansvarlig"),
    "gjennomforinger": ("id", "tilbud"),
    "samlinger": ("gjennomforing",),
    "aktivitet": ("gjennomforing",),
}


def ownership_errors(paths: list[Path], g: Grants) -> list[Issue]:
    """An error for every row outside the organisations `g` may edit: offers must have one
    of them as responsible, runs must belong to such offers, sessions and attendance to such
    runs, and organisations must be among them (new ones: administrators only).
    Administrators may import everything. Problems with the files themselves are left to
    the importer, which reports them."""
    if g.administrator:
        return []
    files = read_files(paths)
    try:
        rows = {
            name: [(table.source, number, _owner_values(name, raw)) for number, raw in table.rows]
            for name, table in files.tables.items()
        }
    finally:
        files.close()
    return _Ownership(rows, g.editor_of).errors()


def _owner_values(list_name: str, raw: dict) -> dict[str, str | None]:
    spec, values = LISTS[list_name], {}
    for name in _OWNER_COLUMNS[list_name]:
        try:
            values[name] = parse_value(spec, spec.column(name), raw.get(name))
        except ParseError:
            values[name] = None
    return values


class _Ownership:
    def __init__(self, rows: dict[str, list], own: frozenset[int]):
        self.rows, self.own, self.found = rows, own, []
        self.file_organisations = {values["id"] for *_, values in rows.get("tilbydere", [])}
        self.organisations = _stored(
            Organisation.objects, "pk", self._ids(("tilbydere", "id"), ("tilbud", "ansvarlig"))
        )
        self.offers = _stored(
            Offer.objects,
            "responsible_id",
            self._ids(("tilbud", "id"), ("gjennomforinger", "tilbud")),
        )
        self.runs = _stored(
            Run.objects,
            "offer__responsible_id",
            self._ids(
                ("gjennomforinger", "id"),
                ("samlinger", "gjennomforing"),
                ("aktivitet", "gjennomforing"),
            ),
        )

    def _ids(self, *columns) -> set[str]:
        return {
            values[name]
            for list_name, name in columns
            for *_, values in self.rows.get(list_name, [])
            if values[name]
        }

    def refuse(self, source: str, row: int, field_name: str, message: str) -> None:
        self.found.append(Issue(source, row, field_name, message))

    def errors(self) -> list[Issue]:
        self.check_organisations()
        offers = self.check_offers()
        runs = self.check_runs(offers)
        for list_name in ("samlinger", "aktivitet"):
            self.check_run_rows(list_name, runs)
        return self.found

    def check_organisations(self) -> None:
        for source, number, values in self.rows.get("tilbydere", []):
            key = values["id"]
            if key and key not in self.organisations:
                message = _("Bare administratorer kan importere nye tilbydere.")
                self.refuse(source, number, "id", message)
            elif key and self.organisations[key] not in self.own:
                message = _("Du kan bare importere tilbydere der du er redaktør.")
                self.refuse(source, number, "id", message)

    def check_offers(self) -> dict[str, bool]:
        """Offer id → whether the user may import it."""
        message = _("Du kan bare importere tilbud der din organisasjon er ansvarlig.")
        allowed = {}
        for source, number, values in self.rows.get("tilbud", []):
            key, responsible, ok = values["id"], values["ansvarlig"], True
            if key in self.offers and self.offers[key] not in self.own:
                self.refuse(source, number, "id", message)
                ok = False
            known = responsible in self.organisations or responsible in self.file_organisations
            if responsible and known and self.organisations.get(responsible) not in self.own:
                self.refuse(source, number, "ansvarlig", message)
                ok = False
            if key:
                allowed.setdefault(key, ok)
        return allowed

    def check_runs(self, offers: dict[str, bool]) -> dict[str, bool]:
        """Run id → whether the user may import it."""
        message = _(
            "Du kan bare importere gjennomføringer av tilbud der din organisasjon er ansvarlig."
        )
        allowed = {}
        for source, number, values in self.rows.get("gjennomforinger", []):
            key, offer, ok = values["id"], values["tilbud"], True
            if key in self.runs and self.runs[key] not in self.own:
                self.refuse(source, number, "id", message)
                ok = False
            if offer and not self._allowed(offer, offers, self.offers):
                self.refuse(source, number, "tilbud", message)
                ok = False
            if key:
                allowed.setdefault(key, ok)
        return allowed

    def check_run_rows(self, list_name: str, runs: dict[str, bool]) -> None:
        message = _(
            "Gjennomføringen hører til et tilbud der din organisasjon ikke er ansvarlig. Du "
            "kan bare importere samlinger og aktivitet for dine egne gjennomføringer."
        )
        for source, number, values in self.rows.get(list_name, []):
            run = values["gjennomforing"]
            if run and not self._allowed(run, runs, self.runs):
                self.refuse(source, number, "gjennomforing", message)

    def _allowed(self, key: str, in_file: dict[str, bool], stored: dict[str, int]) -> bool:
        if key in in_file:
            return in_file[key]
        if key in stored:
            return stored[key] in self.own
        return True  # unknown everywhere: the importer reports the reference


def _stored(manager, owner: str, keys: set[str]) -> dict[str, int]:
    """External id → `owner` (an organisation pk) of the stored records among `keys`."""
    found = {}
    for chunk in chunked(sorted(keys)):
        found.update(manager.filter(external_id__in=chunk).values_list("external_id", owner))
    return found
