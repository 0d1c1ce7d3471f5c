from django.contrib import admin

from lagesbild.api.models import ApiToken, PersonalToken


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


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    """People make and revoke their own tokens (/konto/api-nycklar/); the admin only looks."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
