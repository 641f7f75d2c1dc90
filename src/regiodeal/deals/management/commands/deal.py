"""`regiodeal deal validate|load|correct|show`: work with deal definition files.

`correct FILE --reason TEXT` corrects a reading of a loaded deal (an indicator's unit, which
result or approach a number of the covenant belongs to, a deliverable), never the agreed content:
that is an amendment (Art. 11), refused here with the difference.

Exit codes: 0 success; 2 the file (or slug) is wrong, with every problem printed.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from regiodeal.audit.services import Actor
from regiodeal.common.db import require_database_ready
from regiodeal.deals import models as m
from regiodeal.deals.definition import DefinitionError
from regiodeal.deals.selectors import deal_as_dict, deal_by_slug
from regiodeal.deals.services import (
    CorrectionRefused,
    DealChangeRefused,
    deal_correct,
    deal_load,
    definition_read_file,
)


class Command(BaseCommand):
    help = "Validate, load or show a Regio Deal definition."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{validate,load,correct,show}")
        validate = sub.add_parser("validate", help="Check a definition file; print every problem.")
        validate.add_argument("file")
        validate.add_argument("--json", action="store_true", dest="as_json", help="Problems as JSON.")
        load = sub.add_parser("load", help="Validate, then load a definition (all-or-nothing).")
        load.add_argument("file")
        correct = sub.add_parser(
            "correct",
            help="Correct a reading of a loaded deal (its agreed content changes by amendment, Art. 11).",
        )
        correct.add_argument("file")
        correct.add_argument("--reason", required=True, help="Why: recorded in the audit trail.")
        show = sub.add_parser("show", help="Show a loaded deal.")
        show.add_argument("slug")
        show.add_argument("--json", action="store_true", dest="as_json", help="As JSON.")

    def handle(self, *args, action, **options):
        if action != "validate":  # validating a file needs no database
            require_database_ready()
        return getattr(self, f"do_{action}")(**options)

    def _read(self, file, as_json=False):
        try:
            return definition_read_file(file)
        except DefinitionError as exc:
            if as_json:
                self.stdout.write(
                    json.dumps(
                        {"valid": False, "problems": [p.as_dict() for p in exc.problems]},
                        indent=2,
                        ensure_ascii=False,
                    )
                )
                raise CommandError(f"{len(exc.problems)} problem(s) found.", returncode=2) from exc
            count = len(exc.problems)
            raise CommandError(
                f"{file}: {count} problem{'s' if count != 1 else ''} found; nothing was loaded.\n{exc}",
                returncode=2,
            ) from exc

    def do_validate(self, file, as_json=False, **options):
        deal_def, _ = self._read(file, as_json=as_json)
        if as_json:
            self.stdout.write(json.dumps({"valid": True, "slug": deal_def.slug, "problems": []}))
        else:
            self.stdout.write(self.style.SUCCESS(f"{file}: valid ({deal_def.name}, slug {deal_def.slug})."))

    def do_load(self, file, **options):
        deal_def, text = self._read(file)
        try:
            outcome = deal_load(deal_def=deal_def, source_text=text, source_name=str(file), actor=Actor.cli())
        except DealChangeRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if outcome.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {deal_def.name} as {deal_def.slug}, version 1."))
        else:
            self.stdout.write(f"{deal_def.slug} is already loaded with this content: nothing changed.")

    def do_correct(self, file, reason, **options):
        deal_def, text = self._read(file)
        deal = m.Deal.objects.filter(slug=deal_def.slug).first()
        if deal is None:
            raise CommandError(
                f"No deal with slug {deal_def.slug!r} is loaded: load it with `regiodeal deal load`.",
                returncode=2,
            )
        try:
            outcome = deal_correct(
                deal=deal,
                deal_def=deal_def,
                source_text=text,
                source_name=str(file),
                reason=reason,
                actor=Actor.cli(),
            )
        except CorrectionRefused as exc:
            raise CommandError(str(exc), returncode=2) from exc
        versions = ", ".join(str(n) for n in outcome.versions)
        self.stdout.write(self.style.SUCCESS(f"Corrected {deal.slug} (version {versions}):"))
        for change in outcome.changes:
            self.stdout.write(f"  - {change}")

    def do_show(self, slug, as_json=False, **options):
        try:
            deal = deal_by_slug(slug)
        except m.Deal.DoesNotExist as exc:
            known = ", ".join(m.Deal.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No deal with slug {slug!r} (loaded: {known}).", returncode=2) from exc
        data = deal_as_dict(deal)
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self._as_text(data))

    def _as_text(self, d):
        out = [
            f"{d['name']} ({d['slug']}, version {d['version']})",
            f"  status: {d['status']}; starts on: {d['starts_on'] or 'after all Parties have signed'}; "
            f"ends on: {d['ends_on']}",
            f"  regiokassier: {d['regiokassier']}",
            f"  Parties ({len(d['parties'])}):",
        ]
        out += [f"    {p['code']:<12} {p['kind']:<6} {p['name']}" for p in d["parties"]]
        out.append(f"  Partners ({len(d['partners'])}): " + ", ".join(p["name"] for p in d["partners"]))
        for p in d["pillars"]:
            out.append(f"  Pijler {p['code']}: {p['name']}")
            out += [f"    doel {o['code']}: {o['title']}" for o in p["objectives"]]
            out += [f"    resultaat {r['code']}: {r['title']}" for r in p["results"]]
        out.append("  Budget (EUR):")
        out.append(f"    {'line':<8} {'rijk':>16} {'regional':>16} {'total':>16}")
        for b in d["budget"]["lines"]:
            out.append(f"    {b['code']:<8} {b['rijk']:>16} {b['regional']:>16} {b['total']:>16}")
        t = d["budget"]["totals"]
        out.append(f"    {'total':<8} {t['rijk']:>16} {t['regional']:>16} {t['total']:>16}")
        return "\n".join(out)
