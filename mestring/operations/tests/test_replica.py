"""Public reads go to the replica when one is configured; everything else to the primary."""

import json
import shutil
import subprocess
import sys

import pytest

from mestring.operations import replica

from .helpers import ROOT, clean_env, manage_many


def test_which_requests_are_public_reads():
    assert replica.is_public_read("GET", "/")
    assert replica.is_public_read("GET", "/tilbud/?q=kols")
    assert replica.is_public_read("HEAD", "/statistikk/kartlegging/")
    assert replica.is_public_read("GET", "/api/v1/tilbud")
    assert not replica.is_public_read("POST", "/tilbud/")
    assert not replica.is_public_read("GET", "/arbeid/")
    assert not replica.is_public_read("GET", "/konto/logg-inn/")
    assert not replica.is_public_read("GET", "/api/v1/gjennomforinger/x/oppmote")
    assert not replica.is_public_read("GET", "/admin/")


def test_the_router_writes_and_migrates_only_the_primary():
    router = replica.ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "catalogue") is False
    assert router.allow_migrate("default", "catalogue") is True
    assert router.db_for_read(None) is None  # outside a public request: the primary


CHECK = """
import json, django
django.setup()
from django.test import Client
from mestring.catalogue.models import Offer
client = Client()
api = client.get("/api/v1/tilbud?per_side=1").json()
page = client.get("/tilbud/")
work = client.get("/arbeid/")
print(json.dumps({
    "primary_offers": Offer.objects.count(),
    "replica_offers": Offer.objects.using("replica").count(),
    "api_total": api["antall"],
    "page": page.status_code,
    "workspace": work.status_code,
}))
"""


@pytest.mark.slow
def test_public_reads_come_from_the_replica_database(tmp_path):
    primary, copy = tmp_path / "primar.sqlite3", tmp_path / "replika.sqlite3"
    env = clean_env(DATABASE_URL=f"sqlite:///{primary}", MESTRING_VAR_DIR=str(tmp_path))
    manage_many([["migrate", "--no-input", "-v", "0"], ["load_refdata", "-v", "0"]], env)
    shutil.copy(primary, copy)
    # Offers only in the second database: whatever shows them was read from there.
    manage_many([["demo", "--scale", "mini"]], {**env, "DATABASE_URL": f"sqlite:///{copy}"})
    both = {
        **env,
        "DATABASE_REPLICA_URL": f"sqlite:///{copy}",
        "DJANGO_SETTINGS_MODULE": "mestring.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK], env=both, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["primary_offers"] == 0 and seen["replica_offers"] > 0
    assert seen["api_total"] > 0 and seen["page"] == 200
    assert seen["workspace"] == 302  # the workspace asks for a login: read from the primary
