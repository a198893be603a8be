"""The core dataset's code lists (KJERNEDATASETT.md §2–§4) as Django choices.

Values are the stable ASCII codes; labels are Norwegian bokmål, in the survey's order.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderType(models.TextChoices):
    RHF = "rhf", _("Regionalt helseforetak")
    HF = "hf", _("Helseforetak")
    PRIVATE_NONPROFIT = "privat_ideell", _("Privat ideelt sykehus med opptaksområde")
    LMS = "lms", _("Lærings- og mestringssenter i spesialisthelsetjenesten")
    REGIONAL_LMS = "regional_lms", _("Regionalt LMS / regional kompetansetjeneste")
    CLINIC = "klinikk", _("Klinikk/avdeling")
    MUNICIPALITY = "kommune", _("Kommune/bydel")
    HEALTHY_LIFE = (
        "frisklivssentral",
        _("Frisklivssentral / frisklivs-, lærings- og mestringssenter"),
    )
    MUNICIPAL_LM = "kommunal_lm", _("Kommunal lærings- og mestringstjeneste")
    USER_ORGANISATION = "brukerorganisasjon", _("Pasient- og brukerorganisasjon")
    OTHER = "annen", _("Annen")


SPECIALIST_TYPES = frozenset({"rhf", "hf", "privat_ideell", "lms", "regional_lms", "klinikk"})
MUNICIPAL_TYPES = frozenset({"kommune", "frisklivssentral", "kommunal_lm"})


class RegionCode(models.TextChoices):
    SOUTH_EAST = "helse_sor_ost", _("Helse Sør-Øst")
    WEST = "helse_vest", _("Helse Vest")
    CENTRAL = "helse_midt", _("Helse Midt-Norge")
    NORTH = "helse_nord", _("Helse Nord")


class Theme(models.TextChoices):
    SPECIFIC_DIAGNOSIS = "spesifikk_diagnose", _("Spesifikk diagnose")
    ACROSS_DIAGNOSES = "tvers_av_diagnoser", _("På tvers av diagnoser")
    HEALTH_PEDAGOGY = "helsepedagogikk", _("Helsepedagogikk")
    USER_TRAINING = "brukeropplaering", _("Brukeropplæring")
    LIFESTYLE = "levevaner", _("Endring av levevaner")


class DiagnosisGroup(models.TextChoices):
    RUS = "rus", _("Rus")
    DEMENS = "demens", _("Demens")
    PSYKOSE = "psykose", _("Psykose")
    DEPRESJON = "depresjon", _("Depresjon")
    ANGST = "angst", _("Angst")
    ASPERGER = "asperger", _("Asperger/autismespekter")
    TOURETTE = "tourette", _("Tourette")
    ADHD = "adhd", _("ADHD")
    BIPOLAR = "bipolar", _("Bipolar lidelse")
    SPISEFORSTYRRELSER = "spiseforstyrrelser", _("Spiseforstyrrelser")
    HJERTE_KAR = "hjerte_kar", _("Hjerte- og karsykdom")
    HJERNESLAG = "hjerneslag", _("Hjerneslag")
    DIABETES = "diabetes", _("Diabetes")
    OVERVEKT = "overvekt", _("Overvekt/fedme")
    LUNGE = "lunge", _("Lungesykdom, KOLS, astma")
    FORDOYELSE = "fordoyelse", _("Fordøyelsessykdom")
    KREFT = "kreft", _("Kreft")
    NEVROLOGI = "nevrologi", _("Nevrologisk sykdom")
    MUSKEL_SKJELETT = "muskel_skjelett", _("Muskel-, skjelett- og revmatisk sykdom")
    SMERTE = "smerte", _("Langvarige smerter")
    SJELDEN = "sjelden", _("Sjelden diagnose")
    ANNET = "annet", _("Annet")


# Indicative ICD-10 blocks, for mapping only (core dataset §3).
ICD10_BLOCKS: dict[str, str] = {
    "rus": "F10–F19",
    "demens": "F00–F03, G30",
    "psykose": "F20–F29",
    "depresjon": "F32–F33",
    "angst": "F40–F41",
    "asperger": "F84",
    "tourette": "F95.2",
    "adhd": "F90",
    "bipolar": "F31",
    "spiseforstyrrelser": "F50",
    "hjerte_kar": "I00–I99 unntatt I60–I69",
    "hjerneslag": "I60–I69",
    "diabetes": "E10–E14",
    "overvekt": "E66",
    "lunge": "J40–J47",
    "fordoyelse": "K00–K93",
    "kreft": "C00–C97",
    "nevrologi": "G00–G99 unntatt G30",
    "muskel_skjelett": "M00–M99",
}


class Field(models.TextChoices):
    SOMATIC = "somatikk", _("Somatikk")
    MENTAL_HEALTH = "psykisk_helse", _("Psykisk helse")
    SUBSTANCE = "rus", _("Rus")


class TargetGroup(models.TextChoices):
    NETWORK = "nettverk", _("Pasientens nettverk")
    WHOLE_FAMILY = "hele_familien", _("Hele familien")
    PATIENT_AND_RELATIVES = "pasient_og_parorende", _("Pasient og pårørende")
    SIBLINGS = "parorende_sosken", _("Pårørende (søsken)")
    CHILDREN_AS_RELATIVES = "parorende_barn", _("Pårørende (barn m/foreldre psyk/rus)")
    GUARDIANS = "parorende_foresatte", _("Pårørende (foresatte)")
    PATIENT = "pasient", _("Pasient")
    ANYONE = "alle_interesserte", _("Alle interesserte")
    ADULT_RELATIVES = "parorende_voksne", _("Voksne pårørende (partner, voksne barn)")
    HEALTH_PERSONNEL = "helsepersonell", _("Helsepersonell")
    USER_REPRESENTATIVES = "brukerrepresentanter", _("Brukerrepresentanter / erfaringskonsulenter")


class AgeGroup(models.TextChoices):
    ALL_AGES = "tvers_av_alder", _("På tvers av alder")
    ELDERLY = "eldre", _("Eldre (63 år og eldre)")
    ADULTS = "voksne", _("Voksne (18 år eller eldre)")
    YOUNG_ADULTS = "unge_voksne", _("Unge voksne (18–25 år)")
    YOUTH = "ungdom", _("Ungdom (13–17 år)")
    CHILDREN = "barn", _("Barn (1–12 år)")


class UserRepresentative(models.TextChoices):
    LMS_EMPLOYEE = "lms_ansatt", _("LMS-ansatt (f.eks. erfaringskonsulent)")
    WITHOUT_ORGANISATION = "uten_organisasjon", _("Brukerrepresentant uten brukerorganisasjon")
    WITH_ORGANISATION = "med_organisasjon", _("Brukerrepresentant med brukerorganisasjon")
    NONE = "ingen", _("Ingen brukerrepresentant")


class RegistrationPlace(models.TextChoices):
    PAS_EPJ = "pas_epj", _("PAS/EPJ")
    COURSE_DATABASE = "kursdatabase", _("Kursdatabase")
    ANNUAL_REPORT = "arsrapport", _("Årsrapport")
    INTERNAL = "internt", _("Internt")
    OTHER = "annet", _("Annet")


class Level(models.TextChoices):
    NATIONAL = "nasjonal", _("Nasjonal")
    REGIONAL = "regional", _("Regional")
    LOCAL = "lokal", _("Lokal")


class OfferStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    PUBLISHED = "publisert", _("Publisert")
    ARCHIVED = "arkivert", _("Arkivert")


class TimeOfDay(models.TextChoices):
    WORKING_HOURS = "arbeidstid", _("Innen ordinær arbeidstid")
    EVENING = "kveld", _("Kveldstid")
    WEEKEND = "helg", _("Helg")


class Venue(models.TextChoices):
    MUNICIPAL = "kommunale_lokaler", _("Kommunale lokaler")
    SPECIALIST = "spesialisthelsetjenesten", _("Spesialisthelsetjenestens lokaler")
    OTHER = "andre_lokaler", _("Andre lokaler (hotell, konferansested, bibliotek …)")
    DIGITAL = "digitalt", _("Digitalt")


class Format(models.TextChoices):
    PHYSICAL = "fysisk", _("Fysisk oppmøte")
    LIVE_ONLINE = "digitalt_direkte", _("Digitalt direkte (video/webinar)")
    HYBRID = "hybrid", _("Hybrid")
    SELF_STUDY = "digitalt_selvstudium", _("Digitalt selvstudium (e-læring, podkast, film)")


DIGITAL_FORMATS = frozenset({"digitalt_direkte", "digitalt_selvstudium"})


class RunStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planlagt")
    COMPLETED = "gjennomfort", _("Gjennomført")
    CANCELLED = "avlyst", _("Avlyst")
