"""The pristine stub of each exercise, derived from its reference solution.

A stub is its solution minus the body (tests/test_conventions.py checks the
committed stubs for it): the same imports, signature and docstring, then the
comment lines that open the solution's body (they state the contract, such as
"dtype=int: labels are indices"), one ``# TODO:`` line with the manifest's
task, and ``raise NotImplementedError``. Deriving it, rather than keeping a
copy or asking git, means ``reset`` restores the stub even in a clone whose
exercises/ the learner has committed, and it cannot drift from the solution.
"""
import ast
import functools

from .manifest import BY_NAME, SOLUTIONS_DIR


@functools.lru_cache(maxsize=None)  # the grader asks for each exercise's, every grading
def stub_text(name, solutions_dir=SOLUTIONS_DIR):
    """The text of exercise ``name``'s stub, as exercises/NAME.py holds it in a fresh clone."""
    source = (solutions_dir / f"{name}.py").read_text(encoding="utf-8")
    function = next(node for node in ast.parse(source).body
                    if isinstance(node, ast.FunctionDef) and node.name == name)
    docstring = function.body[0]
    indent = " " * docstring.col_offset
    lines = source.splitlines(keepends=True)
    end = docstring.end_lineno
    while end < len(lines) and lines[end].strip().startswith("#"):
        end += 1  # a comment opening the body stays: it is about the contract, not the code
    return "".join(lines[:end]) + (f"{indent}# TODO: {BY_NAME[name].task}\n"
                                   f"{indent}raise NotImplementedError\n")


def is_stub(path, name):
    """Whether the file ``path`` is exercise ``name``'s stub, untouched."""
    try:
        return path.read_text(encoding="utf-8") == stub_text(name)
    except (OSError, UnicodeDecodeError):
        return False
