"""E-mail goes through the queue: the request only stores a task; a worker sends it."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from mestring.signup.models import SignUp

from .helpers import form_data, form_url, signup_run

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_page_answers_before_the_mail_is_sent(client, refdata, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    cache.clear()
    run = signup_run()
    response = client.post(form_url(run), form_data())
    assert response.status_code == 200 and SignUp.objects.count() == 1
    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert "ola@example.no" not in str(task.args_kwargs) and "Ola" not in str(task.args_kwargs)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["ola@example.no"]]
