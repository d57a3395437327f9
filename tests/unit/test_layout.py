"""Architecture rules that keep the library usable without Streamlit, and the docs honest."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from f1core.config import PROJECT_ROOT

LIB = PROJECT_ROOT / "f1core"


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_streamlit_outside_f1core_ui():
    offenders = [
        str(p.relative_to(PROJECT_ROOT))
        for p in LIB.rglob("*.py")
        if "ui" not in p.relative_to(LIB).parts[:1] and "streamlit" in _imports(p)
    ]
    assert offenders == []


def test_library_imports_without_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"
        "import f1core.store, f1core.ingest, f1core.cli\n"
        "f1core.cli.build_parser()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr


def test_pages_folder_holds_only_pages():
    for page in (PROJECT_ROOT / "pages").iterdir():
        if page.name == "__pycache__":
            continue
        assert re.fullmatch(r"\d\d_[A-Za-z_]+\.py", page.name), page.name


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, flags=re.M)


def test_every_setting_variable_is_documented_in_the_readme():
    config = (PROJECT_ROOT / "f1core" / "config.py").read_text()
    readme = (PROJECT_ROOT / "README.md").read_text()
    names = set(re.findall(r"\b(F1_[A-Z0-9_]+)\b", config))
    assert names  # the pattern still finds the settings
    assert sorted(n for n in names if f"`{n}`" not in readme) == []


def test_every_cli_command_is_documented_in_the_readme():
    from f1core.cli import build_parser

    readme = (PROJECT_ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in sub.choices if f"f1core {name}" not in readme]
    assert missing == []


def test_the_sidebar_lists_every_page_with_home_first():
    from f1core.ui.nav import PAGES

    scripts = {f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py")}
    assert set(PAGES) == {"app.py", *scripts}
    assert next(iter(PAGES.values()))[0] == "Home"
