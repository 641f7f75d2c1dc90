"""`regiodeal purge-personal-data`: delete residents' personal data whose retention period has
passed: the contact details of an idea, and the IP addresses of residents in the audit trail.
One rule (docs/security.md, "Retention of personal data"): kept for
REGIODEAL_RESIDENT_DATA_RETENTION_MONTHS (12) after the idea's closing, or after its last status
change while it is open. Safe to run daily (the worker does, as the job "purge-personal-data"):
what is gone is not found again. Each deletion is audited."""

from django.core.management.base import BaseCommand

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.ideas.selectors import contacts_expired, resident_sources_expired, retention_text
from regiodeal.ideas.services import personal_data_purge


class Command(BaseCommand):
    help = "Delete residents' contact details and IP addresses after their retention period (AVG)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        require_database_ready()
        period = f"retention {retention_text()} after closing or last activity"
        if dry_run:
            expired = contacts_expired()
            for contact in expired:
                idea = contact.idea
                self.stdout.write(f"would delete: contact details of idea {idea.deal.slug}#{idea.number}")
            sources = resident_sources_expired()
            self.stdout.write(
                f"{len(expired)} to delete, {len(sources)} IP addresses to blank in the audit trail "
                f"({period}); nothing deleted."
            )
            return
        done, blanked = personal_data_purge(actor=Actor.cli())
        for idea, fields in done:
            self.stdout.write(
                f"deleted: contact details of idea {idea.deal.slug}#{idea.number} ({', '.join(fields)})"
            )
        if blanked:
            self.stdout.write(f"blanked: {blanked} IP addresses of residents in the audit trail")
        if done or blanked:
            self.stdout.write(f"{len(done)} deleted, {blanked} blanked ({period}).")
        else:
            self.stdout.write(f"nothing to delete ({period}).")
