"""Access for administrators: invite a person to a role at a provider, see who was invited."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.accounts import services
from mestring.accounts.access import member_required
from mestring.accounts.forms import InvitationForm
from mestring.accounts.models import Invitation
from mestring.accounts.permissions import grants

SHOWN = 50


@member_required
def invitations(request):
    if not grants(request.user).administrator:
        raise PermissionDenied
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.invite(
                data["email"], data["role"], data["organisation"], invited_by=request.user
            )
        except services.AccessError as exc:
            form.add_error("email", str(exc))
        else:
            services.send_invitation(new, request.build_absolute_uri("/"))
            messages.success(
                request, _("Invitasjonen er sendt til %(email)s.") % {"email": data["email"]}
            )
            return redirect("workspace:invitations")
    recent = Invitation.objects.select_related("organisation", "accepted_by")[:SHOWN]
    return render(
        request,
        "workspace/invitations.html",
        {"section": "invitations", "form": form, "invitations": recent, "now": timezone.now()},
    )


urlpatterns = [path("tilgang/", invitations, name="invitations")]
