"""A real SAML 2.0 identity provider for the tests: pysaml2's ``Server`` behind a login form, a
small WSGI application run as a separate gunicorn process by ``lagesbild.testing_saml``. Never
part of the application."""
