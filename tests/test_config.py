"""[tool.nnlint]: sizes, discovery, validation, rule selection, excludes."""

from __future__ import annotations

import os
import textwrap

import pytest

from nnlint.api import iter_python_files, lint_paths, lint_source
from nnlint.config import (
    Config,
    ConfigError,
    Settings,
    config_for,
    match_path,
    parse_size,
    read_config_file,
)


@pytest.mark.parametrize("value, n", [
    (7993, 7993), ("7993", 7993), ("7_993", 7993), ("7,993", 7993), ("250K", 250_000),
    ("250k", 250_000), ("25.6M", 25_600_000), ("1.5B", 1_500_000_000), ("2T", 2 * 10**12),
    (5e6, 5_000_000), (" 3M ", 3_000_000), (0, 0),
])
def test_sizes(value, n):
    assert parse_size(value) == n


@pytest.mark.parametrize("value", ["5 million", "-1", -1, True, "1.5", "0.0001K", "M", "",
                                   "1e6", 2.5, None, [1]])
def test_bad_sizes(value):
    with pytest.raises(ConfigError, match="max-params"):
        parse_size(value, "max-params", "pyproject.toml")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        fh.write(textwrap.dedent(text))
    return str(path)


def test_nearest_nnlint_table_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nmax-params = "1M"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "sub"\n')  # no [tool.nnlint]
    write(tmp_path / "other" / "pyproject.toml", '[tool.nnlint]\nmax-params = "2M"\n')
    settings = Settings()
    top = settings.for_path(str(tmp_path / "sub" / "deep" / "m.py"))
    assert top.max_params == 1_000_000 and top.root == str(tmp_path)
    assert settings.for_path(str(tmp_path / "other" / "m.py")).max_params == 2_000_000
    assert settings.for_path(str(tmp_path / "sub" / "n.py")) is top  # cached per folder


def test_config_option_overrides_discovery(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nmax-params = "1M"\n')
    explicit = write(tmp_path / "ci" / "nnlint.toml", 'max-params = "3K"\ndtype = "int8"\n')
    settings = Settings(explicit)
    config = settings.for_path(str(tmp_path / "m.py"))
    assert (config.max_params, config.dtype) == (3000, "int8")
    assert read_config_file(explicit).root == str(tmp_path / "ci")


def test_options_override_the_file(tmp_path):
    write(tmp_path / "pyproject.toml", """\
        [tool.nnlint]
        max-params = "1M"
        select = ["NNL2", "NNL3"]
        ignore = ["NNL303"]
        """)
    config = Settings(overrides={"max_params": 5, "ignore": ("NNL302",), "select": None}) \
        .for_path(str(tmp_path / "m.py"))
    assert config.max_params == 5
    assert config.ignore == ("NNL303", "NNL302")
    assert config.select == ("NNL2", "NNL3")
    assert config.origin("max_params") == "--max-params"
    assert config.origin("max_trainable_params") == "max-trainable-params in pyproject.toml"


@pytest.mark.parametrize("toml, message", [
    ('max_params = 5', r"unknown key 'max_params' in \[tool.nnlint\] of .*"
                       r"pyproject.toml \(did you mean 'max-params'\?\)"),
    ('max-params = "lots"', "max-params in .*pyproject.toml: 'lots' is not a parameter count"),
    ('select = ["E501"]', "select in .*pyproject.toml: 'E501' matches no nnlint rule"),
    ('ignore = ["NNL9"]', "ignore in .*: 'NNL9' matches no nnlint rule"),
    ('dtype = "fp8"', "dtype in .*: 'fp8' is not one of"),
    ('allow-inexact = "yes"', "allow-inexact in .*: expected true or false"),
    ('exclude = "a"\nextend-exclude = 3', "extend-exclude in .*: expected a list of strings"),
    ('[tool.nnlint.budgets]\n"a.py::" = 5', r'budgets."a.py::" in .*needs a model name'),
    ('[tool.nnlint.budgets]\n"X" = {max-param = 5}', "unknown key 'max-param'"),
    ('[tool.nnlint.budgets]\n"X" = {max-trainable-params = "x"}',
     'budgets."X".max-trainable-params in .*pyproject.toml'),
    ('[tool.nnlint.per-file-ignores]\n"t/*" = ["NNL3", "W1"]',
     'per-file-ignores."t/\\*" in .*: \'W1\''),
    ('max-params = [1', "pyproject.toml is not valid TOML"),
])
def test_broken_values_name_key_and_file(tmp_path, toml, message):
    write(tmp_path / "pyproject.toml", "[tool.nnlint]\n" + toml + "\n")
    with pytest.raises(ConfigError, match=message):
        Settings().for_path(str(tmp_path / "m.py"))


def test_config_file_that_cannot_be_read(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        Settings(str(tmp_path / "missing.toml"))


def test_unrelated_broken_pyproject_is_not_our_business(tmp_path):
    write(tmp_path / "pyproject.toml", "[project\n")  # never mentions nnlint
    assert Settings().for_path(str(tmp_path / "m.py")).source is None


def test_select_and_ignore_longest_prefix_wins():
    c = Config(select=("NNL2", "NNL301"), ignore=("NNL3", "NNL202"))
    assert c.enabled("NNL201") and not c.enabled("NNL202")
    assert c.enabled("NNL301") and not c.enabled("NNL302")
    assert not c.enabled("NNL001")
    default = Config()
    assert all(default.enabled(code) for code in ("NNL001", "NNL101", "NNL201", "NNL304"))
    assert Config(extend_select=("NNL101",), select=("NNL2",)).enabled("NNL101")
    assert Config(ignore=("NNL",), select=("NNL201",)).enabled("NNL201")


def test_notes_are_findings_only_when_selected_by_code():
    assert not Config().is_finding("info", "NNL101")
    assert Config().is_finding("warning", "NNL303")
    assert Config(extend_select=("NNL1",)).is_finding("info", "NNL101")
    assert not Config(select=("NNL",)).is_finding("info", "NNL101")


def test_per_file_ignores(tmp_path):
    c = Config(per_file_ignores=(("tests/*", ("NNL3",)), ("legacy.py", ("NNL201",))),
               root=str(tmp_path))
    assert not c.enabled("NNL301", str(tmp_path / "tests" / "test_x.py"))
    assert c.enabled("NNL301", str(tmp_path / "src" / "x.py"))
    assert not c.enabled("NNL201", str(tmp_path / "pkg" / "legacy.py"))
    assert c.enabled("NNL202", str(tmp_path / "pkg" / "legacy.py"))


@pytest.mark.parametrize("rel, pattern, hit", [
    ("a/build/x.py", "build", True), ("a/builder/x.py", "build", False),
    ("src/legacy/old.py", "src/legacy", True), ("src/legacy/old.py", "src/legacy/", True),
    ("src/legacy/old.py", "legacy/*.py", False), ("src/legacy/old.py", "src/*/old.py", True),
    ("x_test.py", "*_test.py", True), ("pkg/x.egg-info/a.py", "*.egg-info", True),
    ("a.py", "./a.py", True), ("a.py", "", False),
])
def test_match_path(rel, pattern, hit):
    assert match_path(rel, pattern) is hit


def test_exclude_and_extend_exclude(tmp_path):
    for rel in ("models/a.py", "models/gen/b.py", "build/c.py", "legacy/d.py", "e_test.py"):
        write(tmp_path / rel, "import torch\n")
    write(tmp_path / "pyproject.toml", """\
        [tool.nnlint]
        extend-exclude = ["legacy", "models/gen", "*_test.py"]
        """)

    def found(paths):
        settings = Settings()
        excluded = lambda p: settings.for_path(p).is_excluded(p)  # noqa: E731
        return sorted(os.path.relpath(p, tmp_path) for p in iter_python_files(paths, excluded))

    assert found([str(tmp_path)]) == ["models/a.py"]
    # files named explicitly (as pre-commit does) are excluded too
    assert found([str(tmp_path / "legacy" / "d.py"), str(tmp_path / "models" / "a.py")]) == \
        ["models/a.py"]
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nexclude = ["models"]\n')
    assert found([str(tmp_path)]) == sorted(["build/c.py", "e_test.py", "legacy/d.py"])


def test_lint_paths_discovers_config(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\nmax-params = 10\n')
    write(tmp_path / "m.py", "import torch.nn as nn\nnet = nn.Linear(3, 4)\n")
    (report,) = list(lint_paths([str(tmp_path)]))
    assert [d.code for d in report.diagnostics] == ["NNL201"]


def test_lint_source_uses_what_it_is_given():
    text = "import torch.nn as nn\nnet = nn.Linear(3, 4)\n"
    assert lint_source(text, "m.py").diagnostics == []
    assert [d.code for d in lint_source(text, "m.py", Config(max_params=1)).diagnostics] == \
        ["NNL201"]


def test_config_for_is_what_the_language_server_uses(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.nnlint]\ndtype = "fp16"\n')
    assert config_for(str(tmp_path / "m.py")).dtype == "fp16"
