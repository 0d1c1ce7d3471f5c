from django.contrib import admin

from lagesbild.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["organisation"]
    search_fields = ["name", "prefix"]
    # Tokens are issued with `lagesbild token create`, which shows the secret once; the admin
    # cannot make one (it would store no usable secret) and only revokes by setting revoked_at.
    readonly_fields = [
        "organisation",
        "name",
        "prefix",
        "token_hash",
        "scopes",
        "created_by",
        "created_at",
        "last_used_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False
