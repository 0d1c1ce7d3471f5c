"""What integrators met when they used the API as documented: a partner's system pushing
reports with an organisation token, an analyst reading with a personal token."""

from __future__ import annotations

import pytest

from lagesbild.api.tests.test_api_read import body_of, get, token
from lagesbild.testing import Cast


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/reports/?page_size=abc", "page_size"),
        ("/api/v1/reports/?page_size=0", "page_size"),
        ("/api/v1/reports/?page=abc", "page"),
        ("/api/v1/reports/?page=0", "page"),
        ("/api/v1/measures/?page_size=-5", "page_size"),
        ("/api/v1/meetings/?page=zwei", "page"),
    ],
)
def test_a_page_or_page_size_that_is_no_number_is_400_naming_it(
    cast: Cast, url: str, name: str
) -> None:
    # It was silently page 1 with 50 rows (page_size) or a 404 "Invalid page" (page).
    response = get(token(cast.bevakning), url)
    assert response.status_code == 400, response.content
    assert list(body_of(response)["detail"]) == [name]


def test_the_last_page_and_a_page_past_the_end_keep_their_answers(cast: Cast) -> None:
    secret = token(cast.bevakning)
    assert get(secret, "/api/v1/reports/?page=last").status_code == 200
    assert get(secret, "/api/v1/measures/?page=99").status_code == 404
