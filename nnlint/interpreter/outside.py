"""What nnlint knows of a name from outside the analysed code (an `External`).

`External("sys.platform")` stands for an object that lives in the process that will run the
code, not in nnlint's: its value depends on the platform, the interpreter, the command line
and the installed versions. nnlint knows only the *kind* of some outside names: a module bound
by an import statement, a framework class of the catalogue, a function nnlint implements.
Such an object equals nothing but itself, is true, and is never a plain value: those questions
are decided. Of every other outside name (`sys.platform`, `os.sep`, `sys.argv`,
`torch.__version__`, `somelib.FLAG`) nothing is known, so its comparisons, truth, dict lookups
and `hasattr` / `getattr(..., default)` are undecided.

One place decides this: `kind()`. The evaluator (`==`, `is`, `in`), `builtins.truth`,
`hasattr`, `getattr` and the dict lookups all ask it.
"""

from __future__ import annotations

import sys

from nnlint.interpreter.objects import ENUM_BASES, External
from nnlint.interpreter.runtime import frameworks
from nnlint.interpreter.stdlib import STDLIB_CONSTANTS

# torch.nn.functional and keras.activations hold functions, and a few data tables
# (torch.nn.functional.reproducibility_notes ...): only lower-case names not ending so
_NOT_FUNCTIONS = ("_notes",)
_TYPING = ("typing.", "typing_extensions.", "collections.abc.", "collections.")


def kind(ext: External) -> str | None:
    """"module", "class", "function", "object" (a dtype: nnlint.catalog.names), or None
    where what the name holds is not known."""
    if ext.kind is not None:
        return ext.kind
    from nnlint.interpreter.resolve import canonical, known_object
    q = canonical(ext.qualname)
    return _class_kind(q) or _function_kind(q) or ("object" if known_object(q) else None)


def known(ext: External) -> bool:
    return kind(ext) is not None


def _class_kind(q: str) -> str | None:
    if any(fw.knows_class(q) for fw in frameworks()):
        return "class"
    head, _, tail = q.rpartition(".")
    if head in ("torch.nn", "keras.layers") and tail[:1].isupper() and tail != "Input":
        return "class"  # every capitalised name there is a class (Input is a function)
    if q in ENUM_BASES or (head == "builtins" and tail[:1].isupper()) or \
            q in ("builtins.object", "builtins.staticmethod", "builtins.classmethod",
                  "builtins.property", "builtins.type"):
        return "class"
    return None


def _function_kind(q: str) -> str | None:
    from nnlint.interpreter.stdlib import stdlib_function
    head, _, tail = q.rpartition(".")
    if head in ("torch.nn.functional", "keras.activations", "keras.ops") and \
            tail[:1].islower() and not tail.endswith(_NOT_FUNCTIONS):
        return "function"
    if q == "keras.Input" or stdlib_function(q) is not None:
        return "function"
    return None


def same(a: External, b: External) -> bool | None:
    """Whether two outside names are one object: decided on the objects' own names where
    nnlint has facts (`torch.half` is `torch.float16`, see resolve.same_object), else
    distinct when both are of a known kind (each equals nothing but itself), else None."""
    from nnlint.interpreter.resolve import same_object
    decided = same_object(a.qualname, b.qualname)
    if decided is None and known(a) and known(b):
        return False
    return decided


def generic_alias(ext: External) -> bool:
    """`List[int]`, `Optional[nn.Module]`, `nn.ModuleList[Block]`: subscripting it gives
    a type for annotations, not an item of a value."""
    return ext.qualname.startswith(_TYPING) or kind(ext) == "class"


def undecided(value) -> External | None:
    """An outside name inside `value` whose equality with plain data is not known: a dict
    lookup or a set test with it as the key is undecided."""
    if isinstance(value, External):
        return None if known(value) else value
    if isinstance(value, (tuple, frozenset)):
        for v in value:
            found = undecided(v)
            if found is not None:
                return found
    return None


# ------------------------------------------------------------------ imports
# Packages whose import nnlint takes to succeed: the standard library and the frameworks
# (a file that uses torch is run where torch is installed) ...
_STDLIB = frozenset(sys.stdlib_module_names)
_FRAMEWORKS = frozenset({"torch", "keras", "tensorflow", "tf_keras", "numpy"})
# ... except the standard modules that exist only on some platforms or some Python versions
# (CPython's documentation, "Availability"; "What's New" for the removals): in
# `try: import winreg / except ImportError:` either branch may run.
_SOME_PLATFORMS = frozenset({
    # Windows only
    "winreg", "_winreg", "msvcrt", "winsound", "_winapi", "nt", "_overlapped", "_msi",
    "msilib", "_wmi", "_winxptheme",
    # Unix only
    "posix", "pwd", "grp", "fcntl", "termios", "tty", "pty", "resource", "syslog", "crypt",
    "_crypt", "spwd", "nis", "ossaudiodev", "_posixsubprocess", "_posixshmem", "readline",
    "curses", "_curses", "_curses_panel", "_dbm", "_gdbm", "dbm.gnu", "dbm.ndbm",
    "multiprocessing.popen_fork", "multiprocessing.popen_forkserver", "grp",
    # macOS only
    "_scproxy",
    # optional in a CPython build
    "_tkinter", "tkinter", "turtle", "turtledemo", "idlelib", "_ssl", "ssl", "_hashlib",
    "_sqlite3", "sqlite3", "_lzma", "lzma", "_bz2", "bz2", "_ctypes", "ctypes", "_uuid",
    "_decimal", "zlib", "_ctypes_test", "readline", "_curses",
})
_SOME_VERSIONS = frozenset({
    # removed in Python 3.12 / 3.13
    "distutils", "imp", "asynchat", "asyncore", "smtpd", "aifc", "audioop", "cgi", "cgitb",
    "chunk", "crypt", "imghdr", "mailcap", "msilib", "nis", "nntplib", "ossaudiodev",
    "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu", "xdrlib", "lib2to3",
    "tkinter.tix", "xml.etree.cElementTree", "_bootlocale", "binhex", "formatter", "parser",
    "symbol", "macpath", "dummy_threading", "_dummy_thread",
    # added in Python 3.9 and later
    "zoneinfo", "graphlib", "tomllib", "_interpreters", "_interpqueues", "_interpchannels",
    "_pylong", "_pyrepl", "_opcode_metadata", "_colorize", "annotationlib", "compression",
    "string.templatelib", "_suggestions", "_sysconfig", "_lsprof",
    "asyncio.taskgroups", "asyncio.timeouts", "importlib.resources.abc",
})


# names of always-present standard modules that exist only on some platforms or versions
_SOME_NAMES = {
    "os": {"O_BINARY", "O_NOINHERIT", "startfile", "add_dll_directory", "fork", "forkpty",
           "getuid", "geteuid", "getgid", "getegid", "getpgid", "setsid", "killpg", "uname",
           "sched_getaffinity", "sched_setaffinity", "getloadavg", "sync", "mkfifo", "pipe2",
           "posix_fadvise", "getpriority", "setpriority", "wait3", "wait4", "WNOHANG",
           "O_CLOEXEC", "O_NONBLOCK", "process_cpu_count", "memfd_create", "eventfd",
           "get_blocking", "set_blocking", "getppid", "openpty", "nice"},
    "signal": {"SIGKILL", "SIGALRM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE",
               "SIGQUIT", "SIGSTOP", "SIGCONT", "SIGTSTP", "CTRL_C_EVENT", "CTRL_BREAK_EVENT",
               "SIGBREAK", "alarm", "setitimer", "getitimer", "ITIMER_REAL", "pause",
               "siginterrupt", "pthread_kill", "pthread_sigmask", "sigwait"},
    "socket": {"AF_UNIX", "SO_REUSEPORT", "AF_PACKET", "AF_NETLINK", "SO_EXCLUSIVEADDRUSE"},
    "time": {"tzset", "clock_gettime", "clock_settime", "CLOCK_MONOTONIC_RAW",
             "pthread_getcpuclockid"},
    "sys": {"getwindowsversion", "winver", "dllhandle", "setdlopenflags", "getdlopenflags",
            "abiflags", "_is_gil_enabled", "activate_stack_trampoline", "monitoring"},
    "typing": {"Self", "LiteralString", "Never", "TypeVarTuple", "Unpack", "assert_never",
               "assert_type", "reveal_type", "dataclass_transform", "override", "TypeAliasType",
               "ReadOnly", "TypeIs", "NoDefault", "ParamSpec", "Concatenate", "TypeAlias",
               "TypeGuard", "is_typeddict", "NotRequired", "Required", "get_overloads",
               "clear_overloads"},
    "asyncio": {"TaskGroup", "timeout", "Runner", "Barrier", "to_thread"},
    "functools": {"cache", "cached_property", "singledispatchmethod"},
    "math": {"lcm", "nextafter", "ulp", "cbrt", "exp2", "sumprod", "fma", "isqrt", "comb",
             "perm", "dist", "prod"},
}


def import_name_may_fail(module: str, name: str) -> bool:
    """Whether `from module import name` may raise ImportError where the code runs."""
    return import_may_fail(module) or name in _SOME_NAMES.get(module, ())


def import_may_fail(dotted: str, level: int = 0) -> bool:
    """Whether `import dotted` may raise ImportError where the code runs: a relative or
    third-party import, or a standard module that exists only on some platforms or
    Python versions (winreg, fcntl, distutils, tomllib ...)."""
    if level:
        return True
    parts = (dotted or "").split(".")
    if parts[0] in _FRAMEWORKS:
        return False
    if parts[0] not in _STDLIB:
        return True
    return any(".".join(parts[:i]) in _SOME_PLATFORMS | _SOME_VERSIONS
               for i in range(1, len(parts) + 1))


# ----------------------------------------------------------------- attributes
_SIX_BUILTINS = {"six.moves.range": "range", "six.moves.xrange": "range",
                 "six.moves.zip": "zip", "six.moves.map": "map", "six.moves.filter": "filter"}


def outside_name(interp, qualname, node):
    """The value of a name from outside the analysed code: the few the standard library
    fixes (math.pi), the command line where a run is assumed (sys.argv), else External."""
    if qualname in STDLIB_CONSTANTS:
        return STDLIB_CONSTANTS[qualname]
    if qualname in _SIX_BUILTINS:  # six.moves on Python 3: the builtins themselves
        return interp.builtins[_SIX_BUILTINS[qualname]]
    if qualname == "sys.argv" and interp is not None:
        argv = interp.cmdline.sys_argv(interp, node)
        if argv is not None:
            return argv
    return External(qualname)
