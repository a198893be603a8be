"""Open data under the site root: /hsds/… and /fhir/…; each part brings its own routes."""

urlpatterns: list = []
