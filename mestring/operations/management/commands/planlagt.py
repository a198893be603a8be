"""`mestring planlagt JOBB`: run one scheduled job under its lock (see docs/operations.md)."""

import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mestring.operations import schedule


class Command(BaseCommand):
    help = "Kjør en planlagt jobb, aldri to ganger samtidig."

    def add_arguments(self, parser):
        parser.add_argument("jobb", nargs="?", help="jobben: " + ", ".join(schedule.JOBS))
        parser.add_argument("--liste", action="store_true", help="vis jobbene og når de kjører")
        parser.add_argument("--cron", action="store_true", help="skriv timeplanen som crontab")
        parser.add_argument(
            "--timeplan",
            action="store_true",
            help="kjør timeplanen i forgrunnen: start hver jobb når tiden er inne (som cron)",
        )

    def handle(self, *args, jobb, liste, cron, timeplan, **options):
        if timeplan:
            self.stdout.write("Timeplanen kjører: " + ", ".join(schedule.JOBS) + ".")
            schedule.run_schedule(self._start)
            return
        if cron:
            self.stdout.write(schedule.crontab(), ending="")
            return
        if liste or not jobb:
            for job in schedule.JOBS.values():
                self.stdout.write(f"{job.name:<15} {job.cron:<14} {job.description}")
            return
        job = schedule.JOBS.get(jobb)
        if job is None:
            raise CommandError(f"Ukjent jobb «{jobb}». Jobbene er: {', '.join(schedule.JOBS)}.")
        with schedule.job_lock(job.name) as held:
            if not held:
                self.stdout.write(f"Jobben «{job.name}» kjører allerede; hoppet over.")
                return
            call_command(*schedule.command_for(job), stdout=self.stdout, stderr=self.stderr)
        self.stdout.write(f"Jobben «{job.name}» er ferdig.")

    def _start(self, name: str) -> None:
        """Start the job in its own process (under its lock), without waiting for it."""
        self.stdout.write(f"Starter jobben «{name}».")
        subprocess.Popen([sys.executable, "-m", "mestring.cli", "planlagt", name])  # noqa: S603
