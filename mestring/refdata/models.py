"""Reference data: regions, counties, municipalities, health trusts and catchment areas.

Loaded from files in `refdata/data/` by `mestring refdata load`; see SOURCES.md there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SamiLanguage(models.TextChoices):
    NORTH = "nordsamisk", _("Nordsamisk")
    LULE = "lulesamisk", _("Lulesamisk")
    SOUTH = "sørsamisk", _("Sørsamisk")


class Region(models.Model):
    """A regional health authority (RHF); its code is the core dataset's `rhf` code."""

    code = models.CharField(_("kode"), max_length=20, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True)

    class Meta:
        verbose_name = _("helseregion")
        verbose_name_plural = _("helseregioner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    official_name = models.CharField(_("offisielt navn"), max_length=200)
    sami_name = models.CharField(_("samisk navn"), max_length=100, blank=True)
    sami_language = models.CharField(
        _("samisk språk"), max_length=20, choices=SamiLanguage.choices, blank=True
    )
    kven_name = models.CharField(_("kvensk navn"), max_length=100, blank=True)
    in_sami_area = models.BooleanField(_("i samisk forvaltningsområde"), default=False)
    population = models.PositiveIntegerField(_("folketall"))
    population_date = models.DateField(_("folketall per"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class HealthTrust(models.Model):
    """A hospital trust (HF) or a private non-profit hospital with a catchment area."""

    class Kind(models.TextChoices):
        HF = "hf", _("Helseforetak")
        PRIVATE = "privat_ideell", _("Privat ideelt sykehus med opptaksområde")

    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, primary_key=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("kortnavn"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="health_trusts", verbose_name=_("region")
    )
    has_catchment = models.BooleanField(_("har opptaksområde"))
    skde_code = models.CharField(_("SKDE-kode for opptaksområde"), max_length=10, blank=True)
    note = models.TextField(_("merknad"), blank=True)

    class Meta:
        verbose_name = _("helseforetak")
        verbose_name_plural = _("helseforetak")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    official_name = models.CharField(_("offisielt navn"), max_length=200)
    unique_name = models.CharField(_("entydig navn"), max_length=100)
    sami_name = models.CharField(_("samisk navn"), max_length=100, blank=True)
    sami_name_language = models.CharField(
        _("språk for samisk navn"), max_length=20, choices=SamiLanguage.choices, blank=True
    )
    kven_name = models.CharField(_("kvensk navn"), max_length=100, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke")
    )
    sami_area_language = models.CharField(
        _("samisk forvaltningsområde"),
        max_length=20,
        choices=SamiLanguage.choices,
        blank=True,
        help_text=_("Språket kommunen har i forvaltningsområdet for samisk språk, tomt utenfor."),
    )
    population = models.PositiveIntegerField(_("folketall"))
    population_date = models.DateField(_("folketall per"))
    orgnr = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    health_trust = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        verbose_name=_("helseforetak (opptaksområde)"),
        help_text=_("Tomt når kommunen er delt mellom flere helseforetak etter bydel."),
    )
    health_trust_2024 = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("helseforetak etter SKDEs definisjon fra 2024"),
    )
    local_hospital_area = models.CharField(_("lokalsykehusområde"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    valid_to = models.DateField(
        _("gyldig til"),
        null=True,
        blank=True,
        help_text=_("Satt når kommunen er opphørt; den beholdes for historikkens skyld."),
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.unique_name}"

    @property
    def is_active(self) -> bool:
        return self.valid_to is None


class District(models.Model):
    """A city district (bydel) of Oslo or Bergen, where catchment follows districts."""

    number = models.CharField(_("bydelsnummer"), max_length=6, primary_key=True)
    name = models.CharField(_("navn"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts", verbose_name=_("kommune")
    )
    health_trust = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("helseforetak (opptaksområde)"),
    )
    health_trust_2024 = models.ForeignKey(
        HealthTrust,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("helseforetak etter SKDEs definisjon fra 2024"),
    )
    local_hospital_area = models.CharField(_("lokalsykehusområde"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("bydel")
        verbose_name_plural = _("bydeler")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
