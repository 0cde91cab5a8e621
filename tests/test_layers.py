"""The app layering is a checked contract (pyproject.toml, [tool.importlinter]): the core
imports no domain app, organizations does not import networks, and so on up to reports."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_apps_keep_their_layers():
    lint_imports = Path(sys.executable).parent / "lint-imports"

    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


MAX_MODULE_LINES = 500
CODE_FOLDERS = ("coact", "organizations", "networks", "referrals", "reports", "tests", "bench")


def test_no_module_outside_migrations_is_over_500_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for folder in CODE_FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }

    assert too_long == {}, "split these into packages or topical modules"
