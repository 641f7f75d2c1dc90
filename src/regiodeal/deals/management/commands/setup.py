"""`regiodeal setup`: create or upgrade the database, collect static files, load the bundled deals,
and empty the cache (a new release may render the cached pages differently; `regiodeal serve`
runs this first). A cache shared in Redis is emptied only for a new release
(common/cache.py `empty_for_new_release`), so one server's restart does not cool the others.

Idempotent: a second run finds nothing to migrate and every bundled deal already loaded.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.cache import empty_for_new_release
from regiodeal.common.signals import setup_completed
from regiodeal.common.storage import restrict_data_folder
from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.services import deal_load_bundled


class Command(BaseCommand):
    help = "Create or upgrade the database and load the bundled Waterwegregio deal if it is not there."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-static",
            action="store_true",
            help="Skip collecting static files (tests, or when a web server serves them).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        restrict_data_folder()  # the database and the data folder: the platform's user only
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
        try:
            outcomes = deal_load_bundled(actor=Actor.cli())
        except DefinitionError as exc:
            raise CommandError(f"The bundled definition is invalid:\n{exc}", returncode=2) from exc
        for outcome in outcomes:
            self.stdout.write(f"Loaded {outcome.version.name} ({outcome.deal.slug}, version 1).")
        said = empty_for_new_release()  # the cached pages of the release before this one
        if said:
            self.stdout.write(said)
        for _receiver, message in setup_completed.send(sender=self.__class__, actor=Actor.cli()):
            if message:
                self.stdout.write(str(message))
        self.stdout.write(self.style.SUCCESS("Database ready."))
