"""The press release in English: the same claims, every sentence from the one catalogue."""

from __future__ import annotations

from django.utils import translation

from lagesbild.annual.press import PressRelease, press_release
from lagesbild.annual.services import build_annual_report
from lagesbild.annual.tests.conftest import YEARS
from lagesbild.annual.tests.test_management_report import run
from lagesbild.annual.tests.test_press import flatten_total
from lagesbild.official.models import OfficialStatistic
from lagesbild.organisations.access import viewer_for

SENDER = "Helsingborg's municipality and lokalpolisområde Helsingborg"


def english(helsingborg) -> PressRelease:
    # The report is built in English too: its category names go into the release.
    with translation.override("en"):
        return press_release(build_annual_report("1283", 2021, viewer_for(helsingborg.helena)))


def set_total(values: list[int]) -> None:
    for year, value in zip(YEARS, values, strict=True):
        OfficialStatistic.objects.filter(
            municipality_code="1283", series="Totalt antal brott", year=year
        ).update(value=value)


def test_a_decrease_in_english(helsingborg) -> None:
    release = english(helsingborg)
    assert release.headline == "The trend continues: reported crime in Helsingborg is falling"
    assert release.paragraphs[0].startswith(
        "In 2021, 13,400 crimes were reported in Helsingborg, 5 per cent fewer than in 2020, "
        f"according to the latest collaboration report from {SENDER}. Reports of theft from a "
        "person"
    )
    assert (
        "Reports of vandalism have fallen by 15 per cent compared with 2020, from 1,000 to 850. "
        "The change is statistically significant." in release.paragraphs[1]
    )


def test_a_halving_in_english(helsingborg) -> None:
    lead = english(helsingborg).paragraphs[0]
    assert lead.endswith(
        "Reports of theft from a person in the municipality have more than halved over the "
        "past five years, from 400 in 2016 to 190 in 2021."
    )
    # Exactly half: 380 in 2016, 190 in 2021.
    OfficialStatistic.objects.filter(
        municipality_code="1283", series__startswith="kategori:", year=2016, value=400
    ).update(value=380)
    lead = english(helsingborg).paragraphs[0]
    assert lead.endswith(
        "Reports of theft from a person in the municipality have halved over the past five "
        "years, from 380 in 2016 to 190 in 2021."
    )


def test_a_change_within_the_noise_in_english(helsingborg) -> None:
    flatten_total()
    release = english(helsingborg)
    assert release.headline == "Theft and burglary is falling in Helsingborg"
    assert release.paragraphs[1].startswith(
        "In 2021, 13,700 crimes were reported in Helsingborg, compared with 14,300 in 2020, "
        f"according to the latest collaboration report from {SENDER}. The difference is within "
        "the normal variation between years and is not statistically significant."
    )


def test_an_increase_in_english(helsingborg) -> None:
    set_total([12000 + 300 * i for i in range(9)] + [15200])
    release = english(helsingborg)
    assert release.headline == "Reported crime in Helsingborg is rising"
    assert release.paragraphs[0].startswith(
        "In 2021, 15,200 crimes were reported in Helsingborg, 6 per cent more than in 2020, "
        f"according to the latest collaboration report from {SENDER}."
    )


def test_the_rest_of_the_release_in_english(helsingborg) -> None:
    text = "\n".join(english(helsingborg).paragraphs)
    assert "frihetsberövade personer rose from 120 in 2020 to 150 in 2021" in text
    assert "For 2021, 3 are on track and 1 is not." in text
    assert "In 2021, the partners decided on 2 measures and 1 measure was carried out." in text
    assert text.endswith("Source: Brå, reported crimes.")


def test_the_lang_argument_chooses_the_language(helsingborg) -> None:
    report = build_annual_report("1283", 2021, viewer_for(helsingborg.helena))
    with translation.override("en"):
        swedish = press_release(report, lang="sv")
    assert swedish.headline == "Trenden fortsätter – antalet anmälda brott i Helsingborg sjunker"
    assert press_release(report, lang="en").headline.startswith("The trend continues")


def test_the_command_writes_english(helsingborg) -> None:
    text = run("press", "--municipality", "1283", "--year", "2021", "--language", "en")
    assert text.startswith("The trend continues: reported crime in Helsingborg is falling\n\n")
    # Vandalism's significant fall (150 of the 700) is not most of it: no category is credited.
    assert "account for" not in text
    swedish = run("press", "--municipality", "1283", "--year", "2021", "--language", "sv")
    assert swedish.startswith("Trenden fortsätter – antalet anmälda brott i Helsingborg sjunker")
