"""Open data under the site root: /hsds/… and /fhir/…; each part brings its own routes."""

from .fhir.urls import urlpatterns as fhir
from .hsds.urls import urlpatterns as hsds

urlpatterns: list = [*hsds, *fhir]
