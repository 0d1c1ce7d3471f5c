"""What reaches the log at which level: an alert on ERROR (docs/operations.md, Monitoring) is not
set off by a stranger's Host header, and LOG_LEVEL=INFO (compose's default) is not filled with a
PDF library's steps."""

from __future__ import annotations

import logging
import logging.config

import pytest
from django.conf import settings

from lagesbild.web.logs import logging_config

REFUSED = (
    "Invalid HTTP_HOST header: 'skanner.example'. "
    "You may need to add 'skanner.example' to ALLOWED_HOSTS."
)


def test_a_request_for_another_host_is_a_warning_without_a_traceback(client, caplog) -> None:
    # It was an ERROR with the whole stack for every scanner that tried the server's address.
    with caplog.at_level(logging.INFO):
        response = client.get("/logga-in/", HTTP_HOST="skanner.example")
    assert response.status_code == 400
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in refused] == [
        ("WARNING", REFUSED, None)
    ]


@pytest.fixture
def info_logging():
    logging.config.dictConfig(logging_config("json", "INFO"))
    yield
    logging.config.dictConfig(settings.LOGGING)


def test_info_leaves_out_the_pdf_librarys_steps(info_logging) -> None:
    # WeasyPrint wrote "Step 1 - Fetching and parsing HTML" and nine more lines for every PDF.
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
    assert logging.getLogger("weasyprint").isEnabledFor(logging.WARNING)
    assert logging.getLogger("django-q").isEnabledFor(logging.INFO)  # the worker's own events
