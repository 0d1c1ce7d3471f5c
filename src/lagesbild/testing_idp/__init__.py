"""A real OpenID Connect provider for the tests: a tiny Django project of its own around
django-oidc-provider (a test-only dependency), run as a separate gunicorn process by
``lagesbild.testing_sso``. Never part of the application; pytest does not collect it."""
