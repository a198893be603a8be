"""Summaries of participant answers, for the provider only, and only from `MIN_ANSWERS` on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mestring.catalogue.models import Offer, Run

from .models import Response
from .questionnaire import QUESTION_KEYS, SCALE, question_text
from .screening import screen

# Fewer answers than this could point to a person; nothing but the count is shown.
MIN_ANSWERS = 5


@dataclass(frozen=True)
class QuestionSummary:
    key: str
    text: str
    mean: float
    # (value, count, share in per cent) for every value on the scale, 1 first.
    distribution: list[tuple[int, int, int]]


@dataclass(frozen=True)
class Summary:
    count: int
    questions: list[QuestionSummary] = field(default_factory=list)
    free_texts: list[str] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.count >= MIN_ANSWERS

    @property
    def missing(self) -> int:
        return max(MIN_ANSWERS - self.count, 0)


def summarise(responses: Iterable[Response]) -> Summary:
    """Count, mean and distribution per question, and the screened free texts — or, with
    fewer than `MIN_ANSWERS` answers, the count alone."""
    responses = list(responses)
    count = len(responses)
    if count < MIN_ANSWERS:
        return Summary(count=count)
    questions = []
    for key in QUESTION_KEYS:
        values = [getattr(r, key) for r in responses]
        counts = [(v, values.count(v)) for v in SCALE]
        questions.append(
            QuestionSummary(
                key=key,
                text=question_text(key),
                mean=round(sum(values) / count, 1),
                distribution=[(v, n, round(100 * n / count)) for v, n in counts],
            )
        )
    # Sorted, so the order says nothing about who answered when.
    free_texts = sorted(screen(r.free_text) for r in responses if r.free_text.strip())
    return Summary(count=count, questions=questions, free_texts=free_texts)


def for_run(run: Run) -> Summary:
    return summarise(Response.objects.filter(evaluation__run=run))


def for_offer(offer: Offer) -> Summary:
    """All answers to every evaluated run of the offer together."""
    return summarise(Response.objects.filter(evaluation__run__offer=offer))
