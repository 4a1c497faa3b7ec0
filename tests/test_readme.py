"""The README's promise: CI runs exactly the test command a new user is told to run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Set-up: two commands.*?```sh\n(.*?)```", readme, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_readme_has_two_setup_commands() -> None:
    install_and_run, install_and_test = setup_commands()
    assert "pip install ." in install_and_run
    assert "claims import examples/article.md" in install_and_run
    assert install_and_test.endswith("pip install '.[test]' && pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci


def test_the_example_article_exists() -> None:
    assert (ROOT / "examples" / "article.md").is_file()
