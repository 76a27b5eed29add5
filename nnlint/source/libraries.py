"""Models from libraries: `torchvision.models.resnet50(num_classes=10)`,
`timm.create_model("resnet18")`, `keras.applications.ResNet50(weights=None)`,
`AutoModel.from_config(config)`.

The library's code runs on the analysed file's step budget, as the project's files do.

Where the library is installed in the environment nnlint runs in, its source is read
from there and evaluated as the project's own files are, with the call's arguments. It
is found without importing or running anything: `importlib.machinery.PathFinder` looks
for the top-level name over the search path (a folder, a file name: no code runs), and
nnlint walks the package's folders itself. Where the library is not installed, or its
code cannot be counted, the model is still reported, `exact: false`, with a note saying
which package to install where nnlint runs (pre-commit: `additional_dependencies`).

The search path is the running interpreter's `sys.path` without the standard library
and the current folder, or the folders in NNLINT_LIBRARY_PATH (os.pathsep-separated);
tests give a `Project(library_path=[...])`.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
from dataclasses import dataclass

from nnlint.interpreter.runtime import framework_named, model_kind
from nnlint.interpreter.values import Missing, Unknown, UserRaise


@dataclass(frozen=True)
class ModelLibrary:
    package: str  # the top-level import name
    install: str  # what to install where nnlint runs
    builds: str  # regular expression: the qualified names whose calls build a model


LIBRARIES = {lib.package: lib for lib in (
    ModelLibrary("torchvision", "torchvision",
                 r"torchvision\.models\.(?!.*(?:_Weights|Weights\b|list_models|"
                 r"get_model_weights|get_weight|get_model_builder|feature_extraction))"),
    ModelLibrary("timm", "timm", r"timm\.(create_model|models\.)"),
    ModelLibrary("transformers", "transformers",
                 r"transformers\.(\w*Model\w*|\w+For\w+)(\.from_config|\.from_pretrained)?$"),
    ModelLibrary("segmentation_models_pytorch", "segmentation-models-pytorch",
                 r"segmentation_models_pytorch\.[A-Z]\w*$|segmentation_models_pytorch\."
                 r"create_model$"),
    ModelLibrary("keras", "keras", r"keras\.(src\.)?applications\."),
)}
# the part of a framework's own package that is library code, read as such
_ZOO_OF_FRAMEWORK = re.compile(r"keras\.(src\.)?applications(\.|$)")


def library_of(qualname: str):
    """The ModelLibrary whose model builder `qualname` names, or None."""
    lib = LIBRARIES.get(qualname.split(".", 1)[0])
    if lib is None or not re.match(lib.builds, qualname):
        return None
    return lib


def read_as_library(dotted: str) -> bool:
    """Whether a framework module is read from the installed package's files (its model
    zoo) rather than known through the catalogue."""
    return bool(_ZOO_OF_FRAMEWORK.match(dotted))


# ---------------------------------------------------------------- finding files
def default_search_path() -> list:
    env = os.environ.get("NNLINT_LIBRARY_PATH")
    if env is not None:
        return [p for p in env.split(os.pathsep) if p]
    paths = sysconfig.get_paths()
    stdlib = {os.path.realpath(paths[k]) for k in ("stdlib", "platstdlib") if k in paths}
    out = []
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        real = os.path.realpath(entry)
        if real in stdlib or real == os.path.realpath(os.getcwd()) or \
                os.path.basename(real) == "lib-dynload":
            continue
        out.append(entry)
    return out


def find_top(package: str, search_path):
    """PathFinder's spec for a top-level name (it reads folder listings, never runs
    code), or None where it is not installed."""
    from importlib.machinery import PathFinder
    try:
        return PathFinder.find_spec(package, list(search_path))
    except (ImportError, ValueError, OSError):
        return None


def find_module_file(dotted: str, search_path, exists=os.path.isfile):
    """The source file of module `dotted` in the search path, or None. Only the top-level
    name is looked up by PathFinder; nnlint walks the package's folders itself."""
    parts = dotted.split(".")
    spec = find_top(parts[0], search_path)
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or ())
    if not folders:
        origin = spec.origin
        return origin if len(parts) == 1 and origin and origin.endswith(".py") else None
    for folder in folders:
        found = _file_under(folder, parts[1:], exists)
        if found is not None:
            return found
    return None


def _file_under(base, parts, exists):
    path = os.path.join(base, *parts)
    init = os.path.join(path, "__init__.py")
    if exists(init):
        return init
    if parts and exists(path + ".py"):
        return path + ".py"
    return None


# ---------------------------------------------------------------- calling
def call_library(interp, lib, qualname, args, kwargs, node):
    """`torchvision.models.resnet50(...)`: the model the installed library's code builds,
    or a model reported inexact that says why it could not be counted."""
    from nnlint.interpreter.objects import ModuleObject
    project = interp.project
    module_name, _, attr = qualname.rpartition(".")
    if project is None or not project.library_path or \
            _find_package(lib.package, project) is None:
        return unread_model(interp, lib, qualname, node,
                            f"{lib.package} is not installed where nnlint runs: install it "
                            f"there (pip install {lib.install}; pre-commit: "
                            f"additional_dependencies) to count its models")
    try:
        target = _resolve(interp, project, module_name, attr)
        if target is None:
            return unread_model(interp, lib, qualname, node,
                                f"{qualname} was not found in the installed {lib.package}")
        result = interp.call(target, args, kwargs, node)
    except RecursionError:
        result = Unknown(f"{qualname}() is nested too deeply to follow")
    except UserRaise as exc:
        # nnlint's reading of a library is bounded (a registry it did not fill looks
        # empty): a raise there says nnlint could not follow it, not that Python raises
        result = Unknown(f"{qualname}() raised {exc.kind or 'an exception'} as nnlint "
                         "followed it")
    if model_kind(result) is None and not isinstance(result, ModuleObject):
        why = result.reason if isinstance(result, Unknown) else "it gave no model"
        return unread_model(interp, lib, qualname, node,
                            f"{qualname}() from the installed {lib.package} could not be "
                            f"counted ({why})")
    return result


def _find_package(package, project):
    return find_top(package, project.library_path)  # a namespace package has no file


def _resolve(interp, project, module_name, attr):
    """The object `module_name.attr` names, reading modules from the library: the longest
    prefix that is a module, then attributes."""
    parts = module_name.split(".")
    for cut in range(len(parts), 0, -1):
        mod = project.load_library_module(".".join(parts[:cut]), interp)
        if mod is None:
            continue
        value = mod
        for name in parts[cut:] + [attr]:
            value = interp.getattr(value, name)
            if isinstance(value, (Unknown, Missing)):
                return None
        return value
    return None


def unread_model(interp, lib, qualname, node, why):
    """A model nnlint knows exists but cannot count: reported, exact false, with why (its
    size is the Unknown that says so)."""
    size = Unknown(why, interp.line_of(node))
    fw = framework_named("keras" if lib.package == "keras" else "torch")
    return fw.unread_model(interp, qualname, size, node)
