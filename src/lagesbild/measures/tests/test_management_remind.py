from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command

from lagesbild.audit.models import AuditEntry
from lagesbild.measures.models import MeasureReminder
from lagesbild.measures.tests.helpers import make_measure
from lagesbild.testing import Cast


def remind(*args: str) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def hugo_has_email(cast: Cast) -> Cast:
    cast.hugo.email = "hugo@exempeltorpshem.se"
    cast.hugo.save()
    return cast


def test_remind_emails_the_owner_organisation_once_per_day(hugo_has_email: Cast) -> None:
    cast = hugo_has_email
    measure = make_measure(
        cast, "Byt trasig belysning", owner=cast.bostad, due_date=date(2024, 9, 18)
    )
    make_measure(cast, "Långt fram", owner=cast.bostad, due_date=date(2024, 12, 1))
    make_measure(cast, "Redan klar", owner=cast.bostad, due_date=date(2024, 9, 1), status="done")

    output = remind(
        "--date", "2024-09-16", "--days", "3", "--base-url", "https://lagesbild.example.se"
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)  # text with an HTML alternative
    assert message.to == ["hugo@exempeltorpshem.se"]
    assert message.subject == "Åtgärd ska vara klar 2024-09-18: Byt trasig belysning (Exempeltorp)"
    assert "om 2 dagar" in message.body
    assert f"https://lagesbild.example.se/atgarder/{measure.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and isinstance(html, str)
    assert "<strong>Byt trasig belysning</strong>" in html and "Exempeltorpshem" in html
    assert "1 reminders sent, 1 measures due." in output

    output = remind("--date", "2024-09-16", "--days", "3")
    assert len(mail.outbox) == 1
    assert "already sent today" in output
    assert MeasureReminder.objects.get().recipients == 1
    assert AuditEntry.objects.filter(action="lagesbild.measure.reminded").count() == 1

    remind("--date", "2024-09-17")
    assert len(mail.outbox) == 2


def test_an_overdue_measure_says_so(hugo_has_email: Cast) -> None:
    make_measure(hugo_has_email, "Röj sly", due_date=date(2024, 9, 10))
    remind("--date", "2024-09-16")
    assert mail.outbox[0].subject == "Försenad åtgärd: Röj sly (Exempeltorp)"
    assert "skulle ha varit klar 2024-09-10" in mail.outbox[0].body


def test_dry_run_sends_and_records_nothing(hugo_has_email: Cast) -> None:
    make_measure(hugo_has_email, due_date=date(2024, 9, 16))
    output = remind("--date", "2024-09-16", "--dry-run")
    assert mail.outbox == []
    assert not MeasureReminder.objects.exists()
    assert "would send to 1" in output and "1 reminders would send" in output


def test_an_owner_without_e_mail_addresses_gets_nothing_and_nothing_is_recorded(cast: Cast) -> None:
    make_measure(cast, due_date=date(2024, 9, 16))
    assert "no recipients" in remind("--date", "2024-09-16")
    assert mail.outbox == [] and not MeasureReminder.objects.exists()


def test_a_bad_date_is_a_clear_command_error(cast: Cast) -> None:
    with pytest.raises(CommandError, match="not a date"):
        remind("--date", "16/9")


def test_a_measure_due_today_says_today(hugo_has_email: Cast) -> None:
    make_measure(hugo_has_email, "Städa tunneln", due_date=date(2024, 9, 16))
    remind("--date", "2024-09-16")
    assert "ska vara klar i dag." in mail.outbox[0].body
