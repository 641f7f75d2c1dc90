"""The national portfolio generator (bench/portfolio.py) at a tiny scale: the counts follow the
scale, the same seed gives the same rows with either writer, the generated deals keep the
covenant's rules as `regiodeal check` judges them, the rows derived by the services are the ones
the services would write, and the public selectors show a generated deal."""

from __future__ import annotations

import contextlib

import pytest
from bench.portfolio import AS_OF, FULL, generate, main, parse_scale, scaled_counts
from django.db import transaction

from regiodeal.demo.national import PortfolioRefused, digest

SCALE = 0.002  # 8 projects, 1,000 ledger entries, 4,000 measurements, 40 outreach records
DEALS = 3  # the Waterwegregio and two generated deals (the full portfolio has 40)
SEED = 7
EXPECTED_ERRORS = {"reporting.report-late"}  # no yearly reports are generated (see bench/portfolio.py)


class _Rollback(Exception):
    pass


def _digest_of_generation(**kwargs) -> str:
    """Generate, take the digest, and roll everything back."""
    result = ""
    with contextlib.suppress(_Rollback), transaction.atomic():
        generate(SCALE, progress=False, deals=DEALS, **kwargs)
        result = digest()
        raise _Rollback
    return result


def test_the_scales_are_full_a_tenth_and_any_fraction():
    assert parse_scale("full") == 1.0
    assert parse_scale("tenth") == 0.1
    assert parse_scale("0.002") == 0.002
    assert (
        scaled_counts(1.0)
        == FULL
        == {
            "projects": 4_000,
            "ledger_entries": 500_000,
            "measurements": 2_000_000,
            "outreach": 20_000,
        }
    )
    assert scaled_counts(0.1) == {
        "projects": 400,
        "ledger_entries": 50_000,
        "measurements": 200_000,
        "outreach": 2_000,
    }


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows_with_either_writer_and_another_seed_other_rows():
    fast = _digest_of_generation(seed=SEED, writer="fast")
    assert fast == _digest_of_generation(seed=SEED, writer="orm")
    assert fast != _digest_of_generation(seed=SEED + 1, writer="fast")


@pytest.fixture(scope="class")
def portfolio(django_db_setup, django_db_blocker):
    """One tiny portfolio for the tests of the class, rolled back afterwards."""
    with django_db_blocker.unblock(), contextlib.suppress(_Rollback), transaction.atomic():
        yield generate(SCALE, SEED, progress=False, deals=DEALS)
        raise _Rollback


@pytest.mark.django_db
@pytest.mark.usefixtures("portfolio")
class TestATinyPortfolio:
    def test_the_row_counts_are_those_of_the_scale_over_the_deals(self, portfolio):
        assert portfolio["deals"] == DEALS
        for name, count in scaled_counts(SCALE).items():
            assert portfolio[name] == count, name

    def test_every_generated_deal_keeps_the_covenants_rules_as_regiodeal_check_judges_them(self):
        from regiodeal.common.findings import ERROR, findings_for
        from regiodeal.deals.models import Deal

        deals = list(Deal.objects.all())
        assert len(deals) == DEALS
        for deal in deals:
            errors = [f for f in findings_for(deal, AS_OF) if f.severity == ERROR]
            unexpected = [f"{f.rule}: {f.message}" for f in errors if f.rule not in EXPECTED_ERRORS]
            assert unexpected == [], deal.slug

    def test_the_bulk_rows_pass_the_validation_the_services_run_before_saving(self):
        from regiodeal.participation.models import CoCreation, Conversation, ConversationGroup, Wijk
        from regiodeal.projects.models import Milestone, Project, ProjectTransition, Risk
        from regiodeal.projects.workflow import TRANSITIONS
        from regiodeal.results.models import Measurement

        for model in (Project, Milestone, Risk, Wijk, Conversation, ConversationGroup, CoCreation):
            rows = list(model.objects.all())
            assert rows, model.__name__
            for row in rows:
                row.full_clean(validate_unique=False)
        for row in Measurement.objects.order_by("?")[:200]:
            row.full_clean(validate_unique=False)
        for t in ProjectTransition.objects.all():
            assert (t.from_status, t.to_status) in TRANSITIONS
        for project in Project.objects.prefetch_related("transitions", "pillars", "results", "areas", "lead"):
            steps = list(project.transitions.order_by("at", "id"))
            assert (steps[-1].to_status if steps else "idea") == project.status
            assert project.lock_version == 1 + len(steps)
            assert {
                x.version.deal_id
                for x in [*project.pillars.all(), *project.results.all(), *project.areas.all()]
            } == {project.deal_id}

    def test_the_outreach_counts_per_wijk_are_what_the_participation_service_would_write(self):
        from regiodeal.audit.services import Actor
        from regiodeal.participation.models import Wijk
        from regiodeal.participation.services import outreach_norm_sync

        wijken = list(Wijk.objects.select_related("deal"))
        assert wijken
        for wijk in wijken:
            assert (
                outreach_norm_sync(
                    actor=Actor(label="test"), deal=wijk.deal, wijk=wijk, also_on=wijk.listed_on
                )
                == 0
            )

    def test_the_public_site_shows_a_generated_deals_projects_money_and_results(self):
        from regiodeal.deals.models import Deal
        from regiodeal.portal.selectors import public_money, public_project, public_projects, public_results

        generated = [d for d in Deal.objects.exclude(slug="waterwegregio") if public_projects(d)]
        assert generated, "no generated deal with a public project"
        deal = generated[0]
        projects = public_projects(deal)
        assert {p.status for p in projects} <= {"approved", "running", "completed", "stopped"}
        assert public_project(deal, projects[0].code).title == projects[0].title
        money = public_money(deal)
        assert money.total.national_granted > 0
        assert money.total.regional_pledged >= money.total.national_granted
        assert money.total.national_granted <= money.total.national_maximum
        results = public_results(deal)
        verdicts = {t.verdict for p in results.pillars for r in p.results for t in r.targets}
        assert verdicts - {"no_data"}, "every target without data"

    def test_a_database_that_holds_a_portfolio_is_refused(self, capsys):
        with pytest.raises(PortfolioRefused, match="other than the bundled one"):
            generate(SCALE, SEED, progress=False, deals=DEALS)
        assert main(["--scale", "tenth", "--no-progress"]) == 2
        assert "refused:" in capsys.readouterr().err
