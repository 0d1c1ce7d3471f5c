"""The audit log can be read and filtered by admins, never changed or deleted from the app."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.audit.models import AppendOnlyError, AuditEntry
from lagesbild.audit.services import log_action
from lagesbild.testing import Cast


@pytest.fixture
def entry(cast: Cast) -> AuditEntry:
    return log_action(cast.cecilia, "lagesbild.report.created", cast.norr, {"n": 1})


def test_a_stored_entry_cannot_be_changed(entry: AuditEntry) -> None:
    entry.action = "lagesbild.report.deleted"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "lagesbild.report.created"


def test_a_stored_entry_cannot_be_deleted(entry: AuditEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_user_keeps_their_entries_by_name(entry: AuditEntry, cast: Cast) -> None:
    cast.cecilia.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor is None and kept.actor_label == "cecilia"


def test_the_admin_lists_the_log_but_offers_no_add_change_or_delete(
    admin_client: Client, entry: AuditEntry
) -> None:
    listing = admin_client.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 200 and "lagesbild.report.created" in listing.content.decode()
    assert admin_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert admin_client.get(change).status_code == 200  # view only
    assert admin_client.post(change, {"action": "x"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    admin_client.post(reverse("admin:audit_auditentry_changelist"), bulk)
    assert AuditEntry.objects.get(pk=entry.pk).action == "lagesbild.report.created"


def test_the_admin_filters_by_date_actor_action_group_and_object_type_and_finds_an_id(
    admin_client: Client, cast: Cast, entry: AuditEntry
) -> None:
    mine = {
        entry.pk,
        log_action(cast.anders, "lagesbild.week.exported", cast.municipality, {"format": "pdf"}).pk,
        log_action(cast.cecilia, "lagesbild.user.checked", cast.nemo).pk,
    }
    changelist = reverse("admin:audit_auditentry_changelist")

    def shown(**query) -> set[str]:
        response = admin_client.get(changelist, query)
        assert response.status_code == 200
        return {e.action for e in response.context["cl"].result_list if e.pk in mine}

    every = {"lagesbild.report.created", "lagesbild.week.exported", "lagesbild.user.checked"}
    minute_before = (entry.at - timedelta(minutes=1)).isoformat()
    assert shown(at__gte=minute_before) == every and shown(at__lt=minute_before) == set()
    assert shown(actor__id__exact=str(cast.anders.pk)) == {"lagesbild.week.exported"}
    assert shown(grupp="lagesbild.report") == {"lagesbild.report.created"}
    assert shown(object_type="areas.municipality") == {"lagesbild.week.exported"}
    assert shown(q=str(cast.nemo.pk)) == {"lagesbild.user.checked"}
