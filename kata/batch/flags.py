"""Flags for the teacher: things worth a look in a submission. Never verdicts.

- ``copied-reference``: an exercise file equal to its reference solution, up to
  whitespace, comments and docstrings;
- ``imports-solutions``: code that imports the reference solutions or the
  grader's own package (which the worker would let it do);
- ``uses-sklearn``: code that reaches for ready-made K-means (scikit-learn,
  ``scipy.cluster``);
- ``identical-to:NAME``: the same exercise files as NAME's, up to whitespace,
  comments and docstrings (untouched stubs do not count).

Files are compared by their syntax tree, so reformatting, new comments and
new docstrings hide nothing; a file that does not parse is compared by its
words.
"""
import ast
import hashlib
from dataclasses import dataclass

from ..manifest import NAMES, SOLUTIONS_DIR
from ..stubs import stub_text

GRADER_MODULES = {"solutions", "kata", "grader"}
KMEANS_MODULES = ("sklearn", "scipy.cluster")


@dataclass(frozen=True)
class Flag:
    name: str      # "copied-reference", "identical-to:bob", ...
    detail: str    # which files, which lines: what the teacher should look at


def flags_of(texts, forms):
    """The flags of one submission (file name -> text, and its normal forms), but identical-to."""
    copied = [f"{name}.py" for name, form in forms.items() if form == _reference_forms()[name]]
    flags = [Flag("copied-reference", f"{', '.join(copied)}: the reference solution, up to "
                                      f"whitespace, comments and docstrings")] if copied else []
    found = {"imports-solutions": [], "uses-sklearn": []}
    for file_name, text in sorted(texts.items()):
        for flag, line, code in suspicious_imports(text):
            found[flag].append(f"{file_name}, line {line}: {code}")
    flags += [Flag(name, "; ".join(places)) for name, places in found.items() if places]
    return flags


def normal_forms(texts):
    """Exercise name -> the normal form of its file, for the exercise files in ``texts``."""
    return {name: normal_form(texts[f"{name}.py"]) for name in NAMES if f"{name}.py" in texts}


def suspicious_imports(text):
    """(flag, line number, code) of each import of the grader's modules or of ready-made K-means."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # see normal_form
        return []
    lines = text.splitlines()
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            flag = _flag_of_module(module)
            if flag:
                yield flag, node.lineno, lines[node.lineno - 1].strip()[:120]


def _imported_modules(node):
    """The modules ``node`` imports: import statements, and importlib/__import__ with a literal."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.module and not node.level else []
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
            return [node.args[0].value]
    return []


def _flag_of_module(module):
    if module.split(".")[0] in GRADER_MODULES:
        return "imports-solutions"
    if any(module == name or module.startswith(name + ".") for name in KMEANS_MODULES):
        return "uses-sklearn"
    return None


def identical_groups(fingerprints):
    """Student -> the other students with the same fingerprint (students without one are skipped)."""
    groups = {}
    for student, fingerprint in fingerprints.items():
        if fingerprint:
            groups.setdefault(fingerprint, []).append(student)
    return {student: [other for other in group if other != student]
            for group in groups.values() if len(group) > 1 for student in group}


def identical_flags(others):
    return [Flag(f"identical-to:{other}", "the same exercise files, up to whitespace, comments "
                                          "and docstrings") for other in others]


def fingerprint(forms):
    """A digest of a submission's exercise files that are not untouched stubs; "" if none."""
    kept = [f"{name}\0{form}" for name, form in forms.items() if form != _stub_forms()[name]]
    return hashlib.sha256("\0\0".join(kept).encode()).hexdigest() if kept else ""


def normal_form(text):
    """The code without whitespace, comments and docstrings: its syntax tree, dumped."""
    try:
        tree = ast.parse(text)
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if (isinstance(body, list) and body and isinstance(body[0], ast.Expr)
                    and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.Pass()]
        return ast.dump(tree)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # nested past the parser
        return " ".join(text.split())


_forms = {}


def _reference_forms():
    if "reference" not in _forms:
        _forms["reference"] = {name: normal_form((SOLUTIONS_DIR / f"{name}.py").read_text("utf-8"))
                               for name in NAMES}
    return _forms["reference"]


def _stub_forms():
    if "stub" not in _forms:
        _forms["stub"] = {name: normal_form(stub_text(name)) for name in NAMES}
    return _forms["stub"]
