"""kata/bootstrap.py: what grader.py checks before it imports anything else.

A stray module in the kata folder stops the grader with one line, and a fresh clone
grades with no set-up step: a python without the dependencies runs the grader again
inside the kata's ``.venv``, setting it up first when there is none.

Most tests run a tiny grader.py, which calls ``bootstrap.prepare`` and then prints
"GRADING" and what it runs in, in a kata folder of its own under ``tmp_path``, with
a python made for the test: a venv without pip (made in a tenth of a second) that
lacks the dependencies, or one given them as links to those of the python running the
tests. No test downloads anything: pip runs with ``PIP_NO_INDEX``, so a real install
fails at once, as without a network, and a fake pip on ``PYTHONPATH`` stands in for a
successful one. Only two tests create a venv with pip, as the grader does (3 s each).
"""
import ast
import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from kata import bootstrap

ROOT = Path(__file__).resolve().parents[1]
ALL_MISSING = "numpy, scikit-learn, pytest and pytest-timeout are missing"
SETTING_UP = ("grader.py: setting up .venv with numpy, scikit-learn, pytest and pytest-timeout "
              "(about a minute, once; log: .venv-setup.log)")
LEARNER_FILE = 'print("LEARNER CODE RAN")\nraise SystemExit(3)\n'

GRADER = '''\
"""grader.py cut down to its start: the checks, then "grading"."""
import os
import sys

ROOT = os.path.dirname(os.path.abspath(__file__))
from kata import bootstrap

bootstrap.prepare(ROOT)

import json

print("GRADING", json.dumps({
    "prefix": sys.prefix,
    "args": sys.argv[1:],
    "marker": os.environ.get(bootstrap.REEXEC_MARKER),
    "no_bytecode_flag": sys.flags.dont_write_bytecode,
    "imported": sorted({"numpy", "sklearn", "pytest", "venv"} & set(sys.modules)),
}))
'''

# What a pip install does, offline: link the dependencies of the python running the
# tests into the site-packages of the python that runs this, all but pip itself. Used
# as the fake pip's __main__.py, and by make_venv_with_dependencies.
INSTALL = f'''\
import os, sys, sysconfig
site_packages = sysconfig.get_path("purelib")
for folder in {sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})!r}:
    for name in os.listdir(folder):
        if name.endswith(".pth") or name == "pip" or name.startswith(("pip-", "__pycache__")):
            continue
        if not os.path.lexists(os.path.join(site_packages, name)):
            os.symlink(os.path.join(folder, name), os.path.join(site_packages, name))
print("fake pip installed", sys.argv[1:])
'''

posix_only = pytest.mark.skipif(os.name == "nt", reason="symlinks and shell scripts")


# -- Helpers ------------------------------------------------------------------------


def venv_python(venv):
    return Path(bootstrap.venv_python(str(venv)))


def make_venv(path):
    """A virtual environment at ``path`` with nothing installed, not even pip."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    return venv_python(path)


def site_packages(python):
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return Path(subprocess.run([str(python), "-c", code], capture_output=True, text=True,
                               check=True).stdout.strip())


def install_dependencies(python):
    """Make the dependencies importable by ``python``, as ``pip install .`` would."""
    subprocess.run([str(python), "-c", INSTALL], check=True, capture_output=True)


def make_venv_with_dependencies(path):
    """A virtual environment at ``path`` with the dependencies installed."""
    python = make_venv(path)
    install_dependencies(python)
    return python


@pytest.fixture
def fake_pip(tmp_path):
    """A folder for PYTHONPATH with a pip that "installs" offline and succeeds."""
    pip = tmp_path / "fake_pip" / "pip"
    pip.mkdir(parents=True)
    (pip / "__init__.py").write_text("")
    (pip / "__main__.py").write_text(INSTALL)
    return pip.parent


@pytest.fixture
def venv_without_pip(tmp_path):
    """A folder for PYTHONPATH whose venv module makes venvs without pip: in a tenth of the time.

    For tests where pip is faked anyway; one test still creates a venv with pip.
    """
    shim = tmp_path / "venv_without_pip"
    shim.mkdir()
    (shim / "venv.py").write_text(
        "import subprocess, sys\n"
        "# -I: the real venv module, not this one on PYTHONPATH\n"
        "sys.exit(subprocess.run([sys.executable, '-I', '-m', 'venv', '--without-pip',"
        " *sys.argv[1:]]).returncode)\n")
    return shim


def grader_environment(**environment):
    """The environment of a learner's shell, plus ``environment``."""
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", bootstrap.REEXEC_MARKER))}
    # never download: the only install a test starts must fail, as without a network
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.update(environment)
    return env


def grader_command(python, root, *args, python_options=()):
    return [str(python), *python_options, str(root / "grader.py"), *args]


def run_grader(python, root, *args, python_options=(), **environment):
    """Run ``python root/grader.py ARGS`` from ``root``, as a learner would."""
    return subprocess.run(grader_command(python, root, *args, python_options=python_options),
                          cwd=root, env=grader_environment(**environment), capture_output=True,
                          text=True, timeout=60)


def graded(result):
    """What grader.py ran in, once the checks let it grade."""
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if line.startswith("GRADING ")]
    return json.loads(line.removeprefix("GRADING "))


def error_lines(result):
    """stderr of a run that stopped before grading, with exit status 2 and no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def same(first, second):
    return os.path.samefile(first, second)


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A python without the kata's dependencies, as on a fresh machine."""
    python = make_venv(tmp_path_factory.mktemp("bare") / "venv")
    assert subprocess.run([str(python), "-c", "import numpy"], capture_output=True).returncode != 0
    return python


@pytest.fixture
def kata_root(tmp_path):
    """A kata folder (with a space in its path) holding grader.py, kata/bootstrap.py and
    pyproject.toml."""
    root = tmp_path / "my kata"
    (root / "kata").mkdir(parents=True)
    shutil.copy(ROOT / "kata" / "bootstrap.py", root / "kata")
    shutil.copy(ROOT / "pyproject.toml", root)
    (root / "grader.py").write_text(GRADER)
    return root


# -- Files that hide a module -------------------------------------------------------


def test_module_files_and_packages_named_like_needed_modules_are_found(tmp_path):
    hiding = ["numpy.py", "random.py", "types.py", "pytest.pyc", f"scipy{EXTENSION_SUFFIXES[0]}",
              "json/__init__.py", "_pytest/__init__.py", "email/__init__.py"]
    harmless = [
        "helpers.py", "notes.txt", "numpy.txt", "grader.py", "kata/bootstrap.py",
        "exercises/random.py",  # only the kata folder itself is sys.path[0]
        "csv/points.csv",       # a folder without __init__ hides nothing
        "sys.py",               # built into the interpreter: cannot be hidden
        "this.py",              # imported by no library
        ".venv/bin/python",     # hidden
    ]
    for name in hiding + harmless:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    expected = sorted(tmp_path / name.split("/")[0] for name in hiding)
    assert sorted(bootstrap.find_shadowing_files(tmp_path)) == expected


def test_the_kata_itself_hides_no_module():
    assert bootstrap.find_shadowing_files(ROOT) == []


@pytest.mark.parametrize("name, shown, module", [
    ("numpy.py", "numpy.py", "numpy"),
    ("random.py", "random.py", "random"),
    ("pytest.py", "pytest.py", "pytest"),
    ("json/__init__.py", "json/", "json"),
    # imported by pathlib and subprocess: the check must run before they are
    ("types.py", "types.py", "types"),
    ("re.py", "re.py", "re"),
])
def test_a_stray_module_stops_the_grader_with_one_line(kata_root, name, shown, module):
    (kata_root / name).parent.mkdir(exist_ok=True)
    (kata_root / name).write_text(LEARNER_FILE)
    result = run_grader(sys.executable, kata_root)
    assert error_lines(result) == [f"grader.py: error: {shown} in the kata folder hides the module "
                                   f"{module} that the grader needs; rename it and run again"]


def test_several_stray_modules_are_named_in_one_line(kata_root):
    for name in ("numpy.py", "random.py", "json/__init__.py"):
        (kata_root / name).parent.mkdir(exist_ok=True)
        (kata_root / name).write_text(LEARNER_FILE)
    result = run_grader(sys.executable, kata_root)
    assert error_lines(result) == [
        "grader.py: error: json/, numpy.py and random.py in the kata folder hide the modules "
        "json, numpy and random that the grader needs; rename them and run again"]


def test_importing_the_bootstrap_imports_nothing_a_stray_module_could_hide():
    # grader.py imports kata.bootstrap while the kata folder is sys.path[0]: until its
    # check has run, no module may be imported that a file there could stand in for.
    code = ("import sys; before = set(sys.modules); import kata.bootstrap; "
            "print(' '.join(sorted(set(sys.modules) - before)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    imported = result.stdout.split()
    assert imported == ["kata", "kata.bootstrap"], (
        f"importing kata (its __init__.py) must import nothing at the top, or a stray "
        f"module in the kata folder runs before the check; it imports {imported}")


# -- The dependencies ---------------------------------------------------------------


def test_no_setup_names_the_missing_packages_and_the_command(bare_python, kata_root):
    result = run_grader(bare_python, kata_root, "--no-setup")
    assert error_lines(result) == [
        f"grader.py: error: {ALL_MISSING}; install the kata's dependencies with: "
        f"{shlex.quote(str(bare_python))} -m pip install .  "
        f"(or run grader.py without --no-setup to set up .venv)"]
    assert not (kata_root / ".venv").exists()
    assert not (kata_root / ".venv-setup.log").exists()


def test_only_the_missing_packages_are_named(tmp_path, kata_root):
    python = make_venv(tmp_path / "partial")
    for module in ("numpy.py", "pytest.py"):
        (site_packages(python) / module).write_text("")
    (kata_root / "sklearn").mkdir()  # a bare folder: a namespace package, not scikit-learn
    (line,) = error_lines(run_grader(python, kata_root, "--no-setup"))
    assert line.startswith("grader.py: error: scikit-learn and pytest-timeout are missing; ")


@posix_only
@pytest.mark.parametrize("options", [[], ["--no-setup"]])
def test_a_python_without_the_dependencies_grades_inside_the_kata_venv(bare_python, kata_root,
                                                                         options):
    make_venv_with_dependencies(kata_root / ".venv")
    result = run_grader(bare_python, kata_root, "--json", "closest", *options,
                        python_options=["-B"])
    ran = graded(result)
    assert same(ran["prefix"], kata_root / ".venv")
    # the same command line: the arguments, and the interpreter's options too
    assert ran["args"] == ["--json", "closest", *options]
    assert ran["no_bytecode_flag"] == 1
    assert ran["marker"] is None  # one hop: the grader's own children start afresh
    assert result.stderr == ""
    assert not (kata_root / ".venv-setup.log").exists()  # nothing to set up, nothing written


def test_a_python_with_the_dependencies_is_used_as_it_is(bare_python, kata_root):
    ran = graded(run_grader(sys.executable, kata_root))
    assert same(ran["prefix"], sys.prefix)
    assert not (kata_root / ".venv").exists()
    # the check looks the modules up without importing them
    assert ran["imported"] == []

    make_venv(kata_root / ".venv")  # there, but not needed
    assert same(graded(run_grader(sys.executable, kata_root))["prefix"], sys.prefix)


@posix_only
def test_a_venv_left_half_made_is_set_up_afresh_once_then_graded_in(bare_python, kata_root,
                                                                    fake_pip, venv_without_pip):
    # A set-up killed before it finished: never trusted, though it would grade.
    make_venv_with_dependencies(kata_root / ".venv")
    (kata_root / ".venv" / bootstrap.IN_PROGRESS).write_text("")
    # The fake pip stands in for the one .venv gets, which cannot install offline.
    first = run_grader(bare_python, kata_root, "closest",
                       PYTHONPATH=os.pathsep.join(map(str, [fake_pip, venv_without_pip])))
    assert same(graded(first)["prefix"], kata_root / ".venv")
    assert not (kata_root / ".venv" / bootstrap.IN_PROGRESS).exists()
    assert graded(first)["args"] == ["closest"]
    assert first.stderr.splitlines() == [SETTING_UP]
    log = (kata_root / ".venv-setup.log").read_text()
    assert "-m venv" in log and "fake pip installed" in log

    again = run_grader(bare_python, kata_root)
    assert same(graded(again)["prefix"], kata_root / ".venv")
    assert again.stderr == ""  # no second set-up


def test_a_fresh_clone_without_network_ends_in_one_line_and_leaves_no_venv(bare_python,
                                                                           kata_root):
    result = run_grader(bare_python, kata_root)
    assert error_lines(result) == [
        SETTING_UP,
        f"grader.py: error: {ALL_MISSING} and pip could not install them into .venv "
        f"(no network? see .venv-setup.log); install the kata's dependencies with: "
        f"{shlex.quote(str(bare_python))} -m pip install ."]
    assert not (kata_root / ".venv").exists()
    log = (kata_root / ".venv-setup.log").read_text()
    assert "-m pip install" in log and "No matching distribution found" in log


def test_a_venv_that_cannot_be_created_ends_in_one_line(bare_python, kata_root, tmp_path):
    # as on Debian without python3-venv, where `python3 -m venv` fails
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "venv.py").write_text('print("ensurepip is not available")\nraise SystemExit(1)\n')
    result = run_grader(bare_python, kata_root, PYTHONPATH=str(broken))
    assert error_lines(result) == [
        SETTING_UP,
        f"grader.py: error: {ALL_MISSING} and .venv could not be created (see .venv-setup.log); "
        f"install the kata's dependencies with: {shlex.quote(str(bare_python))} -m pip install ."]
    assert not (kata_root / ".venv").exists()
    assert "ensurepip is not available" in (kata_root / ".venv-setup.log").read_text()


@pytest.mark.parametrize("options", [[], ["--no-setup"]])
def test_a_venv_made_without_the_dependencies_is_installed_into_and_never_removed(
        bare_python, kata_root, options):
    make_venv(kata_root / ".venv")  # made by hand, and without pip: the install fails
    result = run_grader(bare_python, kata_root, *options)
    command = f"{bootstrap.venv_python('.venv')} -m pip install ."
    if options:
        expected = [f"grader.py: error: {ALL_MISSING}; install the kata's dependencies with: "
                    f"{command}  (or run grader.py without --no-setup to set up .venv)"]
    else:
        expected = [
            "grader.py: installing numpy, scikit-learn, pytest and pytest-timeout into .venv "
            "(about a minute, once; log: .venv-setup.log)",
            f"grader.py: error: {ALL_MISSING} and pip could not install them into .venv "
            f"(see .venv-setup.log); install the kata's dependencies with: {command}"]
    assert error_lines(result) == expected
    assert venv_python(kata_root / ".venv").exists()
    if not options:
        assert "No module named pip" in (kata_root / ".venv-setup.log").read_text()


@posix_only
def test_a_venv_made_without_the_dependencies_gets_them_installed_then_grades(
        bare_python, kata_root, fake_pip):
    make_venv(kata_root / ".venv")
    result = run_grader(bare_python, kata_root, PYTHONPATH=str(fake_pip))
    assert same(graded(result)["prefix"], kata_root / ".venv")
    assert result.stderr.splitlines() == [
        "grader.py: installing numpy, scikit-learn, pytest and pytest-timeout into .venv "
        "(about a minute, once; log: .venv-setup.log)"]


@posix_only
def test_a_venv_whose_python_runs_elsewhere_ends_in_one_line_not_a_loop(bare_python, kata_root):
    python = kata_root / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(str(bare_python))} "$@"\n')
    python.chmod(0o755)
    (line,) = error_lines(run_grader(bare_python, kata_root))  # a loop would time out
    assert (f"{ALL_MISSING} and .venv is broken: .venv/bin/python does not run inside it; "
            f"delete the .venv folder and run again to set it up afresh") in line


@posix_only
@pytest.mark.parametrize("started_with", ["a python without the dependencies", ".venv's python"])
def test_a_second_grader_waits_for_the_first_to_finish_with_the_venv(bare_python, kata_root,
                                                                     tmp_path, started_with):
    import fcntl

    venv = kata_root / ".venv"
    # the first grader.py is setting up .venv, or installing into it
    python = make_venv(venv) if started_with == ".venv's python" else bare_python
    stderr_path = tmp_path / "stderr"
    waiting = "grader.py: waiting for another grader.py to finish setting up .venv\n"
    with open(kata_root / ".venv-setup.log", "a") as log, open(stderr_path, "w") as stderr:
        log.write("the first grader's log\n")
        log.flush()
        fcntl.flock(log, fcntl.LOCK_EX)  # as the first grader.py does meanwhile
        second = subprocess.Popen(grader_command(python, kata_root), cwd=kata_root,
                                  env=grader_environment(), stdout=subprocess.PIPE,
                                  stderr=stderr, text=True)
        try:
            for _ in range(200):
                if stderr_path.read_text() or second.poll() is not None:
                    break
                time.sleep(0.05)
            assert stderr_path.read_text() == waiting
            # the first one finishes
            if venv.exists():
                install_dependencies(python)
            else:
                make_venv_with_dependencies(venv)
        except BaseException:
            second.kill()
            raise
    stdout, _ = second.communicate(timeout=60)
    result = subprocess.CompletedProcess(second.args, second.returncode, stdout, "")
    assert same(graded(result)["prefix"], venv)
    assert stderr_path.read_text() == waiting  # it found the work done, and did it not again
    assert (kata_root / ".venv-setup.log").read_text() == "the first grader's log\n"


def test_a_venv_without_python_is_reported_and_left_alone(bare_python, kata_root):
    (kata_root / ".venv").mkdir()
    (kata_root / ".venv" / "notes.txt").write_text("mine")
    (line,) = error_lines(run_grader(bare_python, kata_root))
    assert f"{ALL_MISSING} and .venv is broken: it has no " in line
    assert (kata_root / ".venv" / "notes.txt").exists()


# -- Smaller parts ------------------------------------------------------------------


def test_an_old_python_gets_one_line():
    bootstrap.check_python_version(sys.version_info)
    with pytest.raises(bootstrap.BootstrapError) as error:
        bootstrap.check_python_version((3, 9, 18, "final", 0))
    assert error.value.exit_code == 2
    assert str(error.value).startswith("grader.py: error: the kata needs Python 3.10 or newer, "
                                       "and ")
    assert "is Python 3.9.18" in str(error.value)


def test_the_bootstrap_parses_on_an_old_python():
    # so that an old python gets check_python_version's line, not a SyntaxError
    ast.parse((ROOT / "kata" / "bootstrap.py").read_text(), feature_version=(3, 6))


def test_no_setup_is_an_option_only_before_a_double_dash():
    assert bootstrap.wants_no_setup(["closest", "--no-setup"])
    assert not bootstrap.wants_no_setup(["--", "--no-setup"])
    assert not bootstrap.wants_no_setup(["--json"])


def test_paths_in_commands_read_as_paths():
    assert bootstrap.as_path_argument("kata") == os.path.join(".", "kata")  # not a PyPI name
    for path in (".", "..", os.path.join(".venv", "bin", "python"), os.path.abspath("kata")):
        assert bootstrap.as_path_argument(path) == path


def test_running_again_as_a_child_process_exits_with_its_status():
    # how Windows runs the grader again inside .venv
    with pytest.raises(SystemExit) as exit_:
        bootstrap.run_and_exit([sys.executable, "-c", "raise SystemExit(7)"])
    assert exit_.value.code == 7


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is new in Python 3.11")
def test_the_requirements_are_those_of_pyproject():
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [re.match(r"[A-Za-z0-9_.-]+", requirement).group() for requirement in
             project["dependencies"]]
    assert names == list(bootstrap.REQUIREMENTS.values())
