from mestring.evaluation.models import Evaluation, Response, new_token


def make_evaluation(run, **values) -> Evaluation:
    return Evaluation.objects.create(run=run, token=new_token(), **values)


def answer(evaluation, n=1, free_text="", **values) -> list[Response]:
    answers = {"useful": 4, "relevant": 5, "coping": 3, "recommend": 5} | values
    return [
        Response.objects.create(evaluation=evaluation, free_text=free_text, **answers)
        for _ in range(n)
    ]
