"""The administrator role opens the Django admin: it makes the user staff and superuser,
and taking the role away closes it again."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Membership, Role


def _sync_admin(user) -> None:
    administrator = user.memberships.filter(role=Role.ADMINISTRATOR).exists()
    if user.is_staff != administrator or user.is_superuser != administrator:
        user.is_staff = user.is_superuser = administrator
        user.save(update_fields=["is_staff", "is_superuser"])


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance: Membership, **kwargs) -> None:
    if instance.role == Role.ADMINISTRATOR:
        _sync_admin(instance.user)


@receiver(post_delete, sender=Membership)
def membership_deleted(sender, instance: Membership, **kwargs) -> None:
    if instance.role == Role.ADMINISTRATOR:
        _sync_admin(instance.user)
