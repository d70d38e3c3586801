"""The code stays in small pieces: no function over 40 lines, no module over 400 (issue 14).

Measured with `ast`: a function runs from its first decorator (or `def`) to its last line,
docstring and comments included, nested functions counted inside their parent too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAX_FUNCTION_LINES = 40
MAX_MODULE_LINES = 400
FOLDERS = ("explorer", "bench", "scripts")


def _modules() -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py"))


def long_functions(source: str, limit: int = MAX_FUNCTION_LINES) -> list[tuple[str, int, int]]:
    """(name, first line, length) of every function or method longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = node.end_lineno - start + 1
            if length > limit:
                found.append((node.name, node.lineno, length))
    return found


def test_the_scan_sees_a_long_function_and_a_decorated_one():
    body = "".join(f"    x{i} = {i}\n" for i in range(39))
    assert long_functions(f"def short():\n{body}") == []  # 40 lines: allowed
    assert long_functions(f"def long():\n{body}    return 1\n") == [("long", 1, 41)]
    assert long_functions(f"@property\ndef long():\n{body}") == [("long", 2, 41)]
    assert long_functions(f"class A:\n    def m(self):\n{body.replace('    ', '        ')}"
                          f"        return 1\n") == [("m", 2, 41)]


def test_there_are_modules_to_scan():
    assert len([p for p in _modules() if p.is_relative_to(ROOT / "explorer")]) > 50


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_function_is_over_40_lines(folder):
    too_long = [f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
                for path in _modules() if path.is_relative_to(ROOT / folder)
                for name, line, length in long_functions(path.read_text(encoding="utf-8"))]
    assert not too_long, "split these functions:\n" + "\n".join(too_long)


def test_no_module_is_over_400_lines():
    too_long = [f"{path.relative_to(ROOT)} ({n} lines)" for path in _modules()
                if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not too_long, "split these modules:\n" + "\n".join(too_long)


def _defined_names(path: Path) -> set[str]:
    """'func' and 'Class.method' for everything defined at the top of a module or in its classes."""
    names = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names |= {f"{node.name}.{item.name}" for item in node.body if isinstance(item, ast.FunctionDef)}
    return names


def test_the_click_map_in_explorer_qt_names_real_functions():
    """explorer/qt/__init__.py traces a click hop by hop as `file  Class.method`; each must exist."""
    import re

    import explorer.qt

    trace = explorer.qt.__doc__.split("The other controllers")[0]
    hops = re.findall(r"((?:qt|render|model)/\w+\.py)\s+(\w+(?:\.\w+)?)", trace)
    assert len(hops) >= 12, hops
    missing = [f"{path} {name}" for path, name in hops if name not in _defined_names(ROOT / "explorer" / path)]
    assert not missing, missing
