"""`regiodeal purge-personal-data`: delete residents' contact details whose retention period has
passed (REGIODEAL_IDEA_CONTACT_RETENTION_DAYS after the idea was closed, default 365). Safe to
run daily (cron, a systemd timer): what is gone is not found again. Each deletion is audited."""

from django.core.management.base import BaseCommand

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.ideas.selectors import contacts_expired, retention_days
from regiodeal.ideas.services import contacts_purge


class Command(BaseCommand):
    help = "Delete residents' contact details after their retention period (AVG)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        require_database_ready()
        days = retention_days()
        expired = list(contacts_expired())
        if dry_run:
            for contact in expired:
                idea = contact.idea
                self.stdout.write(
                    f"would delete: contact details of idea {idea.deal.slug}#{idea.number} "
                    f"(closed {idea.closed_at:%Y-%m-%d})"
                )
            self.stdout.write(
                f"{len(expired)} to delete (retention {days} days after closing); nothing deleted."
            )
            return
        done = contacts_purge(actor=Actor.cli(), contacts=expired)
        for idea, fields in done:
            self.stdout.write(
                f"deleted: contact details of idea {idea.deal.slug}#{idea.number} ({', '.join(fields)}), "
                f"closed {idea.closed_at:%Y-%m-%d}"
            )
        if done:
            self.stdout.write(f"{len(done)} deleted (retention {days} days after closing).")
        else:
            self.stdout.write(f"nothing to delete (retention {days} days after closing).")
