"""`regiodeal createuser`: make an account with its role, from the command line.

It asks the password twice on the terminal. Without a terminal (a script, a pipe, cron) pass the
password on standard input with --password-stdin, or make an OpenID Connect account with
--no-password; asking anyway would end in an EOFError."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from regiodeal.accounts.roles import ACROSS_DEALS, Role
from regiodeal.accounts.services import user_create
from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals.models import Deal, Organisation


class Command(BaseCommand):
    help = (
        "Create an account with a role in a deal (for the ministry: in every deal). Asks the password "
        "twice on the terminal; without a terminal, pass it on standard input with --password-stdin "
        "(e.g. `printf '%s\\n' \"$PASSWORD\" | regiodeal createuser ... --password-stdin`) or use "
        "--no-password. The password must pass the password rules (at least 12 characters, not common, "
        "not only digits, not like the name or e-mail address)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--deal", help="Deal slug (not for --role ministry).")
        parser.add_argument(
            "--organisation", help="Organisation code within the deal (a Party for representatives)."
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input instead of asking on the terminal.",
        )
        parser.add_argument(
            "--no-password",
            action="store_true",
            help="No password: the account signs in with OpenID Connect.",
        )

    def handle(self, *args, **o):
        require_database_ready()
        deal = organisation = None
        if o["role"] not in ACROSS_DEALS and not o["deal"]:
            raise CommandError(f"--deal is required for role {o['role']}.", returncode=2)
        if o["deal"]:
            try:
                deal = Deal.objects.get(slug=o["deal"])
            except Deal.DoesNotExist as exc:
                known = ", ".join(Deal.objects.values_list("slug", flat=True)) or "none"
                raise CommandError(
                    f"--deal {o['deal']}: no such deal (loaded: {known}).", returncode=2
                ) from exc
        if o["organisation"]:
            if deal is None:
                raise CommandError("--organisation needs --deal.", returncode=2)
            try:
                organisation = deal.organisations.get(code=o["organisation"])
            except Organisation.DoesNotExist as exc:
                codes = ", ".join(deal.organisations.values_list("code", flat=True))
                raise CommandError(
                    f"--organisation {o['organisation']}: not in {deal.slug} (codes: {codes}).", returncode=2
                ) from exc
        if get_user_model().objects.filter(username=o["username"]).exists():
            raise CommandError(f"An account {o['username']!r} already exists.", returncode=2)
        password = None
        if o["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(
                    "--password-stdin: standard input holds no password (give it on the first line).",
                    returncode=2,
                )
        elif not o["no_password"]:
            password = self._ask_password()
        try:
            user = user_create(
                actor=Actor.cli(),
                username=o["username"],
                email=o["email"],
                password=password,
                role=o["role"],
                deal=deal,
                organisation=organisation,
                first_name=o["first_name"],
                last_name=o["last_name"],
            )
        except ValidationError as exc:
            problems = (
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                if hasattr(exc, "message_dict")
                else " ".join(exc.messages)
            )
            raise CommandError(f"Account not created: {problems}", returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.get_username()} ({o['role']}{' in ' + deal.slug if deal else ''})."
            )
        )

    def _ask_password(self) -> str:
        no_terminal = CommandError(
            "No terminal to ask the password on. Pass it on standard input with --password-stdin "
            "(printf '%s\\n' \"$PASSWORD\" | regiodeal createuser ... --password-stdin), "
            "or use --no-password for an account that signs in with OpenID Connect.",
            returncode=2,
        )
        if not sys.stdin or not sys.stdin.isatty():
            raise no_terminal
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except EOFError as exc:
            raise no_terminal from exc
        if password != again:
            raise CommandError("The passwords differ.", returncode=2)
        if not password:
            raise CommandError("An empty password: type one, or use --no-password.", returncode=2)
        return password
