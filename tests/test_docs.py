"""Documentation checked against the code (datasette's habit)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"""(?:env_bool|env_int|env_list|os\.environ\.get)\(\s*"([A-Z_]+)\"""")


def test_every_setting_is_documented():
    settings_source = (ROOT / "mestring" / "settings.py").read_text(encoding="utf-8")
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = set(ENV_READ.findall(settings_source))
    assert {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= names
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert missing == []


def test_readme_gives_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in ci and "DATABASE_URL" in ci


def test_cli_usage_in_readme_matches_the_command():
    from mestring.cli import USAGE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert USAGE.strip() in readme
