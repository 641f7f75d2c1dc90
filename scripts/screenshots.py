"""Screenshots for review (`make screenshots`).

Starts the platform on a temporary SQLite database with the example portfolio (`regiodeal demo`),
one account per role and an amendment request, then writes PNGs (whole pages) of the deal page,
money, results, a project, the amendment comparison and the home ("Mijn werk") of each role, at
1280 and 390 px wide, into the folder it prints (default ./screenshots, git-ignored).

    .venv/bin/python scripts/screenshots.py [--out DIR] [--language nl|en]

Needs Debian's chromium-headless-shell or chromium (as the browser tests do). Nothing is kept of
the database: it lives in a temporary folder that is removed at the end."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DEAL = "waterwegregio"
PASSWORD = "screenshots-" + secrets.token_hex(8)
WIDTHS = (1280, 390)

# username: (role, organisation code)
ACCOUNTS = {
    "programmabureau": ("programme_office", None),
    "regiokassier": ("regiokassier", "ROTTERDAM"),
    "vertegenwoordiger": ("party_representative", "SCHIEDAM"),
    "projectleider": ("project_lead", "VLAARDINGEN"),
    "ministerie": ("ministry", None),
    "accountant": ("auditor", None),
}

PUBLIC = {
    "deal": f"/deals/{DEAL}/",
    "geld": f"/deals/{DEAL}/public/money/",
    "resultaten": f"/deals/{DEAL}/public/results/",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict) -> dict:
    """The example data, the accounts and an amendment request, written in this process through
    the platform's own commands and services. Returns what the pages need (a project's code,
    the request's number)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from regiodeal.accounts.models import Membership
    from regiodeal.accounts.roles import ACROSS_DEALS
    from regiodeal.audit.services import Actor
    from regiodeal.deals.models import Deal

    call_command("setup", verbosity=0)
    call_command("demo", deal=DEAL, verbosity=0)
    deal = Deal.objects.get(slug=DEAL)
    for username, (role, code) in ACCOUNTS.items():
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.nl", password=PASSWORD
        )
        organisation = deal.organisations.get(code=code) if code else None
        Membership.objects.create(
            user=user, role=role, deal=None if role in ACROSS_DEALS else deal, organisation=organisation
        )
    from regiodeal.governance import services as gov

    request = gov.amendment_file(
        actor=Actor.cli(),
        deal=deal,
        filed_by=deal.organisations.get(code="SCHIEDAM"),
        filed_on=dt.date.today(),
        title="Een miljoen van pijler 1 naar pijler 2",
        reasons="Pijler 2 loopt sneller dan gedacht (art. 4.3).",
        changes={
            "budget": {
                "P1": {"rijk": "7400000", "regional": "7400000"},
                "P2": {"rijk": "7700000", "regional": "7700000"},
            }
        },
    )
    from regiodeal.projects.models import Project

    project = Project.objects.filter(deal=deal).order_by("code").first()
    return {"project": project.code if project else None, "request": request.number}


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(VENV_BIN / "regiodeal"), "serve", "--port", str(port), "--workers", "1", "--no-worker"],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except Exception:
            if server.poll() is not None:
                raise SystemExit("regiodeal serve stopped before it answered") from None
            time.sleep(0.5)
    return server


def shoot(base: str, out: Path, data: dict, language: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    prefix = "/en" if language == "en" else ""
    written: list[Path] = []
    executable = next(
        filter(None, map(shutil.which, ("chromium-headless-shell", "chromium", "chromium-browser"))), None
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )

        def take(context, name: str, path: str, width: int) -> None:
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{base}{prefix}{path}")
            target = out / f"{name}-{width}.png"
            page.screenshot(path=str(target), full_page=True)
            page.close()
            written.append(target)

        for width in WIDTHS:
            context = browser.new_context()
            pages = dict(PUBLIC)
            if data["project"]:
                pages["project"] = f"/deals/{DEAL}/public/projects/{data['project']}/"
            for name, path in pages.items():
                take(context, f"openbaar-{name}", path, width)
            context.close()
            for username in ACCOUNTS:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                if not page.get_by_label("Gebruikersnaam").count():
                    raise SystemExit(f"no login form at {page.url}:\n{page.content()[:3000]}")
                page.get_by_label("Gebruikersnaam").fill(username)
                page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
                with page.expect_navigation():
                    page.get_by_role("button", name="Inloggen").click()
                page.close()
                take(context, f"{username}-mijn-werk", "/work/", width)
                if username == "vertegenwoordiger":
                    take(
                        context,
                        "vertegenwoordiger-wijziging",
                        f"/deals/{DEAL}/governance/requests/{data['request']}/",
                        width,
                    )
                context.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--language", default="nl", choices=["nl", "en"])
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="regiodeal-screenshots-"))
    env = {
        "REGIODEAL_DATA_DIR": str(folder),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_DEBUG": "true",  # cookies without Secure: the server speaks plain http here
        "DJANGO_SETTINGS_MODULE": "regiodeal.conf.settings",
    }
    env.pop("DATABASE_URL", None)
    os.environ.pop("DATABASE_URL", None)
    server = None
    try:
        data = prepare(env)
        port = free_port()
        server = serve(env, port)
        written = shoot(f"http://127.0.0.1:{port}", out, data, args.language)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{len(written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
