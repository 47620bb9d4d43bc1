"""Get ``python grader.py`` ready to grade, before any other part of the engine is imported.

grader.py calls this module first, for two reasons:

* The kata folder is ``sys.path[0]`` when a learner runs ``python grader.py``, so a
  ``numpy.py``, ``random.py`` or ``json/`` package left there would be imported in
  place of the real module, with a baffling traceback somewhere deep in NumPy or
  pytest. :func:`check_no_shadowing` stops first, with one line that names the file.
* A fresh clone has no dependencies. :func:`ensure_environment` runs the grader
  again inside the kata's own ``.venv``, setting it up first when there is none, so a
  learner never installs or activates anything. An interpreter that already has the
  dependencies (an activated venv, a conda environment, CI's venv) is used as it is.

Errors are raised as :class:`BootstrapError`: ``str(error)`` is the one line to print
on stderr and ``error.exit_code`` the exit status (2, or 130 for Ctrl-C). No function
here calls ``sys.exit`` except :func:`prepare`, which does every check in order and
turns an error into its line and ``SystemExit``, and the re-execution on Windows,
which ends with the re-run's exit status. A problem with the learner's set-up never
shows a traceback.

Standard library only, as nothing else is known to be importable yet. Only ``os`` and
``sys``, which Python imports before it puts the kata folder on ``sys.path``, are
imported at the top: every other import waits until :func:`check_no_shadowing` has
passed, or a learner's ``types.py`` or ``re.py`` would run in place of the module that
``pathlib`` needs. For the same reason there is no ``from __future__`` import, and the
annotations are strings. The syntax stays that of Python 3.6, so that an older Python
gets :func:`check_python_version`'s message instead of a syntax error.
"""
import os
import sys

PROG = "grader.py"
MINIMUM_PYTHON = (3, 10)
VENV = ".venv"
# Outside .venv, so that it survives the removal of a .venv whose set-up failed.
SETUP_LOG = ".venv-setup.log"
# Written into .venv before it is created and removed once pip has succeeded, so a
# .venv whose set-up was killed half-way is known to be ours and unfinished.
IN_PROGRESS = "kata-setup-in-progress"
# Set before running the grader again inside .venv; a run that finds it knows it is
# the second hop and must not hop again.
REEXEC_MARKER = "KATA_BOOTSTRAPPED"

# The import name and pip name of each dependency in pyproject.toml, in its order.
REQUIREMENTS = {"numpy": "numpy", "sklearn": "scikit-learn", "pytest": "pytest",
                "pytest_timeout": "pytest-timeout"}

# Top-level modules of the dependencies and of theirs, which the grader imports
# directly or indirectly. py: pytest's shim module. exceptiongroup, tomli: pytest's
# on Python 3.10. colorama: pytest's on Windows. narwhals, cloudpickle: scikit-learn's
# and joblib's.
DEPENDENCY_MODULES = frozenset({
    "numpy", "sklearn", "scipy", "joblib", "threadpoolctl", "narwhals", "cloudpickle",
    "pytest", "_pytest", "py", "pytest_timeout", "pluggy", "iniconfig", "packaging",
    "pygments", "exceptiongroup", "tomli", "colorama",
    # the optional extras: the demo's pictures and the notebook
    "matplotlib", "PIL", "nbclient", "ipykernel", "jupyter_client",
})
# Standard modules that no library imports, so a file named like one hides nothing.
NEVER_IMPORTED = frozenset({"this", "antigravity", "idlelib", "turtledemo"})


class BootstrapError(Exception):
    """Grading cannot start.

    Parameters
    ----------
    line : str
        The whole message, one line starting with ``grader.py:``, to print on stderr.
    exit_code : int
        The exit status: 2 for a problem of set-up, 130 after Ctrl-C.
    """

    def __init__(self, line, exit_code=2):
        super().__init__(line)
        self.exit_code = exit_code


def prepare(root, args=None):
    """Make this process ready to grade, or end it with one line on stderr.

    Checks the Python version, then that nothing in the kata folder hides a module
    (:func:`check_no_shadowing`), then the dependencies (:func:`ensure_environment`,
    which may run the grader again inside ``.venv`` and never return).

    Parameters
    ----------
    root : str or os.PathLike
        The kata folder, the one that holds grader.py.
    args : list of str, optional
        The grader's arguments (default ``sys.argv[1:]``), read only for ``--no-setup``.

    Raises
    ------
    SystemExit
        With :class:`BootstrapError`'s exit status, after printing its line.
    """
    args = sys.argv[1:] if args is None else args
    try:
        check_python_version()
        check_no_shadowing(root)
        ensure_environment(root, no_setup=wants_no_setup(args))
    except BootstrapError as error:
        print(error, file=sys.stderr)
        raise SystemExit(error.exit_code) from None


def wants_no_setup(args):
    """Whether ``--no-setup`` is among the options in ``args`` (not after ``--``)."""
    options = args[:args.index("--")] if "--" in args else args
    return "--no-setup" in options


def check_python_version(version_info=sys.version_info):
    """Raise :class:`BootstrapError` if this Python is older than the kata supports."""
    if tuple(version_info[:2]) < MINIMUM_PYTHON:
        needed = ".".join(map(str, MINIMUM_PYTHON))
        found = ".".join(map(str, version_info[:3]))
        raise BootstrapError(f"{PROG}: error: the kata needs Python {needed} or newer, and "
                             f"{sys.executable or 'this'} is Python {found}; run {PROG} "
                             f"with a newer Python")


# -- Files that hide a module -------------------------------------------------------


def find_shadowing_files(root) -> "list[Path]":
    """The files and folders in the kata folder that an import would take for a module
    the grader needs.

    A module the grader needs is a top-level module of a dependency
    (:data:`DEPENDENCY_MODULES`), or any standard module but those built into the
    interpreter (which cannot be hidden) and :data:`NEVER_IMPORTED`. What hides it is
    what Python's import system would find first in ``root``: a module file
    (``numpy.py``, ``numpy.pyc``, an extension module) or a regular package (a folder
    with an ``__init__`` module). A folder without one, such as a ``csv/`` or ``json/``
    folder of data files, hides nothing: such namespace packages rank after every real
    module. Hidden entries (``.venv``) and the project's own files (grader.py,
    ``kata/``, ``tests/``, ``exercises/``...) are named like no such module, and a
    project test keeps it so: a project file that did hide a module would hide it
    all the same, so it is not excused by name.

    Parameters
    ----------
    root : str or os.PathLike
        The kata folder.

    Returns
    -------
    list of pathlib.Path
        ``root / name`` of each entry, sorted by name.

    Notes
    -----
    This imports :mod:`pathlib`, which a stray ``types.py`` or ``re.py`` on
    ``sys.path`` would hijack; grader.py calls :func:`check_no_shadowing`, which
    imports nothing.
    """
    from pathlib import Path

    return [Path(root, name) for name, _ in shadowing_entries(root)]


def check_no_shadowing(root):
    """Raise :class:`BootstrapError` naming every entry of ``root`` that hides a module.

    The line reads, for instance, ``grader.py: error: numpy.py in the kata folder
    hides the module numpy that the grader needs; rename it and run again``. See
    :func:`find_shadowing_files` for what counts. Imports nothing, so that it is safe
    to call while the kata folder is ``sys.path[0]``.
    """
    entries = shadowing_entries(root)
    if not entries:
        return
    # shown_path drops a folder's trailing "/", which tells a folder from a file
    shown = [shown_path(os.path.join(root, name)) + name[len(name.rstrip("/")):]
             for name, _ in entries]
    modules = [module for _, module in entries]
    if len(entries) == 1:
        hides = f"hides the module {modules[0]}"
        rename = "rename it"
    else:
        hides = f"hide the modules {join_words(modules)}"
        rename = "rename them"
    raise BootstrapError(f"{PROG}: error: {join_words(shown)} in the kata folder {hides} "
                         f"that the grader needs; {rename} and run again")


def shadowing_entries(root):
    """``(entry name, module name)`` of each hiding entry in ``root``, sorted.

    A folder's entry name ends with ``/``. Uses only ``os`` and ``sys``.
    """
    protected = protected_modules()
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            module = module_name_of(entry)
            if module in protected:
                found.append((entry.name + "/" if entry.is_dir() else entry.name, module))
    return sorted(found)


def protected_modules():
    """The names of the modules the grader needs (see :func:`find_shadowing_files`)."""
    standard = set(sys.stdlib_module_names) - set(sys.builtin_module_names) - NEVER_IMPORTED
    return standard | DEPENDENCY_MODULES


def module_name_of(entry):
    """The module an ``os.DirEntry`` provides to ``import``, or None if it provides none.

    Hidden entries (``.venv``, ``.git``) need no rule: no module name starts with a dot.
    """
    if entry.is_dir():
        return entry.name if is_regular_package(entry.path) else None
    for suffix in module_suffixes():
        if entry.name.endswith(suffix):
            return entry.name[:-len(suffix)]
    return None


def is_regular_package(folder):
    """Whether ``folder`` has an ``__init__`` module, as a package that outranks others needs."""
    return any(os.path.isfile(os.path.join(folder, "__init__" + suffix))
               for suffix in module_suffixes())


def module_suffixes():
    """The file name endings the import system loads from a folder, longest first."""
    import _imp  # built in, so it cannot be hidden; importlib.machinery would import warnings

    sources = [".py", ".pyw"] if os.name == "nt" else [".py"]
    return sorted(sources + [".pyc"] + _imp.extension_suffixes(), key=len, reverse=True)


# -- The dependencies and .venv -----------------------------------------------------


def ensure_environment(root, argv=None, no_setup=False):
    """Return once this interpreter can import the dependencies, or run the grader again
    in one that can.

    Call :func:`check_no_shadowing` first: this imports standard modules.

    * The dependencies importable (``importlib.util.find_spec``, which imports nothing):
      return at once. This is the common path: four look-ups.
    * Otherwise, unless ``no_setup``, make sure ``root/.venv`` is there: when it is
      missing, or half made by a set-up that was killed, print one line saying that
      ``.venv`` is being set up and how long it takes, create it with :mod:`venv` and
      ``python -m pip install root``, pip's output going to ``root/.venv-setup.log``.
      A failed set-up removes ``.venv``; a ``.venv`` made by someone else is never
      removed. A lock on the log makes a second grader.py started meanwhile wait
      (POSIX only).
    * Then run the same command line again with ``.venv``'s python: ``os.execv`` on
      POSIX, so this call never returns; on Windows a child process, whose exit status
      this process exits with. ``no_setup`` does not prevent this: using a ``.venv``
      that is there sets nothing up.
    * Running inside ``.venv`` and still lacking a dependency (a ``.venv`` made by hand
      without ``pip install .``, or an install that was interrupted): unless
      ``no_setup``, install into it with pip, then return.

    Parameters
    ----------
    root : str or os.PathLike
        The kata folder, which holds pyproject.toml.
    argv : list of str, optional
        The command line to run again, without the interpreter; by default
        ``sys.orig_argv[1:]``, so interpreter options, ``-m`` and ``-c`` carry over.
    no_setup : bool
        Never create ``.venv`` nor install anything (``grader.py --no-setup``).

    Raises
    ------
    BootstrapError
        With one line naming the missing packages and the command that installs them,
        when they are missing and ``no_setup`` is set, or the set-up failed, or
        ``.venv`` is broken, or the grader already ran again inside ``.venv`` and still
        lacks them (so it never runs itself again in a loop). Exit status 130 after
        Ctrl-C.
    """
    missing = missing_requirements()
    if not missing:
        # One hop only: the grader's own children, such as a nested grader.py in
        # the project's tests, start afresh.
        os.environ.pop(REEXEC_MARKER, None)
        return
    try:
        make_dependencies_available(os.path.abspath(root), argv, no_setup, missing)
    except KeyboardInterrupt:
        raise BootstrapError(f"{PROG}: interrupted while setting up {VENV}; run again to "
                             f"set it up", exit_code=130) from None


def missing_requirements():
    """The pip names of the dependencies this interpreter cannot import, in order.

    A namespace package (a folder without ``__init__``, with no origin) does not count:
    it is what ``find_spec`` reports for a bare ``sklearn/`` folder somewhere on
    ``sys.path`` when scikit-learn itself is missing.
    """
    import importlib.util

    missing = []
    for module, distribution in REQUIREMENTS.items():
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            missing.append(distribution)
    return missing


def make_dependencies_available(root, argv, no_setup, missing):
    """The work of :func:`ensure_environment` once a dependency is known to be missing."""
    venv = os.path.join(root, VENV)
    if is_running_in(venv):
        install_into_this_venv(root, venv, missing, no_setup)
        return
    if os.environ.get(REEXEC_MARKER) == "1":
        # We were started as .venv's python, yet sys.prefix is not .venv: running
        # again would start this same interpreter, forever.
        raise broken_venv_error(missing, root, f"{shown_path(venv_python(venv))} "
                                               f"does not run inside it")
    if not is_usable(venv):
        if no_setup:
            raise missing_error(missing, root, no_setup=True)
        set_up_venv_unless_there(root, venv, missing)
    if not os.path.exists(venv_python(venv)):
        raise broken_venv_error(missing, root, f"it has no {shown_path(venv_python(venv))}")
    run_again_with(venv_python(venv), sys.orig_argv[1:] if argv is None else argv)


def is_usable(venv):
    """Whether ``venv`` is a finished virtual environment with a python."""
    return not is_half_made(venv) and os.path.exists(venv_python(venv))


def is_half_made(venv):
    """Whether ``venv`` is ours and its set-up never finished."""
    return os.path.exists(os.path.join(venv, IN_PROGRESS))


def is_running_in(venv):
    """Whether this interpreter is ``venv``'s."""
    return same_path(sys.prefix, venv)


def venv_python(venv):
    """The python executable of the virtual environment ``venv``."""
    if os.name == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    # Not resolved: .venv/bin/python is a symlink, and running its target would
    # start the base interpreter, outside .venv.
    return os.path.join(venv, "bin", "python")


def set_up_venv_unless_there(root, venv, missing):
    """Create ``venv`` and install the kata into it, unless a finished one is there.

    A half-made ``venv`` is removed first. The work happens under the lock on the set-up
    log, so grader.py started twice at once sets ``.venv`` up once: the second waits,
    then finds it finished.
    """
    import shutil

    with open_setup_log(root, missing) as log:
        wait_for_lock(log)
        if is_half_made(venv):
            shutil.rmtree(venv, ignore_errors=True)
        if os.path.lexists(venv):
            if is_half_made(venv):
                raise missing_error(missing, root, f"the half-made {VENV} could not be "
                                                   f"removed; delete it and run again")
            return
        start_log(log, f"setting up {VENV} with {join_words(REQUIREMENTS.values())}")
        create_and_install(root, venv, log, missing)


def create_and_install(root, venv, log, missing):
    """Create ``venv`` with pip and ``pip install root`` into it; remove it on any failure."""
    import shutil

    try:
        os.mkdir(venv)
        with open(os.path.join(venv, IN_PROGRESS), "w"):
            pass
        # cwd is the new venv, where no file can hide a module from `python -m`.
        if not run_logged([sys.executable, "-m", "venv", venv], log, cwd=venv):
            raise missing_error(missing, root, f"{VENV} could not be created (see "
                                               f"{shown_path(log.name)})")
        if not run_logged(pip_install(venv_python(venv), root), log, cwd=venv):
            raise missing_error(missing, root, f"pip could not install {them(missing)} into "
                                               f"{VENV} (no network? see {shown_path(log.name)})")
        os.remove(os.path.join(venv, IN_PROGRESS))
    except OSError as error:
        shutil.rmtree(venv, ignore_errors=True)
        raise missing_error(missing, root, f"{VENV} could not be created ({error})") from None
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise


def install_into_this_venv(root, venv, missing, no_setup):
    """``pip install root`` with this interpreter, which is ``venv``'s, then check again."""
    import importlib

    if no_setup:
        raise missing_error(missing, root, no_setup=True)
    with open_setup_log(root, missing) as log:
        wait_for_lock(log)
        importlib.invalidate_caches()  # another grader.py may have installed them meanwhile
        missing = missing_requirements()
        if not missing:
            return
        start_log(log, f"installing {join_words(REQUIREMENTS.values())} into {VENV}")
        installed = run_logged(pip_install(sys.executable, root), log, cwd=venv)
    if not installed:
        raise missing_error(missing, root, f"pip could not install {them(missing)} into "
                                           f"{VENV} (see {shown_path(log.name)})")
    # so that find_spec sees the new site-packages entries even where the folder's
    # modification time, which the import system's cache goes by, is coarse
    importlib.invalidate_caches()
    still_missing = missing_requirements()
    if still_missing:
        raise missing_error(still_missing, root, f"pip installed {them(still_missing)} but "
                                                 f"this python cannot import "
                                                 f"{them(still_missing)} (see "
                                                 f"{shown_path(log.name)})")


def pip_install(python, root):
    """The command that installs the kata's dependencies with ``python``'s pip."""
    return [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
            "--progress-bar", "off", root]


def open_setup_log(root, missing):
    """The set-up log, open for appending (truncated only by whoever then sets up)."""
    path = os.path.join(root, SETUP_LOG)
    try:
        return open(path, "a", encoding="utf-8")
    except OSError as error:
        raise missing_error(missing, root, f"{shown_path(path)} cannot be written "
                                           f"({error.strerror})") from None


def wait_for_lock(log):
    """Take the lock on the set-up log, waiting while another grader.py holds it.

    The lock goes with the file when it is closed. The log is left as it is: the
    grader.py that waited may find nothing left to do and its log worth reading.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no lock; two first runs at once are left to chance
        fcntl = None
    if fcntl is not None:
        try:
            fcntl.flock(log.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notice(f"waiting for another {PROG} to finish setting up {VENV}")
            fcntl.flock(log.fileno(), fcntl.LOCK_EX)


def start_log(log, text):
    """Start the set-up log afresh, and say on stderr what is being done and where it logs."""
    log.truncate(0)
    notice(f"{text} (about a minute, once; log: {shown_path(log.name)})")


def run_logged(command, log, cwd):
    """Run ``command`` with its output appended to ``log``; whether it succeeded."""
    import subprocess

    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    try:
        result = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT)
    except OSError as error:
        log.write(f"{error}\n")
        return False
    log.write(f"(exit status {result.returncode})\n")
    log.flush()
    return result.returncode == 0


def run_again_with(python, argv):
    """Run ``python argv...`` in place of this process; never returns.

    Sets :data:`REEXEC_MARKER` so that the new process does not do the same again.
    """
    command = [python, *argv]
    sys.stdout.flush()  # exec discards what is still in Python's buffers
    sys.stderr.flush()
    os.environ[REEXEC_MARKER] = "1"
    if os.name == "nt":
        # On Windows exec starts a new process and returns to the shell at once,
        # which then prints its prompt over the report.
        run_and_exit(command)
    try:
        os.execv(python, command)
    except OSError as error:
        raise BootstrapError(f"{PROG}: error: {shown_path(python)} cannot be run "
                             f"({error.strerror}); delete the {VENV} folder and run again "
                             f"to set it up afresh") from None


def run_and_exit(command):
    """Run ``command`` and exit with its exit status."""
    import subprocess

    process = subprocess.Popen(command)
    while True:
        try:
            sys.exit(process.wait())
        except KeyboardInterrupt:
            continue  # the child got the Ctrl-C too, and says how it ends


# -- Messages -----------------------------------------------------------------------


def missing_error(missing, root, reason=None, no_setup=False):
    """The error for missing dependencies: which ones, why, and the command that installs
    them into this interpreter.
    """
    verb = "is" if len(missing) == 1 else "are"
    line = f"{PROG}: error: {join_words(missing)} {verb} missing"
    if reason:
        line += f" and {reason}"
    line += f"; install the kata's dependencies with: {install_command(root)}"
    if no_setup:
        line += f"  (or run {PROG} without --no-setup to set up {VENV})"
    return BootstrapError(line)


def broken_venv_error(missing, root, why):
    """The error for a ``.venv`` that is not ours to repair or remove."""
    venv = shown_path(os.path.join(root, VENV))
    return missing_error(missing, root, f"{venv} is broken: {why}; delete the {VENV} folder "
                                        f"and run again to set it up afresh")


def install_command(root, extra=None):
    """``python3 -m pip install .``, or with an optional extra ``'.[plot]'``, as the learner
    would type it here."""
    interpreter = (sys.orig_argv[:1] or [sys.executable])[0]
    if os.path.isabs(interpreter):
        interpreter = as_path_argument(shown_path(interpreter))
    target = as_path_argument(shown_path(root)) + (f"[{extra}]" if extra else "")
    return f"{quoted(interpreter)} -m pip install {quoted(target)}"


def as_path_argument(path):
    """``path``, written so that a shell and pip read it as a path: ``./kata``, not
    ``kata``, which the shell would look up on PATH and pip on PyPI."""
    if os.path.isabs(path) or path in (os.curdir, os.pardir) or os.sep in path:
        return path
    return os.path.join(os.curdir, path)


def shown_path(path):
    """``path`` as the learner would type it from the current folder."""
    path = os.path.abspath(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive, on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def quoted(word):
    """``word`` quoted for the shell, when it needs it."""
    if os.name == "nt":
        return f'"{word}"' if " " in word else word
    import shlex

    return shlex.quote(word)


def same_path(first, second):
    """Whether two paths name the same place, through symlinks and case rules."""
    return (os.path.normcase(os.path.realpath(first))
            == os.path.normcase(os.path.realpath(second)))


def join_words(words):
    """``a``, ``a and b``, ``a, b and c``."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def them(missing):
    return "it" if len(missing) == 1 else "them"


def notice(text):
    """One line of news on stderr, shown before a long wait."""
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)
