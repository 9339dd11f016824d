"""The typed core type-checks: mypy with the Django plugin over the services,
parsers and fetch modules that ``[tool.mypy]`` in pyproject.toml lists."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_services_parsers_and_fetch_pass_mypy():
    # A subprocess, not mypy.api: the plugin sets Django up from the settings
    # module itself, apart from this test run's configured Django. The cache
    # (.mypy_cache, git-ignored) makes later runs a few seconds.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
