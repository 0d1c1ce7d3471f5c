"""Create users with their organisation and role: one atomic, audited write."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from lagesbild.audit.services import log_action
from lagesbild.organisations.models import Membership, Organisation, Role


@dataclass(frozen=True)
class NewUser:
    username: str
    password: str
    organisation: Organisation
    role: Role
    email: str = ""
    validate: bool = True


@transaction.atomic
def create_user(new: NewUser, actor=None):
    """Create (or update the password and role of) a user with one membership."""
    User = get_user_model()
    user = User.objects.filter(username=new.username).first() or User(username=new.username)
    if new.validate:
        validate_password(new.password, user)
    user.email = new.email or user.email
    user.is_staff = new.role == Role.ADMIN
    user.set_password(new.password)
    user.save()
    Membership.objects.update_or_create(
        user=user, organisation=new.organisation, defaults={"role": new.role}
    )
    log_action(
        actor,
        "lagesbild.user.created",
        user,
        {"role": str(new.role), "organisation": new.organisation.slug},
    )
    return user
