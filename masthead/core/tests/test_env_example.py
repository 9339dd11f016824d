"""`.env.example` lists every variable the code reads, and only `settings/env.py`
reads `os.environ` (STYLE.md section 7). Pure: reads the source, imports nothing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
PACKAGE = REPO / "masthead"
ENV_MODULE = PACKAGE / "settings" / "env.py"
# The readers in settings/env.py that take the variable's name first.
ENV_READERS = {"get_str", "get_bool", "get_int", "get_list", "get_choice"}


def python_files(*, tests: bool):
    """Package modules; with ``tests``, also the test modules and root conftest."""
    roots = [PACKAGE] + ([REPO / "tests", REPO / "conftest.py"] if tests else [])
    for root in roots:
        for path in [root] if root.is_file() else sorted(root.rglob("*.py")):
            if tests or "tests" not in path.relative_to(PACKAGE).parts:
                yield path


def with_parents(tree: ast.AST):
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child.parent = node
    return ast.walk(tree)


def is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def is_os_getenv(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "getenv"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def first_name(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant):
        value = call.args[0].value
        if isinstance(value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", value):
            return value
    return None


def variables_read(tree: ast.AST) -> set[str]:
    names = set()
    for node in with_parents(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute):
                reader, owner = func.attr, func.value
            else:
                reader, owner = getattr(func, "id", None), None
            if (
                reader in ENV_READERS
                or is_os_getenv(func)
                or (reader == "get" and is_os_environ(owner))
            ):
                names.add(first_name(node))
        elif (
            isinstance(node, ast.Subscript)
            and is_os_environ(node.value)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    names.discard(None)
    return names


def environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read ``os.environ`` (or call ``os.getenv``). Setting a variable
    for Django or a child process (``os.environ[...] = ``, ``setdefault``, ``del``)
    is a write and allowed."""
    lines = []
    for node in with_parents(tree):
        if is_os_getenv(node):
            lines.append(node.lineno)
        elif is_os_environ(node):
            parent = node.parent
            if isinstance(parent, ast.Subscript) and isinstance(
                parent.ctx, ast.Store | ast.Del
            ):
                continue
            if isinstance(parent, ast.Attribute) and parent.attr == "setdefault":
                continue
            lines.append(node.lineno)
    return lines


def listed_in_env_example() -> set[str]:
    text = (REPO / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_every_variable_the_code_reads_is_in_env_example():
    listed = listed_in_env_example()
    missing = {}
    for path in python_files(tests=True):
        for name in variables_read(ast.parse(path.read_text())) - listed:
            missing.setdefault(name, path.relative_to(REPO).as_posix())
    assert not missing, f"add to .env.example: {missing}"


def test_the_scan_finds_the_settings_variables():
    """Guards the scan itself: a broken pattern would find nothing and pass."""
    base = variables_read(ast.parse((PACKAGE / "settings" / "base.py").read_text()))
    assert {"MASTHEAD_ENV", "MASTHEAD_PAGE_CACHE", "MASTHEAD_THREADS"} <= base
    readers = variables_read(ast.parse(ENV_MODULE.read_text()))
    assert {"DATABASE_URL", "SECRET_KEY"} <= readers


@pytest.mark.parametrize(
    "source, reads",
    [
        ('os.environ.get("A")', [1]),
        ('os.environ["A"]', [1]),
        ('os.getenv("A")', [1]),
        ("dict(os.environ)", [1]),
        ('os.environ["A"] = "1"', []),
        ('os.environ.setdefault("A", "1")', []),
        ('del os.environ["A"]', []),
    ],
)
def test_reads_and_writes_of_the_environment_are_told_apart(source, reads):
    assert environment_reads(ast.parse(source)) == reads


def test_only_settings_env_reads_os_environ():
    readers = {
        f"{path.relative_to(REPO).as_posix()}:{line}"
        for path in python_files(tests=False)
        if path != ENV_MODULE
        for line in environment_reads(ast.parse(path.read_text()))
    }
    assert not readers, f"read the environment through masthead.settings.env: {readers}"
