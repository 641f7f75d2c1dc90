"""Broken definition files, generated: always a clear error, never a traceback, never a partial
write."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodeal.deals import models as m
from regiodeal.deals.definition import Problem, read_definition
from regiodeal.deals.services import bundled_definition_path

TEXT = bundled_definition_path().read_text(encoding="utf-8")
LINES = TEXT.splitlines(keepends=True)


@st.composite
def broken(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "garble", "truncate", "value"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "garble":
            junk = draw(
                st.text(alphabet=st.sampled_from(list(":-[]{}'\"#&*!|>%@`\t 0123456789abc€")), max_size=6)
            )
            pos = draw(st.integers(0, max(len(lines[i]) - 1, 0)))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        elif kind == "truncate":
            lines = lines[:i]
        else:
            if ":" in lines[i]:
                key = lines[i].split(":", 1)[0]
                value = draw(
                    st.sampled_from(["", "-1", "1e9", ".nan", "null", "[]", "{}", "2029-02-30", "x"])
                )
                lines[i] = f"{key}: {value}\n"
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=300, deadline=None)
@given(broken())
def test_a_broken_definition_gives_problems_never_an_exception(text):
    deal, problems = read_definition(text, "fuzz.yaml")
    assert (deal is None) == bool(problems)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.filename == "fuzz.yaml" and problem.rule and problem.message
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1


class Rollback(Exception):
    pass


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=broken())
def test_loading_a_broken_definition_writes_nothing_or_everything(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        with transaction.atomic():
            try:
                call_command("deal", "load", str(path))
            except CommandError as exc:
                assert exc.returncode == 2 and str(path) in str(exc)
                assert m.Deal.objects.count() == 0 and m.Party.objects.count() == 0
            else:
                version = m.DealVersion.objects.get()
                assert version.parties.count() >= 1 and version.budget_lines.count() >= 1
            raise Rollback
    except Rollback:
        pass
