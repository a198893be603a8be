"""/arbeid/import/: upload files in the exchange format, preview every change and every
error, then save all of it or nothing."""

from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from mestring.accounts.access import member_required
from mestring.accounts.permissions import grants
from mestring.exchange.importer import ImportFailed

from .. import importing

LIST_LABELS = {
    "tilbydere": gettext_lazy("Tilbydere"),
    "tilbud": gettext_lazy("Tilbud"),
    "gjennomforinger": gettext_lazy("Gjennomføringer"),
    "samlinger": gettext_lazy("Samlinger"),
    "aktivitet": gettext_lazy("Aktivitet"),
}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if not data:
            return super().clean(None, initial)
        return [super(MultipleFileField, self).clean(item, initial) for item in data]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Filer"),
        help_text=gettext_lazy(
            "Én JSON-fil, én XLSX-arbeidsbok eller CSV-filene tilbydere.csv, tilbud.csv, "
            "gjennomforinger.csv, samlinger.csv og aktivitet.csv. Til sammen høyst 20 MB."
        ),
        error_messages={"required": gettext_lazy("Velg minst én fil.")},
        widget=MultipleFileInput(attrs={"accept": ",".join(importing.SUFFIXES)}),
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > importing.MAX_FILES:
            raise forms.ValidationError(
                _("Velg høyst %(count)s filer.") % {"count": importing.MAX_FILES}
            )
        names = set()
        for upload in uploads:
            name = Path(upload.name).name
            if len(name) > importing.MAX_NAME_LENGTH:
                raise forms.ValidationError(
                    _("Filnavnet er for langt: høyst %(count)s tegn.")
                    % {"count": importing.MAX_NAME_LENGTH}
                )
            if name.startswith(".") or Path(name).suffix.lower() not in importing.SUFFIXES:
                raise forms.ValidationError(
                    _("«%(name)s» er ikke en JSON-, CSV- eller XLSX-fil.") % {"name": name}
                )
            if name.lower() in names:
                raise forms.ValidationError(_("Filen %(name)s er med to ganger.") % {"name": name})
            names.add(name.lower())
        total = sum(upload.size for upload in uploads)
        if total > importing.MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Filene er for store: %(size)s til sammen, men grensen er %(limit)s. "
                    "Del opp importen i flere mindre filsett."
                )
                % {"size": filesizeformat(total), "limit": filesizeformat(importing.MAX_BYTES)}
            )
        return uploads


def _editor_required(request) -> None:
    g = grants(request.user)
    if not (g.editor_of or g.administrator):
        raise PermissionDenied


def _folder(request, token: str) -> Path:
    folder = importing.upload_folder(request.user, token)
    if folder is None:
        raise Http404
    return folder


def _too_large(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > importing.MAX_BYTES + _FORM_BYTES


# Room in a request body for the form around the files (field names, boundaries, token).
_FORM_BYTES = 64 * 1024


@csrf_exempt
@member_required
def upload(request):
    """The upload form. A body over the bound is refused before anything reads it (the
    CSRF check would read all of it); every other request is checked for CSRF as usual."""
    _editor_required(request)
    if request.method == "POST" and _too_large(request):
        form = UploadForm(data={})
        form.full_clean()
        form.errors.clear()
        form.add_error(
            None,
            _(
                "Filene er for store: grensen er %(limit)s til sammen. Del opp importen i flere "
                "mindre filsett."
            )
            % {"limit": filesizeformat(importing.MAX_BYTES)},
        )
        context = {"form": form, "section": "import"}
        return render(request, "workspace/import_upload.html", context, status=413)
    return _upload(request)


@csrf_protect
def _upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    status = 200
    if form.is_bound and form.is_valid():
        if importing.allow_preview(request.user):
            folder = importing.save_upload(request.user, form.cleaned_data["files"])
            importing.run_preview(request.user, folder)
            return redirect("workspace:import-preview", folder.name)
        form.add_error(
            None,
            _(
                "Du har kontrollert for mange importer den siste timen. Vent en stund og "
                "prøv igjen."
            ),
        )
        status = 429
    return render(
        request, "workspace/import_upload.html", {"form": form, "section": "import"}, status=status
    )


@member_required
def preview(request, token):
    _editor_required(request)
    folder = _folder(request, token)
    result = importing.saved_preview(folder)
    counts = [(LIST_LABELS.get(name, name), values) for name, values in result.counts.items()]
    return render(
        request,
        "workspace/import_preview.html",
        {"preview": result, "counts": counts, "token": token, "section": "import"},
    )


@require_POST
@member_required
def commit(request, token):
    _editor_required(request)
    folder = _folder(request, token)
    try:
        result = importing.commit(request.user, folder)
    except ImportFailed:
        importing.run_preview(request.user, folder)
        messages.error(request, _("Ingenting ble lagret. Rett feilene under og last opp på nytt."))
        return redirect("workspace:import-preview", token)
    importing.discard(folder)
    messages.success(request, " ".join([_("Importen er lagret."), *result.summary()]))
    return redirect("workspace:import")


@require_POST
@member_required
def cancel(request, token):
    _editor_required(request)
    importing.discard(_folder(request, token))
    messages.info(request, _("Importen er avbrutt, og filene er slettet."))
    return redirect("workspace:import")


urlpatterns = [
    path("import/", upload, name="import"),
    path("import/<str:token>/", preview, name="import-preview"),
    path("import/<str:token>/lagre/", commit, name="import-commit"),
    path("import/<str:token>/avbryt/", cancel, name="import-cancel"),
]
