"""Immigrant population per county from a CSV file downloaded from SSB's statbank.

Table 09817 («Innvandrere og norskfødte med innvandrerforeldre, etter region,
innvandringskategori, landbakgrunn og år») is downloaded from ssb.no/statbank as CSV,
semicolon or comma separated, with or without a title line. Both of SSB's layouts are read:

- long: one row per region, category (and country background) and year, with a column
  «år» and the number in the last column;
- wide: one column per year («Personer 2024», «09817: Personer 2024» or «2024»).

Persons with immigrant background are immigrants plus Norwegian-born to immigrant parents:
the rows of both categories are added up per county and year (a row for both together is
used as it is). Rows for the whole country are left out; a row for one country background
only, an unknown or former county, or a cell without a number is refused with a Norwegian
message naming the row. Nothing is stored while any row is refused.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from mestring.refdata.models import County

from .models import ImmigrantPopulation

SOURCE = "SSB, statistikkbanken tabell 09817"
MAX_BYTES = 5_000_000

_YEAR = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_REGION = re.compile(r"^\s*(?:K-|F-)?(\d{1,4})\b")
_IMMIGRANTS = "innvandrere"
_NORWEGIAN_BORN = "norskfødte med innvandrerforeldre"
_BOTH = ("innvandrere og norskfødte", "personer med innvandrerbakgrunn", "i alt")
_ALL_COUNTRIES = ("verden i alt", "i alt", "alle land", "verden")
_WHOLE_COUNTRY = ("0", "00", "hele landet")
# SSB's symbols for a figure that is missing, confidential or not applicable.
_NO_FIGURE = {".", "..", "...", ":", "-", ""}


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file, from 1
    message: str

    def __str__(self) -> str:
        return _("Linje %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Parsed:
    counts: dict[tuple[str, int], int]  # (county number, year) → persons
    errors: list[RowError]


def decode(data: bytes) -> str:
    """SSB's files are UTF-8 (with or without BOM) or, older ones, Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _dialect(lines: list[str]) -> str:
    sample = "\n".join(lines[:20])
    return max((";", ",", "\t"), key=sample.count)


def _header_index(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        if any(cell.strip().casefold() == "region" for cell in row):
            return index
    return None


def _number(raw: str) -> int | None:
    text = raw.replace("\u00a0", "").replace(" ", "").strip()
    if text.isdigit():
        return int(text)
    return None


def _county_number(raw: str) -> str | None:
    match = _REGION.match(raw)
    if not match:
        return None
    return match.group(1)


def parse(data: bytes) -> Parsed:
    """Read SSB's CSV download of table 09817; see the module's description."""
    if len(data) > MAX_BYTES:
        return Parsed({}, [RowError(1, _("Filen er for stor (høyst 5 MB)."))])
    text = decode(data)
    lines = text.splitlines()
    rows = list(csv.reader(io.StringIO(text), delimiter=_dialect(lines)))
    header_at = _header_index(rows)
    if header_at is None:
        return Parsed(
            {},
            [
                RowError(
                    1,
                    _(
                        "Fant ingen overskriftsrad med kolonnen «region». Last ned tabell "
                        "09817 fra SSBs statistikkbank som CSV (semikolonseparert, med "
                        "overskrift)."
                    ),
                )
            ],
        )
    header = [cell.strip().casefold() for cell in rows[header_at]]
    region_at = header.index("region")
    category_at = next((i for i, h in enumerate(header) if "innvandringskategori" in h), None)
    country_at = next((i for i, h in enumerate(header) if "landbakgrunn" in h), None)
    year_at = next((i for i, h in enumerate(header) if h in ("år", "tid", "year")), None)
    if year_at is not None:
        value_columns = [(len(header) - 1, None)]
    else:
        value_columns = [
            (i, int(m.group(0)))
            for i, h in enumerate(header)
            if i not in (region_at, category_at, country_at) and (m := _YEAR.search(h))
        ]
        if not value_columns:
            return Parsed(
                {},
                [
                    RowError(
                        header_at + 1,
                        _("Fant verken en kolonne «år» eller kolonner med årstall i overskriften."),
                    )
                ],
            )
    counties = set(County.objects.filter(valid_to__isnull=True).values_list("number", flat=True))
    parts: dict[tuple[str, int], dict[str, int]] = {}
    errors: list[RowError] = []
    for offset, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            errors.append(RowError(offset, _("Raden har færre kolonner enn overskriften.")))
            continue
        region = row[region_at].strip()
        number = _county_number(region)
        if region.casefold() in _WHOLE_COUNTRY or number in _WHOLE_COUNTRY:
            continue
        if number is None or len(number) != 2:
            errors.append(
                RowError(
                    offset,
                    _(
                        "«%(region)s» er ikke et fylke (fylkesnummer med to sifre, "
                        "f.eks. «03 Oslo»)."
                    )
                    % {"region": region[:60]},
                )
            )
            continue
        if number not in counties:
            errors.append(
                RowError(
                    offset,
                    _(
                        "Fylket «%(region)s» finnes ikke i dagens fylkesinndeling; velg "
                        "fylkene etter gjeldende inndeling i statistikkbanken."
                    )
                    % {"region": region[:60]},
                )
            )
            continue
        if country_at is not None:
            country = row[country_at].strip().casefold()
            if country not in _ALL_COUNTRIES:
                errors.append(
                    RowError(
                        offset,
                        _(
                            "Raden gjelder én landbakgrunn («%(country)s»); last ned med "
                            "landbakgrunn «Verden i alt»."
                        )
                        % {"country": row[country_at].strip()[:60]},
                    )
                )
                continue
        part = "begge"
        if category_at is not None:
            category = row[category_at].strip().casefold()
            if category == _IMMIGRANTS:
                part = "innvandrere"
            elif category == _NORWEGIAN_BORN:
                part = "norskfodte"
            elif not category.startswith(_BOTH):
                errors.append(
                    RowError(
                        offset,
                        _(
                            "Ukjent innvandringskategori «%(category)s»; bruk «Innvandrere» "
                            "og «Norskfødte med innvandrerforeldre»."
                        )
                        % {"category": row[category_at].strip()[:60]},
                    )
                )
                continue
        for column, year in value_columns:
            if year is None:
                match = _YEAR.search(row[year_at])
                if not match:
                    errors.append(
                        RowError(
                            offset,
                            _("«%(value)s» er ikke et årstall.") % {"value": row[year_at][:20]},
                        )
                    )
                    continue
                year = int(match.group(0))
            raw = row[column].strip()
            value = _number(raw)
            if value is None:
                names = {"region": region[:60], "year": year, "value": raw[:20]}
                if raw in _NO_FIGURE:
                    message = _("%(region)s %(year)s: SSB oppgir ikke noe tall («%(value)s»).")
                else:
                    message = _("%(region)s %(year)s: «%(value)s» er ikke et antall personer.")
                errors.append(RowError(offset, message % names))
                continue
            found = parts.setdefault((number, year), {})
            if part in found:
                errors.append(
                    RowError(
                        offset,
                        _("%(region)s %(year)s står to ganger.")
                        % {"region": region[:60], "year": year},
                    )
                )
                continue
            found[part] = value
    counts = {}
    for key, found in sorted(parts.items()):
        if "begge" in found:
            counts[key] = found["begge"]
        elif "innvandrere" in found and "norskfodte" in found:
            counts[key] = found["innvandrere"] + found["norskfodte"]
        else:
            missing = (
                _("norskfødte med innvandrerforeldre")
                if "innvandrere" in found
                else _("innvandrere")
            )
            errors.append(
                RowError(
                    header_at + 1,
                    _("Fylke %(county)s %(year)s: mangler tallet for %(missing)s.")
                    % {"county": key[0], "year": key[1], "missing": missing},
                )
            )
    if not counts and not errors:
        errors.append(RowError(header_at + 1, _("Filen har ingen fylkestall.")))
    return Parsed(counts, sorted(errors, key=lambda e: e.row))


@transaction.atomic
def store(counts: dict[tuple[str, int], int], source: str = SOURCE) -> int:
    """Create or replace the figures; returns how many county-years were written."""
    for (county, year), count in counts.items():
        ImmigrantPopulation.objects.update_or_create(
            county_id=county, year=year, defaults={"count": count, "source": source[:300]}
        )
    return len(counts)
