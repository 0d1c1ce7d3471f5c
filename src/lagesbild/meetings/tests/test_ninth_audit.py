"""The ninth audit (2026-12-07) of the meeting agenda's alerts section: counts at their larmgräns
held back by the 5-in-4 rule are named, not "inget antal når sin larmgräns"; an agenda stored
before the flag reads as it did."""

from __future__ import annotations

from datetime import date

import time_machine

from lagesbild.briefings.tests.test_ninth_audit import AFTER_THE_WEEK, NOTE, WEEK, _history
from lagesbild.meetings.models import Meeting
from lagesbild.meetings.services import create_meeting
from lagesbild.meetings.tests.test_agenda_honesty import _agenda
from lagesbild.testing import Cast


def test_the_agenda_names_counts_at_their_larmgräns_that_do_not_alarm(cast: Cast) -> None:
    _history(cast)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        meeting = create_meeting(cast.municipality, WEEK, date(2024, 9, 20), cast.cecilia)
        alerts = _agenda(cast, meeting, "alerts")
    method = "Metod denna vecka: EARS C1 (9 veckors historik före denna vecka)."
    assert alerts == f"Larm: ovanligt många rapporter {NOTE} {method}"
    # An agenda stored before the flag keeps the sentence it had.
    agenda = meeting.agenda
    for section in agenda:
        section.pop("held_back", None)
    Meeting.objects.filter(pk=meeting.pk).update(agenda=agenda)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        before = _agenda(cast, meeting, "alerts")
    none = "Inga larm denna vecka: inget antal når sin larmgräns."
    assert before == f"Larm: ovanligt många rapporter {none} {method}"
