"""The running week's note and the note that a reader's figures hold sensitive categories have
one source (``briefings.notes``): the week page, the brief and the Excel file's "Om" sheet print
the same sentence, in both languages."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

import time_machine
from django.urls import reverse
from django.utils import translation

from lagesbild.briefings.notes import sensitive_included_note, week_in_progress_note
from lagesbild.briefings.tests.test_document_audit import _documents, _excel_notes
from lagesbild.briefings.tests.test_week_honesty import MONDAY, WEDNESDAY_NOON, WEEK, _file
from lagesbild.testing import Cast, client_for

RUNNING = {
    "sv": "Veckan pågår: siffrorna gäller rapporterna hittills och jämförs inte i procent med "
    "hela veckor.",
    "en": "The week is in progress: the figures are the reports so far and are not compared in "
    "per cent with whole weeks.",
}
SENSITIVE = {
    "sv": "Siffrorna räknar med rapporter i känsliga kategorier; mötets dagordning, som alla "
    "parter läser, gör det inte och kan därför visa andra tal.",
    "en": "The figures include reports in sensitive categories; the meeting's agenda, which "
    "every partner reads, does not, and may therefore show other figures.",
}


def test_the_notes_are_empty_when_they_do_not_apply() -> None:
    assert (week_in_progress_note(False), sensitive_included_note(False)) == ("", "")


def test_a_running_week_s_documents_print_the_one_wording_in_both_languages(cast: Cast) -> None:
    _file(cast, 3, MONDAY - timedelta(weeks=1))
    _file(cast, 3, MONDAY)
    for lang in ("sv", "en"):
        with time_machine.travel(WEDNESDAY_NOON, tick=False), translation.override(lang):
            week, brief = _documents(cast)
            running, sensitive = week_in_progress_note(True), sensitive_included_note(True)
        assert (running, sensitive) == (RUNNING[lang], SENSITIVE[lang])
        assert running in unescape(week) and running in unescape(brief), lang
        # The coordinator's brief counts sensitive categories and says the agenda does not.
        assert f"{sensitive} {running}" in unescape(brief), lang
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        page = client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode()
        notes = _excel_notes(cast)
    assert f'<p class="notice" id="in-progress-note">{RUNNING["sv"]}</p>' in page
    assert SENSITIVE["sv"] in notes


def test_an_ended_week_has_no_running_note(cast: Cast) -> None:
    _file(cast, 3, MONDAY)
    with time_machine.travel(MONDAY + timedelta(weeks=1), tick=False):
        week, brief = _documents(cast)
        page = client_for(cast.cecilia).get(reverse("week", args=[WEEK])).content.decode()
    assert "Veckan pågår" not in week + brief and 'id="in-progress-note"' not in page
    assert SENSITIVE["sv"] in brief and SENSITIVE["sv"] not in week  # the page's own notes
