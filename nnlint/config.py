"""Settings: `[tool.nnlint]` in pyproject.toml, found by walking up from each file.

    config_for("models/net.py") -> Config          # discovery, cached per folder
    Settings(config_path=None, overrides={...})     # what the CLI and adapters hold
    Config.from_table(table, source)                # one validated [tool.nnlint] table

A bad value raises `ConfigError` whose message names the key and the file; the
CLI prints it and exits with status 2. Nothing here imports LibCST.
"""

from __future__ import annotations

import dataclasses
import difflib
import fnmatch
import os
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Dict, Optional, Tuple

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DTYPES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1, "int4": 0.5, "fp64": 8}

# folders never walked into unless `exclude` replaces this list
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env", "__pycache__",
    "build", "dist", "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    "site-packages", ".eggs", ".ipynb_checkpoints", "*.egg-info",
)

_SUFFIX = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_SIZE = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9_]*)?)\s*([KMBT]?)\s*$", re.IGNORECASE)
_CODE_PREFIX = re.compile(r"^NNL[0-9]{0,3}$")


class ConfigError(ValueError):
    """A configuration value nnlint cannot use; the message names the key and the file."""


def parse_size(value, key: str = "value", source: str = "") -> int:
    """7993, "7_993", "250K", "25.6M", "1.5B" -> an int number of parameters."""
    where = f" in {source}" if source else ""
    if isinstance(value, bool):
        raise ConfigError(f"{key}{where}: expected a parameter count, got {value!r}")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float) and value.is_integer():
        number = Decimal(int(value))
    elif isinstance(value, str) and _SIZE.match(value):
        digits, suffix = _SIZE.match(value).groups()
        try:
            number = Decimal(digits.replace("_", "").replace(",", "")) * _SUFFIX[suffix.upper()]
        except InvalidOperation:
            number = None
    else:
        number = None
    if number is None or number != number.to_integral_value() or number < 0:
        named = f"{key}{where}: " if key or where else ""  # the command line names the option
        raise ConfigError(f"{named}{value!r} is not a parameter count "
                          "(write 7993, \"7_993\", \"250K\", \"25.6M\" or \"1.5B\")")
    return int(number)


@dataclass(frozen=True)
class Growth:
    """A growth threshold of review mode: "5%" of the count before, or "1M" parameters."""
    text: str
    percent: Optional[Decimal] = None
    params: Optional[int] = None

    def exceeded(self, before: int, delta: int) -> bool:
        if self.params is not None:
            return delta > self.params
        return delta * 100 > self.percent * before


def parse_growth(value, key: str = "value", source: str = "") -> Growth:
    """"5%", "0.5%" (of the count before) or a parameter count ("1M", 250000)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            percent = Decimal(value.strip()[:-1].strip())
        except InvalidOperation:
            percent = None
        if percent is None or not percent.is_finite() or percent < 0:
            where = f" in {source}" if source else ""
            raise ConfigError(f"{key}{where}: {value!r} is not a growth threshold "
                              "(write \"5%\" or a parameter count such as \"1M\")")
        return Growth(value.strip(), percent=percent)
    return Growth(str(value).strip(), params=parse_size(value, key, source))


@dataclass(frozen=True)
class ReviewSettings:
    """`[tool.nnlint.review]`: the revision `nnlint review` compares with by default, and
    the growth that fails a review."""
    base: Optional[str] = None
    fail_over: Tuple[Growth, ...] = ()


@dataclass(frozen=True)
class BudgetRule:
    """One `[tool.nnlint.budgets]` entry: `"path glob::Model glob" = limits`."""
    key: str
    path_glob: str
    model_glob: str
    max_params: Optional[int] = None
    max_trainable_params: Optional[int] = None

    def matches(self, rel_path: str, model: str) -> bool:
        return fnmatch.fnmatchcase(model, self.model_glob) and self.matches_path(rel_path)

    def matches_path(self, rel_path: str) -> bool:
        return self.path_glob in ("", "*", "**") or match_path(rel_path, self.path_glob)

    def names_a_file(self) -> bool:
        """A key with a path (`models/heads.py::Classifier`) is about the files it matches."""
        return self.path_glob not in ("", "*", "**")


@dataclass(frozen=True)
class InputRule:
    """One `[tool.nnlint.inputs]` entry: `"path glob::Model glob" = shape(s)` (nnlint/inputs.py)."""
    key: str
    path_glob: str
    model_glob: str
    decl: object  # nnlint.inputs.InputDecl

    def matches(self, rel_path: str, model: str) -> bool:
        return fnmatch.fnmatchcase(model, self.model_glob) and (
            self.path_glob in ("", "*", "**") or match_path(rel_path, self.path_glob))


@dataclass(frozen=True)
class Config:
    """The settings that apply to one file."""
    max_params: Optional[int] = None
    max_trainable_params: Optional[int] = None
    budgets: Tuple[BudgetRule, ...] = ()
    inputs: Tuple[InputRule, ...] = ()  # [tool.nnlint.inputs]
    input_shape: Optional[object] = None  # --input-shape: an InputDecl for every model
    exclude: Tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    select: Optional[Tuple[str, ...]] = None  # None: every rule
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    dtype: str = "fp32"
    optimizer: str = "adam"  # whose state the training estimate counts (models/memory.py)
    allow_inexact: bool = True  # may a lower bound within budget pass?
    source: Optional[str] = None  # the file this came from
    root: str = field(default_factory=os.getcwd)  # paths in globs are relative to it
    honor_noqa: bool = True  # flake8 handles `# noqa` itself
    overridden: Tuple[str, ...] = ()  # fields set by options, not by the file
    option_prefix: str = "--"  # how those options are spelled, for messages
    torch: Optional[Tuple[int, int]] = None  # the release the code runs with, if stated
    keras: Optional[Tuple[int, int]] = None
    review: ReviewSettings = ReviewSettings()

    # ------------------------------------------------------------ loading
    @classmethod
    def from_table(cls, table: dict, source: str, root: Optional[str] = None) -> "Config":
        if not isinstance(table, dict):
            raise ConfigError(f"[tool.nnlint] in {source} must be a table")
        values = {"source": source,
                  "root": root or os.path.dirname(os.path.abspath(source))}
        for key, raw in table.items():
            parse = _KEYS.get(key)
            if parse is None:
                hint = difflib.get_close_matches(key, list(_KEYS), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                raise ConfigError(f"unknown key '{key}' in [tool.nnlint] of {source}{extra}")
            values[key.replace("-", "_")] = parse(raw, key, source)
        return cls(**values)

    def with_overrides(self, overrides: Optional[dict], prefix: str = "--") -> "Config":
        """Option values on top: `select` replaces, `ignore` and `extend_select` add."""
        changes = {}
        for name, value in (overrides or {}).items():
            if value is None:
                continue
            if name in ("ignore", "extend_select", "extend_exclude"):
                value = tuple(getattr(self, name)) + tuple(value)
            changes[name] = value
        if not changes:
            return self
        return dataclasses.replace(self, overridden=tuple(self.overridden) + tuple(changes),
                                   option_prefix=prefix, **changes)

    def origin(self, name: str) -> str:
        """Where a setting came from: "--max-params" or "max-params in pyproject.toml"."""
        key = name.replace("_", "-")
        if name in self.overridden or self.source is None:
            return f"{self.option_prefix}{key}"
        return f"{key} in {self.relative(self.source)}"

    def for_path(self, path: str) -> "Config":
        """A Config applies to every file; `Settings.for_path` discovers one per file."""
        return self

    # ------------------------------------------------------------ queries
    def relative(self, path: str) -> str:
        if path.startswith("<") or path in ("-", "stdin"):
            return path
        rel = os.path.relpath(os.path.abspath(path), self.root)
        if rel.startswith(".."):
            rel = path
        return rel.replace(os.sep, "/")

    def is_excluded(self, path: str) -> bool:
        rel = self.relative(path)
        return any(match_path(rel, p) for p in tuple(self.exclude) + tuple(self.extend_exclude))

    def enabled(self, code: str, path: Optional[str] = None) -> bool:
        """select / extend-select / ignore / per-file-ignores: the longest match wins."""
        chosen = self.select if self.select is not None else ("NNL",)
        on = max((len(p) for p in tuple(chosen) + tuple(self.extend_select)
                  if code.startswith(p)), default=-1)
        ignores = tuple(self.ignore)
        if path is not None and self.per_file_ignores:
            rel = self.relative(path)
            for glob, codes in self.per_file_ignores:
                if match_path(rel, glob):
                    ignores += codes
        off = max((len(p) for p in ignores if code.startswith(p)), default=-1)
        return on >= 0 and on > off

    def explicitly_selected(self, code: str) -> bool:
        """Named by a prefix more specific than "NNL": shows notes in editors and CI."""
        chosen = tuple(self.select or ()) + tuple(self.extend_select)
        return any(code.startswith(p) and len(p) > 3 for p in chosen)

    def is_finding(self, severity: str, code: str) -> bool:
        """Warnings and errors are findings; info notes only when selected by code."""
        return severity != "info" or self.explicitly_selected(code)

    def bytes_per_param(self) -> float:
        return DTYPES[self.dtype]

    def framework_versions(self) -> dict:
        """{"torch": (2, 4), "keras": (3, 6)}: the releases the user states."""
        return {k: v for k, v in (("torch", self.torch), ("keras", self.keras)) if v}


def match_path(rel: str, pattern: str) -> bool:
    """A glob without "/" matches any path component; with "/", the path or a folder of it."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    parts = rel.split("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in parts)
    pattern = pattern.lstrip("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern)
               for i in range(1, len(parts) + 1))


# ------------------------------------------------------------------ key parsers
def _size(value, key, source):
    return parse_size(value, key, source)


def _strings(value, key, source):
    if isinstance(value, str):
        value = [v for v in re.split(r"[,\s]+", value) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} in {source}: expected a list of strings, got {value!r}")
    return tuple(value)


def parse_codes(value, key, source):
    codes = tuple(c.strip().upper() for c in _strings(value, key, source))
    from nnlint.diagnostics import RULES
    for code in codes:
        if not _CODE_PREFIX.match(code) or not any(r.startswith(code) for r in RULES):
            raise ConfigError(f"{key} in {source}: {code!r} matches no nnlint rule "
                              f"(codes look like NNL201; see docs/rules.md)")
    return codes


def _dtype(value, key, source):
    if not isinstance(value, str) or value.lower() not in DTYPES:
        raise ConfigError(f"{key} in {source}: {value!r} is not one of "
                          f"{', '.join(sorted(DTYPES))}")
    return value.lower()


def _optimizer(value, key, source):
    from nnlint.models.memory import OPTIMIZER_STATES
    if not isinstance(value, str) or value.lower() not in OPTIMIZER_STATES:
        raise ConfigError(f"{key} in {source}: {value!r} is not one of "
                          f"{', '.join(OPTIMIZER_STATES)}")
    return value.lower()


def _bool(value, key, source):
    if not isinstance(value, bool):
        raise ConfigError(f"{key} in {source}: expected true or false, got {value!r}")
    return value


def _per_file_ignores(value, key, source):
    if not isinstance(value, dict):
        raise ConfigError(f"{key} in {source}: expected a table of \"glob\" = [codes]")
    return tuple((glob, parse_codes(codes, f"{key}.\"{glob}\"", source))
                 for glob, codes in value.items())


def _model_key(pattern, key, source):
    """(where, path glob, model glob) of a `"path::Model"` key of budgets and inputs; a key
    without `::` names the model in every file."""
    where = f"{key}.\"{pattern}\""
    path_glob, sep, model_glob = pattern.rpartition("::")
    if not sep:
        path_glob, model_glob = "*", pattern
    if not model_glob:
        raise ConfigError(f"{where} in {source}: the key needs a model name after '::'")
    return where, path_glob, model_glob


def _budgets(value, key, source):
    if not isinstance(value, dict):
        raise ConfigError(f"{key} in {source}: expected a table of \"path::Model\" = budget")
    rules = []
    for pattern, limits in value.items():
        where, path_glob, model_glob = _model_key(pattern, key, source)
        if isinstance(limits, dict):
            unknown = set(limits) - {"max-params", "max-trainable-params"}
            if unknown:
                raise ConfigError(f"{where} in {source}: unknown key '{sorted(unknown)[0]}' "
                                  "(use max-params and max-trainable-params)")
            total = limits.get("max-params")
            trainable = limits.get("max-trainable-params")
            rules.append(BudgetRule(
                pattern, path_glob, model_glob,
                None if total is None else parse_size(total, f"{where}.max-params", source),
                None if trainable is None else parse_size(
                    trainable, f"{where}.max-trainable-params", source)))
        else:
            rules.append(BudgetRule(pattern, path_glob, model_glob,
                                    parse_size(limits, where, source)))
    return tuple(rules)


def _inputs(value, key, source):
    from nnlint.inputs import InputDecl, InputError, parse_dtype, parse_shapes

    if not isinstance(value, dict):
        raise ConfigError(f"{key} in {source}: expected a table of \"path::Model\" = shape")
    rules = []
    for pattern, spec in value.items():
        where, path_glob, model_glob = _model_key(pattern, key, source)
        table = spec if isinstance(spec, dict) else {"shape": spec}
        unknown = set(table) - {"shape", "dtype"}
        if unknown or "shape" not in table:
            raise ConfigError(f"{where} in {source}: expected a shape, or a table with shape "
                              "and dtype")
        try:
            decl = InputDecl(parse_shapes(table["shape"]),
                             parse_dtype(table.get("dtype", "float32")),
                             f"[tool.nnlint.inputs] \"{pattern}\" in {source}")
        except InputError as exc:
            raise ConfigError(f"{where} in {source}: {exc}") from None
        rules.append(InputRule(pattern, path_glob, model_glob, decl))
    return tuple(rules)


def _release(value, key, source):
    """"2.4", "2.4.1" or 2.4 -> (2, 4): the framework release the analysed code runs with."""
    text = str(value) if isinstance(value, (str, float)) else None
    match = re.match(r"^\s*(\d+)\.(\d+)(?:\.\d+)?\s*$", text or "")
    if not match:
        raise ConfigError(f"{key} in {source}: {value!r} is not a release "
                          "(write \"2.4\" or \"2.4.1\")")
    return int(match.group(1)), int(match.group(2))


def _review(value, key, source):
    if not isinstance(value, dict):
        raise ConfigError(f"[tool.nnlint.review] in {source} must be a table")
    unknown = set(value) - {"base", "fail-over"}
    if unknown:
        raise ConfigError(f"unknown key '{sorted(unknown)[0]}' in [tool.nnlint.review] of "
                          f"{source} (use base and fail-over)")
    base = value.get("base")
    if base is not None and (not isinstance(base, str) or not base.strip()):
        raise ConfigError(f"review.base in {source}: expected a git revision, got {base!r}")
    limits = value.get("fail-over", ())
    limits = limits if isinstance(limits, list) else [limits]
    return ReviewSettings(base, tuple(parse_growth(v, "review.fail-over", source)
                                      for v in limits))


_KEYS = {
    "max-params": _size,
    "max-trainable-params": _size,
    "budgets": _budgets,
    "inputs": _inputs,
    "exclude": _strings,
    "extend-exclude": _strings,
    "per-file-ignores": _per_file_ignores,
    "select": parse_codes,
    "extend-select": parse_codes,
    "ignore": parse_codes,
    "dtype": _dtype,
    "optimizer": _optimizer,
    "allow-inexact": _bool,
    "torch": _release,
    "keras": _release,
    "review": _review,
}
KEYS = tuple(_KEYS)


# ------------------------------------------------------------------ discovery
def read_config_file(path: str) -> Config:
    """A pyproject.toml's [tool.nnlint], or any TOML file's [tool.nnlint] or top level."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    table = data.get("tool", {}).get("nnlint") if isinstance(data.get("tool"), dict) else None
    if table is None:
        table = {} if os.path.basename(path) == "pyproject.toml" else data
    return Config.from_table(table, path)


def _nnlint_table_in(pyproject: str):
    """The [tool.nnlint] table of a pyproject.toml, or None when it has none."""
    try:
        with open(pyproject, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    if b"nnlint" not in raw:  # most pyproject.toml files: no TOML parse at all
        return None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{pyproject} is not valid TOML: {exc}") from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "nnlint" not in tool:
        return None
    return tool["nnlint"]


class Settings:
    """The Config of each file: `--config PATH`, or the nearest [tool.nnlint] above it.

    `overrides` (CLI or flake8 options) apply on top of whichever file is found.
    Discovery is cached per folder, so a run reads each pyproject.toml once.
    """

    def __init__(self, config_path: Optional[str] = None, overrides: Optional[dict] = None,
                 option_prefix: str = "--"):
        self.overrides = dict(overrides or {})
        self.prefix = option_prefix
        self._fixed = None
        if config_path is not None:
            self._fixed = read_config_file(config_path).with_overrides(self.overrides,
                                                                       self.prefix)
        self._by_dir: Dict[str, Config] = {}
        self._default = None

    def for_path(self, path: str) -> Config:
        if self._fixed is not None:
            return self._fixed
        if not path or path.startswith("<") or path in ("-", "stdin"):
            start = os.getcwd()
        else:
            start = os.path.dirname(os.path.abspath(path))
        seen = []
        found = None
        d = start
        while True:
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            seen.append(d)
            pyproject = os.path.join(d, "pyproject.toml")
            table = _nnlint_table_in(pyproject) if os.path.isfile(pyproject) else None
            if table is not None:
                found = Config.from_table(table, pyproject).with_overrides(self.overrides,
                                                                           self.prefix)
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        if found is None:
            if self._default is None:
                self._default = Config().with_overrides(self.overrides, self.prefix)
            found = self._default
        for s in seen:
            self._by_dir[s] = found
        return found


def config_for(path: str) -> Config:
    """The Config for one file, found as the command does (used by the language server).

    Not cached: an editor session outlives edits to pyproject.toml, and finding the
    file costs a few `stat` calls and one small TOML parse.
    """
    return Settings().for_path(path)
