"""The app's settings plus one trivial view, for the load benchmark's gunicorn only.

Never used by the app itself: ``bench/load.py`` starts gunicorn with
``DJANGO_SETTINGS_MODULE=bench.server_settings`` so that the trivial baseline view runs under the
same server, settings and middleware as the pages it is compared with.
"""

from lagesbild.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
