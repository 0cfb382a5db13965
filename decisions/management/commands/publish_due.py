import datetime

from django.core.management.base import BaseCommand, CommandError

from decisions import workflow


class Command(BaseCommand):
    help = (
        "Publish every decision whose deferred publication date has come. Idempotent and "
        "safe to run from cron: a record is published once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Publish what is due on this date (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be a date like 2021-03-15, not {date!r}.") from exc
        published = workflow.publish_due(today=today)
        for record in published:
            self.stdout.write(f"Published {record.reference}: {record.title}")
        self.stdout.write(f"{len(published)} decision(s) published.")
