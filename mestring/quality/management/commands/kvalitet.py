"""`mestring kvalitet [FIL …]`: what each provider should fix so its offers read true."""

from collections import defaultdict
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.quality import sources
from mestring.quality.rules import Finding, check_all


class Command(BaseCommand):
    help = (
        "Kontrollerer at tilbudene henger sammen: pris og «gratis», henvisning, språk, "
        "digitalt i tittelen, samlinger på helligdager og utenfor perioden, klokkeslett og "
        "tidspunkt, like titler, og at hvert publisert tilbud har påmelding eller kontakt og "
        "sted og tid for kommende gjennomføringer. Uten filer kontrolleres databasen; med "
        "filer i utvekslingsformatet kontrolleres filene. Skriver hva hver tilbyder bør rette, "
        "og avslutter med kode 1 når noe er funnet."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FIL", help="JSON, CSV eller XLSX.")
        parser.add_argument(
            "--today", help="Dagen kommende gjennomføringer regnes fra (ÅÅÅÅ-MM-DD)."
        )

    def handle(self, *args, **options):
        today = self._today(options["today"])
        errors = []
        if options["files"]:
            offers, errors, names = sources.file_offers(options["files"])
        else:
            offers, names = sources.database_offers(), sources.provider_names()
        titles, owners = {}, {}

        def remember(stream):
            for data in stream:
                key = data.record.get("id") or ""
                titles[key] = data.record.get("tittel") or ""
                owners[key] = data.record.get("ansvarlig") or ""
                yield data

        by_provider: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        count = 0
        for finding in check_all(remember(offers), today):
            by_provider[owners.get(finding.offer, "")][finding.offer].append(finding)
            count += 1
        for issue in errors:
            self.stdout.write(str(issue))
        for provider in sorted(by_provider):
            self.stdout.write("")
            self.stdout.write(f"{names.get(provider, provider)} ({provider})")
            for offer, findings in by_provider[provider].items():
                self.stdout.write(f"  {titles.get(offer, '')} ({offer})")
                for finding in findings:
                    where = finding.field
                    if finding.run:
                        where = _("gjennomføring %(run)s, %(field)s") % {
                            "run": finding.run,
                            "field": finding.field,
                        }
                    self.stdout.write(f"    - {where}: {finding.message}")
        if errors:
            raise CommandError(
                _("Filene har %(count)s feil som importen ville avvist, og %(found)s ting å rette.")
                % {"count": len(errors), "found": count},
                returncode=1,
            )
        if count:
            raise CommandError(
                _("Fant %(count)s ting å rette (antall tilbydere: %(providers)s).")
                % {"count": count, "providers": len(by_provider)},
                returncode=1,
            )
        self.stdout.write(_("Ingen funn: tilbudene henger sammen."))

    @staticmethod
    def _today(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(
                _("--today må være en dato som 2026-11-22, ikke «%(value)s».") % {"value": value}
            ) from exc
