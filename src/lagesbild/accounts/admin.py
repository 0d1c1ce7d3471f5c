"""The admin's user list gains "reset two-factor login"; recovery codes are never shown there.

A new password set by an admin also lifts the user's login lockout.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as reset_lockouts
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice

from lagesbild.accounts.twofactor import reset_second_factor

User = get_user_model()


class PasswordSetByAdminForm(AdminPasswordChangeForm):
    """A locked-out person asks an administrator for a new password (the lockout page says so):
    with it they may log in at once, not only when the lockout has run out."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit)
        reset_lockouts(username=user.get_username())
        return user


class LagesbildUserAdmin(UserAdmin):
    actions = ["reset_two_factor"]
    change_password_form = PasswordSetByAdminForm

    @admin.action(
        description=_("Återställ tvåstegsverifiering (appen och reservkoderna tas bort)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet) -> None:
        """For a lost phone: the user sets up the app again at the next login. Audited."""
        for user in queryset:
            reset_second_factor(user, actor=request.user, via="admin", request=request)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Tvåstegsverifieringen är återställd för %(count)d användare; hen lägger upp den "
                "igen vid nästa inloggning.",
                "Tvåstegsverifieringen är återställd för %(count)d användare; de lägger upp den "
                "igen vid nästa inloggning.",
                count,
            )
            % {"count": count},
        )


class RecoveryCodesHiddenAdmin(StaticDeviceAdmin):
    """django-otp's own admin lists a user's recovery codes; an admin has no need to read them."""

    inlines: list[type[admin.options.InlineModelAdmin]] = []
    list_display = ["user", "name", "codes_left", "created_at", "last_used_at", "confirmed"]

    @admin.display(description=_("Oanvända koder"))
    def codes_left(self, device: StaticDevice) -> int:
        return device.token_set.count()


admin.site.unregister(User)
admin.site.register(User, LagesbildUserAdmin)
admin.site.unregister(StaticDevice)
admin.site.register(StaticDevice, RecoveryCodesHiddenAdmin)
