"""Load exercise files as modules: the reference solutions, and a learner's file.

A file imports its siblings by bare name (``from euclidean_distance import
euclidean_distance``), or the way an IDE writes it, through its folder
(``from exercises.euclidean_distance import ...``). Loading the references
under both names, before a learner's file, makes either import find them.
"""
import importlib.util
import sys
import types
from contextlib import contextmanager

from .manifest import NAMES, SOLUTIONS_DIR

# the folders a learner's file may name its siblings through
PACKAGE_ALIASES = ("exercises", "solutions")


def load_references(solutions_dir=SOLUTIONS_DIR, names=NAMES):
    """Import every reference solution under its bare name and aliases; returns the functions.

    The modules stay in ``sys.modules``: call this in a worker, or inside
    :func:`restored_modules` to leave the caller's process as it was.
    No bytecode is written next to the solutions, which may be the folder
    being graded.
    """
    writing, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        modules = {name: import_file(name, solutions_dir / f"{name}.py") for name in names}
    finally:
        sys.dont_write_bytecode = writing
    for package in PACKAGE_ALIASES:
        for name, module in modules.items():
            alias(module, f"{package}.{name}")
    return {name: getattr(module, name) for name, module in modules.items()}


def import_file(name, path):
    """Import the file at ``path`` as the module ``name`` (replacing any before it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def alias(module, dotted_name):
    """Make ``import a.b`` find ``module`` as ``a.b``, creating the package ``a`` if needed."""
    package_name, _, attribute = dotted_name.rpartition(".")
    package = sys.modules.get(package_name)
    if package is None or not hasattr(package, "__path__"):
        package = types.ModuleType(package_name)
        package.__path__ = []  # a package with nothing on disk: only what is aliased
        sys.modules[package_name] = package
    sys.modules[dotted_name] = module
    setattr(package, attribute, module)


def module_names(names=NAMES):
    """Every name under which :func:`load_references` puts a module."""
    return {*names, *PACKAGE_ALIASES,
            *(f"{package}.{name}" for package in PACKAGE_ALIASES for name in names)}


@contextmanager
def restored_modules(names=NAMES):
    """Put back, on exit, the ``sys.modules`` entries of the exercise modules.

    The judge loads the references to compute what to expect; a caller of the
    API (a notebook, say) must not find them later under bare names such as
    ``compute_means`` when it imports the learner's own file. Only these names
    are restored: NumPy and pytest, once imported, stay imported.
    """
    watched = module_names(names)
    before = {name: sys.modules[name] for name in watched if name in sys.modules}
    try:
        yield
    finally:
        for name in watched:
            sys.modules.pop(name, None)
        sys.modules.update(before)


_loaded = {}


def reference_functions(solutions_dir=SOLUTIONS_DIR):
    """The reference functions by name, loaded once, leaving ``sys.modules`` as it was.

    The judge and the suites compute what to expect with these.
    """
    if solutions_dir not in _loaded:
        with restored_modules():
            _loaded[solutions_dir] = types.SimpleNamespace(**load_references(solutions_dir))
    return _loaded[solutions_dir]
