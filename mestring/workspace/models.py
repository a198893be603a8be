"""What the workspace itself remembers: which yearly reminders have gone out."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mestring.catalogue.models import Offer


class Reminder(models.Model):
    """A reminder to confirm an offer's information, sent at most once a year per offer."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("tilbud")
    )
    sent_on = models.DateField(_("sendt"))

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-sent_on"]
        indexes = [models.Index(fields=["offer", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.sent_on:%d.%m.%Y}"
