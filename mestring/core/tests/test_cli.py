import subprocess
import sys

import pytest

from mestring.cli import translate


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["import", "a.json"], ["import_data", "a.json"]),
        (
            ["export", "--format", "csv", "--out", "x"],
            ["export_data", "--format", "csv", "--out", "x"],
        ),
        (["refdata", "load"], ["load_refdata"]),
        (["refdata", "load", "--dir", "d"], ["load_refdata", "--dir", "d"]),
        (["demo", "--scale", "national"], ["demo", "--scale", "national"]),
        (["migrate"], ["migrate"]),
        (["createsuperuser"], ["createsuperuser"]),
    ],
)
def test_core_dataset_commands_map_onto_management_commands(argv, expected):
    assert translate(argv) == expected


def test_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "mestring.cli", "--help"], capture_output=True, text=True, check=True
    )
    for word in ("import", "export", "refdata load", "demo", "runserver"):
        assert word in result.stdout
