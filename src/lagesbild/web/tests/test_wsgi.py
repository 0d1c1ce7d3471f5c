"""The WSGI module keeps what it loaded out of the garbage collector's full passes."""

from __future__ import annotations

import gc
import importlib


def test_loading_the_wsgi_module_freezes_the_loaded_objects() -> None:
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    import lagesbild.wsgi

    try:
        importlib.reload(lagesbild.wsgi)
        assert gc.get_freeze_count() > 10_000  # Django, the views and their libraries
        assert callable(lagesbild.wsgi.application)
    finally:
        gc.unfreeze()
