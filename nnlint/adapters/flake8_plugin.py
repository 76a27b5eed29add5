"""flake8 plugin: nnlint's findings as flake8 errors (code prefix NNL).

Registered through the `flake8.extension` entry point `NNL`. flake8 does not
read pyproject.toml, so the plugin finds `[tool.nnlint]` itself, exactly as the
`nnlint` command does; flake8 options (`--nnlint-max-params` ..., also in
`[flake8]` of setup.cfg / tox.ini / .flake8) override it. flake8's own
`--select`, `--extend-ignore`, `# noqa`, `-j` and `--format` apply on top.

A file that names neither torch nor keras/tensorflow costs one substring
search: it is not parsed, and LibCST is not even imported. flake8 checks every file
of a process with the same plugin: the process's session (nnlint.session.shared())
keeps the parses of imported files from one file to the next, and the persistent
cache (.nnlint_cache/, NNLINT_CACHE_DIR; NNLINT_NO_CACHE=1 turns it off) keeps
analyses between runs.
"""

from __future__ import annotations

from nnlint import __version__

_MENTIONS = ("torch", "keras", "tensorflow")


def _size(text):
    from nnlint.config import parse_size
    return parse_size(text, "--nnlint-max-params")


class NnlintChecker:
    name = "nnlint"
    version = __version__

    # set once from flake8's options (parse_options), shared by every file
    overrides: dict = {}
    config_path = None
    _settings = None
    _problem = None  # a broken option value: reported on each file

    def __init__(self, tree, filename="stdin", lines=None):
        self.filename = filename
        self.lines = lines or []

    # ------------------------------------------------------------ options
    @classmethod
    def add_options(cls, manager) -> None:
        manager.add_option("--nnlint-config", metavar="PATH", parse_from_config=True,
                           help="nnlint: TOML file to use instead of the nearest "
                                "pyproject.toml's [tool.nnlint]")
        manager.add_option("--nnlint-max-params", metavar="N", parse_from_config=True,
                           help="nnlint: budget for every model's parameters (250K, 25.6M)")
        manager.add_option("--nnlint-max-trainable-params", metavar="N",
                           parse_from_config=True,
                           help="nnlint: budget for every model's trainable parameters")
        manager.add_option("--nnlint-allow-inexact", metavar="BOOL", parse_from_config=True,
                           help="nnlint: may a lower-bound count within budget pass "
                                "(true/false)")

    @classmethod
    def parse_options(cls, options) -> None:
        from nnlint.config import ConfigError, parse_size
        overrides, problem = {}, None
        try:
            for attr, key in (("nnlint_max_params", "max_params"),
                              ("nnlint_max_trainable_params", "max_trainable_params")):
                value = getattr(options, attr, None)
                if value not in (None, ""):
                    overrides[key] = parse_size(value, "--" + attr.replace("_", "-"))
            allow = getattr(options, "nnlint_allow_inexact", None)
            if allow not in (None, ""):
                text = str(allow).strip().lower()
                if text not in ("true", "false", "1", "0", "yes", "no"):
                    raise ConfigError(f"--nnlint-allow-inexact: {allow!r} is not true or false")
                overrides["allow_inexact"] = text in ("true", "1", "yes")
        except ConfigError as exc:
            problem = str(exc)
        cls.overrides = overrides
        cls.config_path = getattr(options, "nnlint_config", None) or None
        cls._problem = problem
        cls._settings = None

    @classmethod
    def settings(cls):
        if cls._settings is None:
            from nnlint.config import Settings
            cls._settings = Settings(cls.config_path, cls.overrides, "--nnlint-")
        return cls._settings

    # ------------------------------------------------------------ checking
    def run(self):
        text = "".join(self.lines)
        if not any(m in text for m in _MENTIONS):
            return
        if self._problem is not None:
            yield 1, 0, f"NNL005 invalid nnlint option: {self._problem}", type(self)
            return
        from nnlint.config import ConfigError
        try:
            config = self.settings().for_path(self.filename)
        except ConfigError as exc:
            yield 1, 0, f"NNL005 invalid nnlint configuration: {exc}", type(self)
            return
        if config.is_excluded(self.filename):
            return
        import dataclasses

        from nnlint.session import shared
        config = dataclasses.replace(config, honor_noqa=False)  # flake8 reads # noqa
        report = shared().lint(text, self.filename, config)
        for d in sorted(report.diagnostics, key=lambda d: (d.line, d.column, d.code)):
            if config.is_finding(d.severity, d.code):
                yield max(d.line, 1), max(d.column, 0), f"{d.code} {d.message}", type(self)
