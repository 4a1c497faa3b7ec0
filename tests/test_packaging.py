"""The installed distribution carries its migrations, so a plain `pip install .` can create and
upgrade databases without the source checkout."""

from __future__ import annotations

import importlib.metadata
import json
import sysconfig

import pytest

from tests.conftest import IN_CI


def _installed_files() -> list[str]:
    # Look in site-packages only: the checkout (on sys.path for the tests) may hold an egg-info.
    site_packages = sysconfig.get_paths()["purelib"]
    found = [
        dist
        for dist in importlib.metadata.distributions(path=[site_packages])
        if dist.metadata["Name"] == "claims-tracker"
    ]
    if not found:
        if IN_CI:
            pytest.fail("claims-tracker is not installed")
        pytest.skip("claims-tracker is not installed")
    distribution = found[0]
    direct_url = distribution.read_text("direct_url.json")
    if direct_url and json.loads(direct_url).get("dir_info", {}).get("editable"):
        if IN_CI:
            pytest.fail("CI must test a non-editable install")
        pytest.skip("editable install: the wheel layout is not visible")
    return [str(path) for path in distribution.files or []]


def test_wheel_ships_migrations() -> None:
    files = _installed_files()
    assert "claims_tracker/migrations/env.py" in files
    assert "claims_tracker/migrations/script.py.mako" in files
    assert "claims_tracker/migrations/versions/0001_initial_schema.py" in files
    assert "claims_tracker/py.typed" in files


def test_console_script_is_declared() -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts")
    (claims,) = [ep for ep in scripts if ep.name == "claims"]
    assert claims.value == "claims_tracker.__main__:main"
