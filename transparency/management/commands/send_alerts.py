"""Send the public's email alerts; run it from cron, e.g. every 15 minutes.

Idempotent: an item is sent to a subscription at most once, however often or however
many copies of the command run. Also deletes subscriptions never confirmed within 7 days.
"""

from django.core.management.base import BaseCommand

from transparency import alerts


class Command(BaseCommand):
    help = (
        "Email each confirmed subscriber what has been published for them since the last "
        "run, and delete subscriptions not confirmed within 7 days."
    )

    def handle(self, *args, **options):
        deleted = alerts.delete_expired_pending()
        sent = alerts.send_alerts()
        self.stdout.write(
            f"Sent {sent} alert email{'s' if sent != 1 else ''}; deleted {deleted} "
            f"unconfirmed subscription{'s' if deleted != 1 else ''}."
        )
