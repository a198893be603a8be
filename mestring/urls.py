from django.contrib import admin
from django.urls import include, path, re_path

from mestring.api.api import api
from mestring.core import views as core_views
from mestring.operations import views as operations_views

admin.site.site_header = "Mestring – administrasjon"
admin.site.site_title = "Mestring"
admin.site.index_title = "Administrasjon"

urlpatterns = [
    # Any address with a NUL character is refused before a view looks anything up by it.
    re_path(r"^[^\x00]*\x00", core_views.nul_in_address),
    # /helse
    path("helse", core_views.health, name="health"),
    # /metrics (Prometheus; only with METRICS_TOKEN or from METRICS_ALLOWED_IPS)
    path("metrics", operations_views.metrics_view, name="metrics"),
    # /tilgjengelighet/
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    # /i18n/setlang/
    path("i18n/", include("django.conf.urls.i18n")),
    # /, /tilbud/, /tilbydere/
    path("", include("mestring.catalogue.urls")),
    # /tilbud/<offer>/pamelding/<run>/, /pamelding/<token>/, /arbeid/…/pameldinger/
    path("", include("mestring.signup.urls")),
    # /konto/logg-inn/, /konto/tofaktor/, /konto/glemt-passord/ …
    path("konto/", include("mestring.accounts.urls")),
    # /arbeid/ (the provider workspace)
    path("arbeid/", include("mestring.workspace.urls")),
    # /e/<token> (participants answer an evaluation), /arbeid/evaluering/ (providers)
    path("", include("mestring.evaluation.urls")),
    # /statistikk/, /statistikk/kartlegging/ …
    path("statistikk/", include("mestring.statistics.urls")),
    # /samarbeid/, /samarbeid/<orgnr>/
    path("samarbeid/", include("mestring.collaboration.urls")),
    # /apne-data/ (the nightly open data dump)
    path("apne-data/", include("mestring.opendata.dump_urls")),
    # /hsds/…, /fhir/… (open data standards)
    path("", include("mestring.opendata.urls")),
    # /api/v1/
    path("api/v1/", api.urls),
    # /admin/
    path("admin/", admin.site.urls),
]

# The 500 page shows the request id and never a traceback.
handler500 = "mestring.operations.views.server_error"
