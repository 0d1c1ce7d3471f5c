"""The API's JSON parser: DRF's, refusing with a 400 what would otherwise end in a 500."""

from __future__ import annotations

import re
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A lone UTF-16 surrogate ("\ud800" in JSON) is no character: no text can hold it, so an
# answer that repeats it (a validation message) could not even be written.
_SURROGATE = re.compile("[\ud800-\udfff]")


class StrictJSONParser(JSONParser):
    """JSON bodies that nest too deeply or hold a lone surrogate are refused as malformed."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        if _holds_surrogate(data):
            raise ParseError(r"JSON parse error - a string holds a lone surrogate (\ud800-\udfff).")
        return data


def _holds_surrogate(data: Any) -> bool:
    """Tell whether any string in ``data`` (keys included) holds a lone surrogate."""
    pending = [data]
    while pending:  # not recursive: the data may nest nearly as deep as the decoder allows
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending += item.keys()
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return False
