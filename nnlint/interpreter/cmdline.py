"""The command line of the analysed program: `argparse` and `sys.argv`.

A script's sizes often come from its command line (`parser.add_argument("--nz",
type=int, default=100)`). How the script is run is not in the source, so such a size is
never exact. nnlint evaluates the file in two ways (api.py):

- as it is (a `CommandLine` that assumes nothing): `parse_args()` gives a Namespace
  whose every value is Unknown, naming the option and its default; `sys.argv` is an
  outside name. Every exact flag and every lower bound comes from this evaluation.
- run without arguments (`assume_defaults`): `parse_args()` gives the defaults, as
  argparse would, and `sys.argv` is `[the file's path]`. Each default read is recorded
  (`used`) with the line that declares it; the counts of this evaluation are reported
  only as `assuming_defaults`, beside the lower bound, never as exact.

`parse_args([])` with a literal empty list parses nothing from the command line: its
defaults are static and read in both evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnlint.interpreter.objects import Builtin, ClassValue, External, Function, Instance
from nnlint.interpreter.values import Unknown, UserRaise


@dataclass(frozen=True)
class DefaultUsed:
    """One assumption of a run without arguments: an option's default, or sys.argv."""

    name: str  # "--latent-dim", "sys.argv"
    value: object
    line: int

    def as_json(self) -> dict:
        return {"name": self.name, "value": _json_value(self.value), "line": self.line}

    def describe(self) -> str:
        return f"{self.name}={_json_value(self.value)!r} (line {self.line})"


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return repr(value)


class CommandLine:
    """How the analysed program is run; shared by a file and the project files it imports."""

    JOIN_KEEPS = True  # a record, not the program's state: the join keeps what any path read

    def __init__(self, assume_defaults: bool = False):
        self.assume_defaults = assume_defaults
        self.consulted = False  # the program reads its command line somewhere
        self.used: dict = {}  # (name, line) -> DefaultUsed, in the order first read
        self._argv = None

    def use(self, record: DefaultUsed) -> None:
        self.used.setdefault((record.name, record.line), record)

    def defaults(self) -> list:
        return sorted(self.used.values(), key=lambda r: (r.line, r.name))

    def sys_argv(self, interp, node):
        """The value of `sys.argv` (None: the outside name, not known)."""
        self.consulted = True
        if not self.assume_defaults:
            return None
        if self._argv is None:
            self._argv = [interp.path]
        self.use(DefaultUsed("sys.argv[1:]", [], interp.line_of(node)))
        return self._argv


# ------------------------------------------------------------------ argparse
class Action:
    """One add_argument: where its value goes, its default, and whether nnlint knows it."""

    __slots__ = ("dest", "name", "default", "required", "line", "why")

    def __init__(self, dest, name, default, required, line, why=None):
        self.dest = dest
        self.name = name  # the option as written: "--latent-dim", or the positional's name
        self.default = default
        self.required = required
        self.line = line
        self.why = why  # not None: its value is not known even without arguments


class ArgParser:
    """An `argparse.ArgumentParser` seen through the arguments it declares."""

    __slots__ = ("actions", "defaults", "argument_default", "why")

    def __init__(self):
        self.actions: list = []
        self.defaults: dict = {}  # set_defaults()
        self.argument_default = None
        self.why = None  # not None: what it parses is not modelled (subcommands ...)


class ArgGroup:
    """`add_argument_group()` / `add_mutually_exclusive_group()`: adds to its parser."""

    __slots__ = ("parser",)

    def __init__(self, parser):
        self.parser = parser


NAMESPACE = ClassValue("Namespace", [External("builtins.object")], {}, None, None)


class ArgsNamespace(Instance):
    """What parse_args() returns; in a run without arguments, each default read is
    recorded as an assumption."""

    __slots__ = ("origins", "cmdline")

    def __init__(self, attrs, origins=None, cmdline=None):
        super().__init__(NAMESPACE, attrs)
        self.origins = origins or {}  # dest -> DefaultUsed
        self.cmdline = cmdline

    def read(self, name) -> None:
        record = self.origins.get(name)
        if record is not None and self.cmdline is not None:
            self.cmdline.use(record)

    def read_all(self) -> None:
        for name in list(self.origins):
            self.read(name)


_QUIET = {"description", "epilog", "prog", "usage", "formatter_class", "add_help",
          "allow_abbrev", "exit_on_error", "conflict_handler"}
_ACTION_DEFAULTS = {"store": None, "store_const": None, "store_true": False,
                    "store_false": True, "append": None, "append_const": None,
                    "count": None, "extend": None}


def call_argparse(interp, qualname, args, kwargs, node):
    """argparse.ArgumentParser(...) and argparse.Namespace(...); None: not modelled here."""
    if qualname == "argparse.ArgumentParser":
        parser = ArgParser()
        for key, value in kwargs.items():
            if key == "argument_default":
                parser.argument_default = value
            elif key == "parents" and isinstance(value, (list, tuple)) and \
                    all(isinstance(p, ArgParser) for p in value):
                for p in value:
                    parser.actions.extend(p.actions)
                    parser.defaults.update(p.defaults)
                    parser.why = parser.why or p.why
            elif key not in _QUIET:
                parser.why = f"ArgumentParser({key}=...)"
        if args:
            parser.why = "ArgumentParser() with positional arguments"
        return parser
    if qualname == "argparse.Namespace" and not args:
        return ArgsNamespace(dict(kwargs))
    return None


def attribute(interp, obj, name, node):
    """Methods of a parser or an argument group."""
    parser = obj.parser if isinstance(obj, ArgGroup) else obj
    if name == "add_argument":
        return Builtin("add_argument", _add_argument, parser)
    if name in ("add_argument_group", "add_mutually_exclusive_group"):
        return Builtin(name, lambda i, a, k, n, p: ArgGroup(p), parser)
    if isinstance(obj, ArgParser):
        if name == "set_defaults":
            return Builtin(name, _set_defaults, parser)
        if name in ("parse_args", "parse_known_args", "parse_intermixed_args",
                    "parse_known_intermixed_args"):
            return Builtin(name, _parse(name), parser)
        if name in ("print_help", "print_usage", "format_help", "format_usage"):
            return Builtin(name, lambda i, a, k, n, p: Unknown(f"{name}()", inert=True), parser)
    parser.why = parser.why or f"{name}() of a parser"
    return interp.unknown(f"{name}() of an argparse parser", node)


def _dest(parser, flags, kwargs):
    """(dest, name as written, positional?) as argparse derives them; None if not known."""
    if not flags or not all(isinstance(f, str) and f for f in flags):
        return None
    if len(flags) == 1 and not flags[0].startswith("-"):
        return flags[0], flags[0], True
    if not all(f.startswith("-") for f in flags):
        return None
    dest = kwargs.get("dest")
    long = [f for f in flags if len(f) > 1 and f[1] == "-"]
    name = long[0] if long else flags[0]
    if dest is None:
        dest = name.lstrip("-").replace("-", "_")
    if not isinstance(dest, str) or not dest:
        return None
    return dest, name, False


def _add_argument(interp, args, kwargs, node, parser):
    line = interp.line_of(node)
    found = _dest(parser, args, kwargs)
    if found is None:
        parser.why = parser.why or f"add_argument() at line {line} not understood"
        return Unknown("add_argument()", line, inert=True)
    dest, name, positional = found
    action = kwargs.get("action", "store")
    if "default" in kwargs:
        default = kwargs["default"]
    elif dest in parser.defaults:
        default = parser.defaults[dest]
    elif parser.argument_default is not None:
        default = parser.argument_default
    elif isinstance(action, str) and action in _ACTION_DEFAULTS:
        default = _ACTION_DEFAULTS[action]
    else:
        default = None
    why = _action_not_known(action, default, kwargs)
    required = kwargs.get("required", False)
    if positional:
        nargs = kwargs.get("nargs")
        required = nargs not in ("?", "*")
        if nargs == "*" and default is None:
            default = []
    elif not isinstance(required, bool):
        why = why or "required= not known"
    if why is None:
        default = _converted(default, kwargs.get("type"))
        if isinstance(default, Unknown):
            why = default.reason
    parser.actions.append(Action(dest, name, default, required, line, why))
    return Unknown("add_argument()", line, inert=True)


def _action_not_known(action, default, kwargs):
    if isinstance(action, External) and action.qualname == "argparse.BooleanOptionalAction":
        return None
    if not isinstance(action, str) or action not in _ACTION_DEFAULTS:
        return "an action nnlint does not model"
    if isinstance(default, External) and default.qualname == "argparse.SUPPRESS":
        return "default=argparse.SUPPRESS"
    return None


def _converted(default, kind):
    """argparse passes a string default through type=; only the builtins are followed."""
    if not isinstance(default, str) or kind is None:
        return default
    name = kind.name if isinstance(kind, Builtin) else \
        kind.qualname if isinstance(kind, External) else None
    convert = {"int": int, "builtins.int": int, "float": float, "builtins.float": float,
               "str": str, "builtins.str": str}.get(name)
    if convert is None:
        return Unknown(f"type= {_describe(kind)} applied to the default")
    try:
        return convert(default)
    except ValueError:
        return Unknown(f"default {default!r} is not a valid {name}")


def _describe(kind):
    if isinstance(kind, (Function, ClassValue)):
        return kind.name
    return type(kind).__name__


def _set_defaults(interp, args, kwargs, node, parser):
    parser.defaults.update(kwargs)
    for action in parser.actions:
        if action.dest in kwargs:
            action.default = kwargs[action.dest]
    return None


def _parse(method):
    def run(interp, args, kwargs, node, parser):
        argv = args[0] if args else kwargs.get("args")
        namespace = args[1] if len(args) > 1 else kwargs.get("namespace")
        ns = _namespace(interp, parser, argv, namespace, node)
        if method.startswith("parse_known"):
            extras = [] if isinstance(ns, ArgsNamespace) and ns.cmdline is not None or \
                argv == [] else Unknown("arguments left over by parse_known_args()")
            return (ns, extras)
        return ns
    return run


def _namespace(interp, parser, argv, namespace, node):
    cmdline = interp.cmdline
    from_command_line = argv is None or isinstance(argv, (Unknown, External))
    if from_command_line:
        cmdline.consulted = True
    line = interp.line_of(node)
    if parser.why is not None or namespace is not None:
        return Unknown(f"command-line arguments ({parser.why or 'namespace='})", line)
    if isinstance(argv, list) and not from_command_line and _literal(interp, node):
        if argv:
            return Unknown("command-line arguments parsed from a list", line)
        return _defaults(interp, parser, None, node)  # parse_args([]): static
    if not cmdline.assume_defaults:
        interp.opaque_calls += 1  # argparse exits on arguments it refuses
        return _given(parser, line)
    if isinstance(argv, list) and argv:
        return Unknown("command-line arguments parsed from a list", line)
    return _defaults(interp, parser, cmdline, node)


def _literal(interp, node) -> bool:
    """The call's argument list is written in the source (`parse_args([])`), not read from
    sys.argv (which a run without arguments makes [] too)."""
    import libcst as cst
    first = node.args[0].value if isinstance(node, cst.Call) and node.args else None
    return isinstance(first, cst.List)


def _given(parser, line):
    """The namespace of a command line nnlint does not know: every value Unknown."""
    attrs = {}
    for action in parser.actions:
        if action.dest not in attrs:
            attrs[action.dest] = Unknown(
                f"command-line argument {action.name} (default {action.default!r} at line "
                f"{action.line})" if not action.required else
                f"command-line argument {action.name} (required)", line)
    for dest in parser.defaults:
        attrs.setdefault(dest, parser.defaults[dest])
    return ArgsNamespace(attrs)


def _defaults(interp, parser, cmdline, node):
    """What parse_args() gives without arguments, as argparse builds it."""
    attrs, origins = {}, {}
    for action in parser.actions:
        if action.dest in attrs:
            continue
        if action.required:
            if cmdline is None:  # parse_args([]) exits: a required argument is missing
                raise UserRaise(interp.line_of(node), "SystemExit")
            attrs[action.dest] = Unknown(f"required command-line argument {action.name}",
                                         interp.line_of(node))
            continue
        if action.why is not None:
            attrs[action.dest] = Unknown(f"{action.name}: {action.why}", action.line)
            continue
        attrs[action.dest] = action.default
        origins[action.dest] = DefaultUsed(action.name, action.default, action.line)
    for dest, value in parser.defaults.items():
        attrs.setdefault(dest, value)
    return ArgsNamespace(attrs, origins, cmdline)


# ------------------------------------------------------------------ reporting
def assume_defaults(models, rerun, cmdline) -> None:
    """Give each inexact model the count of a run without arguments, where that count is
    exact (`rerun`: the models of that run). The numbers of `models` stay what they are:
    lower bounds for any command line."""
    from nnlint.report import Diagnostic
    defaults = cmdline.defaults()
    if not defaults:
        return
    again = {m.name: m for m in rerun}
    for m in models:
        other = again.get(m.name)
        if m.exact or other is None or not other.exact or not _above(other, m):
            continue
        m.assuming_defaults = {
            "total_params": other.total_params,
            "trainable_params": other.trainable_params,
            "non_trainable_params": other.non_trainable_params,
            "defaults": [d.as_json() for d in defaults]}
        m.notes.append(Diagnostic(
            "NNL104", m.line, 0,
            f"run without command-line arguments, {m.name} has {other.total_params:,} "
            "parameters; defaults used: " + ", ".join(d.describe() for d in defaults),
            "info"))


def _above(exact, bound) -> bool:
    """The lower bound of any run holds for the run without arguments too."""
    return all(b is None or (e is not None and e >= b) for e, b in (
        (exact.total_params, bound.total_params),
        (exact.trainable_params, bound.trainable_params),
        (exact.non_trainable_params, bound.non_trainable_params)))
