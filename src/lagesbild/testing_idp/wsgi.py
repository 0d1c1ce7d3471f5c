from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "lagesbild.testing_idp.settings"
application = get_wsgi_application()
