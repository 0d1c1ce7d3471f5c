"""The API's web pages outside /api/: a person's own read tokens."""

from django.urls import path

from lagesbild.api import views_tokens

urlpatterns = [
    path("konto/api-nycklar/", views_tokens.tokens, name="personal-tokens"),
    path(
        "konto/api-nycklar/<int:pk>/aterkalla/",
        views_tokens.revoke,
        name="personal-token-revoke",
    ),
]
