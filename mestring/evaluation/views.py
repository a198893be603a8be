"""Participants answer at /e/<token>; providers open, close and read evaluations and keep
the improvement log under /arbeid/evaluering/."""

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mestring.accounts.access import member_required, offer_for, run_for
from mestring.accounts.permissions import Action, can_offer, can_run

from . import results
from .forms import AnswerForm, ImprovementEntryForm
from .models import Evaluation, Response, new_token
from .questionnaire import QUESTION_KEYS, SCALE, languages, pick_language, texts

# Evaluations this browser session has answered. Only their ids are kept, never with
# the answer: the session cannot be linked to a response.
ANSWERED_SESSION_KEY = "evaluations_answered"


# Participants.


def _language(request) -> str:
    return pick_language(
        request.POST.get("sprak"), request.GET.get("sprak"), translation.get_language()
    )


def _render_public(request, template: str, evaluation: Evaluation, language: str, **context):
    # The site chrome follows the questionnaire's language where the site has it; the
    # questionnaire itself carries its own lang attribute.
    site_language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(site_language):
        return render(
            request,
            template,
            {
                "evaluation": evaluation,
                "offer": evaluation.run.offer,
                "language": language,
                "t": texts(language),
                "languages": [(c, n) for c, n in languages() if c != language],
                **context,
            },
        )


def _answered(request, evaluation: Evaluation) -> bool:
    return evaluation.pk in request.session.get(ANSWERED_SESSION_KEY, [])


def answer(request, token: str):
    evaluation = get_object_or_404(
        Evaluation.objects.select_related("run__offer__responsible"), token=token
    )
    language = _language(request)
    if not evaluation.is_open:
        return _render_public(request, "evaluation/closed.html", evaluation, language)
    if _answered(request, evaluation):
        return _render_public(request, "evaluation/thanks.html", evaluation, language, again=True)
    form = AnswerForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        Response.objects.create(evaluation=evaluation, **form.answers())
        request.session[ANSWERED_SESSION_KEY] = [
            *request.session.get(ANSWERED_SESSION_KEY, []),
            evaluation.pk,
        ]
        url = reverse("evaluation:thanks", args=[evaluation.token])
        return redirect(f"{url}?{urlencode({'sprak': language})}")
    questions = [
        {
            "key": key,
            "field": form[key],
            "words": texts(language)["questions"][key],
            "choices": [(value, str(value) == str(form[key].value())) for value in SCALE],
        }
        for key in QUESTION_KEYS
    ]
    return _render_public(
        request, "evaluation/answer.html", evaluation, language, form=form, questions=questions
    )


def thanks(request, token: str):
    evaluation = get_object_or_404(Evaluation.objects.select_related("run__offer"), token=token)
    return _render_public(request, "evaluation/thanks.html", evaluation, _language(request))


# Providers.


def _readable(request, offer) -> None:
    """Results and free texts are the provider's own: members of the offer's organisation."""
    if not can_offer(request.user, Action.EXPORT, offer):
        raise PermissionDenied


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return image.to_string(encoding="unicode")


def _run_url(run) -> str:
    return reverse("evaluation:run", args=[run.external_id])


@member_required
def run_evaluation(request, run_id: str):
    run = run_for(request, run_id, Action.VIEW)
    _readable(request, run.offer)
    evaluation = Evaluation.objects.filter(run=run).first()
    context = {
        "section": "offers",
        "run": run,
        "offer": run.offer,
        "evaluation": evaluation,
        "can_edit": can_run(request.user, Action.EDIT, run),
    }
    if evaluation:
        path = reverse("evaluation:answer", args=[evaluation.token])
        full_url = request.build_absolute_uri(path)
        context.update(
            short_url=full_url,
            qr_svg=_qr_svg(full_url),
            count=evaluation.responses.count(),
        )
    return render(request, "evaluation/run_evaluation.html", context)


@require_POST
@member_required
def open_evaluation(request, run_id: str):
    run = run_for(request, run_id, Action.EDIT)
    evaluation = Evaluation.objects.filter(run=run).first()
    if evaluation is None:
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    Evaluation.objects.create(run=run, token=new_token(), opened_by=request.user)
                break
            except IntegrityError:
                if Evaluation.objects.filter(run=run).exists():
                    break
    elif not evaluation.is_open:
        evaluation.closed_at = None
        evaluation.save(update_fields=["closed_at"])
    messages.success(request, _("Evalueringen er åpen for svar."))
    return redirect(_run_url(run))


@require_POST
@member_required
def close_evaluation(request, run_id: str):
    run = run_for(request, run_id, Action.EDIT)
    evaluation = get_object_or_404(Evaluation, run=run)
    if evaluation.is_open:
        evaluation.closed_at = timezone.now()
        evaluation.save(update_fields=["closed_at"])
    messages.success(request, _("Evalueringen er lukket. Nye svar tas ikke imot."))
    return redirect(_run_url(run))


@member_required
def run_results(request, run_id: str):
    run = run_for(request, run_id, Action.VIEW)
    _readable(request, run.offer)
    return render(
        request,
        "evaluation/results.html",
        {
            "section": "offers",
            "run": run,
            "offer": run.offer,
            "summary": results.for_run(run),
            "min_answers": results.MIN_ANSWERS,
        },
    )


@member_required
def offer_results(request, offer_id: str):
    offer = offer_for(request, offer_id, Action.VIEW)
    _readable(request, offer)
    runs = [
        (evaluation.run, evaluation.responses.count())
        for evaluation in Evaluation.objects.filter(run__offer=offer)
        .select_related("run")
        .order_by("-run__start")
    ]
    return render(
        request,
        "evaluation/results.html",
        {
            "section": "offers",
            "offer": offer,
            "summary": results.for_offer(offer),
            "min_answers": results.MIN_ANSWERS,
            "evaluated_runs": runs,
        },
    )


@member_required
def improvement_log(request, offer_id: str):
    offer = offer_for(request, offer_id, Action.VIEW)
    _readable(request, offer)
    can_edit = can_offer(request.user, Action.EDIT, offer)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ImprovementEntryForm(request.POST or None) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.offer, entry.author = offer, request.user
        entry.save()
        messages.success(request, _("Notatet er lagt til i forbedringsloggen."))
        return redirect("evaluation:improvement-log", offer.external_id)
    return render(
        request,
        "evaluation/improvement_log.html",
        {
            "section": "offers",
            "offer": offer,
            "entries": offer.improvement_entries.select_related("author"),
            "form": form,
            "can_edit": can_edit,
        },
    )
