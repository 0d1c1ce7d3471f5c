from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lagesbild.demo.services import create_demo
from lagesbild.jobs.beside import worker_beside
from lagesbild.organisations.access import requires_second_factor
from lagesbild.web.management.commands.serve import port_number


def two_factor_note(usernames: list[str]) -> str:
    """Say which demo accounts need a TOTP code, and whether this run asks for it."""
    users = get_user_model().objects.filter(username__in=usernames).order_by("username")
    names = ", ".join(u.username for u in users if requires_second_factor(u))
    if settings.LAGESBILD_REQUIRE_2FA:
        return (
            f"Tvåstegsverifiering krävs för {names}: efter lösenordet visas en QR-kod att skanna "
            "med en autentiseringsapp (FreeOTP, Google eller Microsoft Authenticator; nyckeln "
            "visas också som text) och därefter tio reservkoder att spara; sedan frågas efter "
            "appens sexsiffriga kod vid varje inloggning."
        )
    return (
        f"Tvåstegsverifiering är AVSTÄNGD i den här körningen (LAGESBILD_REQUIRE_2FA=false, som "
        f"make demo sätter). I drift krävs den för {names}; prova den med "
        "LAGESBILD_REQUIRE_2FA=true .venv/bin/lagesbild demo."
    )


class Command(BaseCommand):
    help = (
        "Create the demo municipality Exempelstad (districts, partners, one user per role, "
        "three years and a month of clearly labelled synthetic reports), then serve it on "
        "http://127.0.0.1:8000. Safe to re-run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="create the data and stop")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=port_number, default=8000)

    def handle(self, *args, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Skapar Exempelstad (syntetisk demodata)…")
        summary = create_demo()
        self.stdout.write(
            f"{summary.municipality.name} ({summary.municipality.code}): "
            f"{summary.districts} stadsdelar, "
            f"{summary.reports_total} rapporter ({summary.reports_created} nya); "
            "syntetiska Brå-siffror, folkmängd och polisens händelser."
        )
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nLogga in på {url} med något av dessa konton:"))
        for username, password, purpose in summary.users:
            self.stdout.write(f"  användarnamn {username:<11} lösenord {password}   ({purpose})")
        if summary.municipality.public_page_enabled:
            public = f"{url}offentlig/{summary.municipality.code}/"
            self.stdout.write(f"\nDen publika sidan, utan inloggning: {public}")
        self.stdout.write("\n" + two_factor_note([username for username, *_ in summary.users]))
        if options["no_serve"]:
            return
        log = settings.DATA_DIR / "worker.log"
        self.stdout.write(
            f"\nBakgrundsjobben (PDF, Word, stora exporter, utkast) körs av en arbetsprocess "
            f"bredvid servern (lagesbild worker, logg i {log})."
        )
        self.stdout.write(f"Servern startar på {url} – avsluta med Ctrl+C.\n")
        with worker_beside(log):
            call_command("serve", host=options["host"], port=options["port"])
