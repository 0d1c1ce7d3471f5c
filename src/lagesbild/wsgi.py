"""WSGI entry point for production servers: ``gunicorn lagesbild.wsgi --preload``."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lagesbild.settings")
application = get_wsgi_application()
# Import every view (and numpy, scipy, esda with them) now rather than on a worker's first
# request, which would wait many seconds; with --preload this happens once, before gunicorn
# forks its workers.
get_resolver().url_patterns  # noqa: B018
# What is loaded by now lives as long as the process: move it out of the garbage collector's
# reach, so that its full passes (which otherwise walk every module's objects, tens of
# milliseconds under load) stay short, and with --preload the workers keep sharing those pages.
gc.freeze()
