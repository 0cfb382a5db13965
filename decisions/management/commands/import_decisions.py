import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from decisions.importing import import_record


class Command(BaseCommand):
    help = (
        "Import historic decision records, which keep their own references, from a JSON "
        'file shaped like fixtures/decisions.json ({"records": [...]}). All or nothing.'
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        try:
            items = json.loads(path.read_text(encoding="utf-8"))["records"]
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"{path} is not a JSON file with a list of records: {exc}") from exc
        with transaction.atomic():
            for number, item in enumerate(items, start=1):
                try:
                    import_record(item)
                except ValidationError as exc:
                    raise CommandError(
                        f"Record {number} ({item.get('reference', 'no reference')}): "
                        + "; ".join(_messages(exc))
                        + " Nothing was imported."
                    ) from exc
        self.stdout.write(f"{len(items)} decision record(s) imported.")


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{field}: {message}"
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return exc.messages
