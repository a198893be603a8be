"""/api/v1/gjennomforinger/{id}/oppmote: a provider's attendance counts, read and replaced.

For systems that already record attendance. Logged in through the Django session (with
CSRF); the permission layer decides, as in the workspace.
"""

from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth
from pydantic import BeforeValidator, ConfigDict, Field, StrictInt

from mestring.accounts.permissions import Action, can_run
from mestring.activity.models import COUNT_FIELDS
from mestring.catalogue.models import Run
from mestring.workspace import work

from ..errors import bad_request, not_found, problem
from ..schemas import Problem, Text

router = Router(tags=["oppmøte"], auth=django_auth)


def _integral(value):
    """JSON makes no difference between 3 and 3.0: both are the whole number 3."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A count of people: never negative, and above MAX_COUNT surely a typing error.
Count = Annotated[StrictInt, Field(ge=0, le=work.MAX_COUNT), BeforeValidator(_integral)]


class OppmoteRad(Schema):
    """Counts for one session (`dato`) or for the whole run (`dato` null); null = not given."""

    model_config = ConfigDict(extra="forbid")

    dato: date | None = None
    pasienter: Count | None = None
    parorende: Count | None = None
    barn_som_parorende: Count | None = None
    andre_deltakere: Count | None = None
    brukerrepresentanter: Count | None = None
    fagpersoner: Count | None = None


class OppmoteInn(Schema):
    model_config = ConfigDict(extra="forbid")

    oppmote: list[OppmoteRad]


class Oppmote(Schema):
    gjennomforing: str
    oppmote: list[OppmoteRad]


def _run(run_id: str) -> Run | None:
    return Run.objects.select_related("offer").filter(external_id=run_id).first()


def _forbidden():
    return problem(403, _("Ingen tilgang"), _("Du har ikke tilgang til denne gjennomføringen."))


def _unknown(run_id: str):
    return not_found(_("Fant ingen gjennomføring med id «%(id)s».") % {"id": run_id})


def _body(run: Run) -> dict:
    rows = [{"dato": day, **counts} for day, counts in work.saved_attendance(run).items()]
    return {"gjennomforing": run.external_id, "oppmote": rows}


@router.get(
    "/{run_id}/oppmote",
    response={200: Oppmote, 403: Problem, 404: Problem},
    operation_id="get_attendance",
    summary="Oppmøte for en gjennomføring",
    url_name="run-attendance",
)
def get_attendance(request, run_id: Text):
    """Tallene slik tilbyderen har registrert dem, uten prikking (bare for tilbyderen selv)."""
    run = _run(run_id)
    if run is None:
        return _unknown(run_id)
    if not can_run(request.user, Action.EXPORT, run):
        return _forbidden()
    return _body(run)


@router.put(
    "/{run_id}/oppmote",
    response={200: Oppmote, 400: Problem, 403: Problem, 404: Problem},
    operation_id="replace_attendance",
    summary="Erstatt oppmøtet for datoene i forespørselen",
)
# `body`, because invalid_input (api.py) leaves that word out of an error's location.
def replace_attendance(request, run_id: Text, body: OppmoteInn):
    """Alle radene lagres samlet, eller ingen. En rad uten tall fjerner oppmøtet for datoen."""
    run = _run(run_id)
    if run is None:
        return _unknown(run_id)
    if not can_run(request.user, Action.EDIT, run):
        return _forbidden()
    rows, errors = {}, []
    for index, row in enumerate(body.oppmote):
        counts = row.model_dump(include=set(COUNT_FIELDS))
        if row.dato in rows:
            errors.append(_error(index, row.dato, "dato", _("Datoen står i flere rader.")))
        for found in work.count_problems(run, counts):
            errors.append(_error(index, row.dato, found.field, found.message))
        rows[row.dato] = counts
    if errors:
        return bad_request(errors)
    work.replace_attendance(run, rows)
    return _body(run)


def _error(index: int, day: date | None, field: str, message: str) -> dict:
    where = f"{day:%d.%m.%Y}" if day else _("hele gjennomføringen")
    text = _("Rad %(row)s (%(where)s), %(field)s: %(message)s") % {
        "row": index + 1,
        "where": where,
        "field": field,
        "message": message,
    }
    return {"felt": f"oppmote.{index}.{field}", "melding": text}
