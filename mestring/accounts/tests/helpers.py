"""Test helpers for users with a role, and logged-in users."""


def login_verified(client, user):
    """Log `user` in as if they had also given a valid two-factor code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def make_member(organisation, role: str, name: str | None = None):
    """A user (password "pw") with `role`, at `organisation` when the role belongs to one."""
    from django.contrib.auth import get_user_model

    from mestring.accounts.models import Membership

    name = name or (f"{role}-{organisation.external_id}" if organisation else role)
    user = get_user_model().objects.create_user(name, f"{name}@example.no", "pw")
    Membership.objects.create(user=user, role=role, organisation=organisation)
    return user
