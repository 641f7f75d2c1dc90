"""`regiodeal import-outreach FILE --deal SLUG`: CSV or Excel, all-or-nothing, every problem with
its row and column, progress on stderr; the norm per wijk recounted after the import."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from regiodeal.participation.models import Conversation
from regiodeal.participation.selectors import norm_overview

HEADER = "wijk;held_on;organisation;residents;form;groups;themes;raised;feedback;feedback_on"


def run(path, deal="waterwegregio"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import-outreach", str(path), "--deal", deal, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_csv_is_imported_and_counts_towards_the_norm(wijken, themes, tmp_path):
    path = tmp_path / "outreach.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "WK060601;2025-03-01;SCHIEDAM;18;deur aan deur;jongeren=5;veiligheid;Te weinig verlichting;;",
                "WK060601;2025-03-08;SCHIEDAM;14;meeting;jongeren=2, eu_arbeidsmigranten=4;"
                "ontmoeten, veiligheid;;Brief;2025-04-01",
                "WK062205;2025-03-08;VLAARDINGEN;9;street;;;;;",
            ]
        ),
        encoding="utf-8",
    )
    out, err = run(path)
    assert "3 conversation records imported (41 residents) in 2 wijken" in out
    assert "outreach.csv" in err  # the progress bar
    nieuwland = Conversation.objects.get(held_on=dt.date(2025, 3, 8), wijk__code="WK060601")
    assert dict(nieuwland.groups.values_list("group_code", "residents")) == {
        "jongeren": 2,
        "eu_arbeidsmigranten": 4,
    }
    assert sorted(nieuwland.themes.values_list("code", flat=True)) == ["ontmoeten", "veiligheid"]
    assert nieuwland.imported_from == "outreach.csv" and nieuwland.feedback_on == dt.date(2025, 4, 1)
    rows = {
        w.wijk.code: (w.spoken, w.verdict)
        for w in norm_overview(deal=wijken["oost"].deal, on=dt.date(2025, 7, 2)).wijken
    }
    assert rows["WK060601"] == (32, "achieved")
    assert rows["WK062205"] == (9, "behind")


def test_an_excel_file_is_imported(wijken, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["wijk", "held_on", "organisation", "residents", "form"])
    sheet.append(["WK060602", dt.date(2025, 5, 1), "SCHIEDAM", 30, "online"])
    path = tmp_path / "outreach.xlsx"
    book.save(path)
    out, _err = run(path)
    assert "1 conversation records imported (30 residents)" in out


def test_every_problem_is_named_by_row_and_column_and_nothing_is_stored(wijken, themes, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                "WK060601;2025-03-01;SCHIEDAM;18;door_to_door;;;;;",  # good
                "WK999999;2025-13-01;NOBODY;nul;fiets;kinderen=3;onbekend;;;",
                "WK060601;2025-03-02;SCHIEDAM;5;street;jongeren=6;;Bel 06-12345678;;",
                "WK060601;2025-03-01;SCHIEDAM;18;door_to_door;;;;;",  # the same as row 2
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as failed:
        run(path)
    assert "4 problem(s)" in str(failed.value) or "problem(s); nothing was imported" in str(failed.value)
    assert not Conversation.objects.exists()
    _out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-outreach", str(path), "--deal", "waterwegregio", "--no-progress", stderr=err)
    lines = err.getvalue().splitlines()
    where = [line.split(": ")[0] + ": " + line.split(": ")[1] for line in lines]
    assert where == [
        f"{path}:3: form",
        f"{path}:3: groups",
        f"{path}:3: held_on",
        f"{path}:3: organisation",
        f"{path}:3: residents",
        f"{path}:3: themes",
        f"{path}:3: wijk",
        f"{path}:4: groups",
        f"{path}:4: raised",
        f"{path}:5: -",
    ]
    assert "een telefoonnummer (06-12345678)" in lines[8]
    assert "Dezelfde gesprekken staan ook in rij 2" in lines[9]


def test_importing_the_same_file_twice_does_not_count_residents_twice(wijken, tmp_path):
    path = tmp_path / "outreach.csv"
    path.write_text(
        "wijk,held_on,organisation,residents,form\nWK060601,2025-03-01,SCHIEDAM,18,street\n", encoding="utf-8"
    )
    run(path)
    with pytest.raises(CommandError):
        run(path)
    assert Conversation.objects.count() == 1


def test_an_unknown_deal_or_file_is_refused(wijken, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.csv")
    path = tmp_path / "x.csv"
    path.write_text("wijk\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no such deal"):
        run(path, deal="nergens")
