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


def test_architecture_names_every_first_part_of_an_address():
    from django.urls import get_resolver

    def first_parts(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if hasattr(pattern, "url_patterns"):
                yield from first_parts(pattern.url_patterns, route)
            else:
                yield route.split("/", 1)[0]

    parts = {
        part for part in first_parts(get_resolver().url_patterns) if re.fullmatch(r"[\w.-]+", part)
    }
    assert {"tilbud", "arbeid", "api", "hsds", "fhir", "helse"} <= parts
    documented = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(
        part for part in parts if not re.search(rf"`/{re.escape(part)}[/`]", documented)
    )
    assert missing == []
