"""An official data file with a NUL byte is refused at its file, line and character (second audit,
16): the message named the line but not where on it, where the report form says "(rad 1, tecken
4)"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lagesbild.core.parsers.common import ParseError, decode_text

pytestmark = pytest.mark.django_db

BAD = "Kommun;År;Antal\nExem\x00peltorp;2024;12\n".encode()


def test_decoding_names_the_line_and_the_character() -> None:
    with pytest.raises(ParseError) as refused:
        decode_text(BAD, "bra.csv")
    assert str(refused.value) == (
        "bra.csv:2: Texten innehåller ett NUL-tecken (U+0000), som inte är tillåtet (tecken 5)."
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "sv",
            "bra.csv:2: Texten innehåller ett NUL-tecken (U+0000), som inte är tillåtet "
            "(tecken 5).",
        ),
        (
            "en",
            "bra.csv:2: The text contains a NUL character (U+0000), which is not allowed "
            "(character 5).",
        ),
    ],
)
def test_the_official_data_page_says_where_the_nul_is(
    cast: Any, language: str, expected: str
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(cast.cecilia)
    client.cookies["django_language"] = language
    answer = client.post(
        reverse("official-data"),
        {"source": "bra", "file": SimpleUploadedFile("bra.csv", BAD), "year": "2024"},
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["file"] == [expected]
