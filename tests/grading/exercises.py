"""The six exercises, in the article's order, and where their files live."""
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXERCISES_DIR = ROOT / "exercises"
SOLUTIONS_DIR = ROOT / "solutions"
SUITES_DIR = ROOT / "tests" / "suites"

# The article's order is also an import order: each function only builds on
# the ones before it.
EXERCISES = (
    "initialize_random_centroids",
    "euclidean_distance",
    "closest_centroid",
    "create_clusters",
    "compute_means",
    "run_Kmeans",
)

# The other exercise functions each one calls, so a worker can stand in the
# reference for them and ``run_Kmeans`` can count its calls.
BUILDS_ON = {
    "initialize_random_centroids": (),
    "euclidean_distance": (),
    "closest_centroid": ("euclidean_distance",),
    "create_clusters": ("closest_centroid",),
    "compute_means": (),
    "run_Kmeans": ("initialize_random_centroids", "create_clusters", "compute_means"),
}


def exercise_file(folder, name):
    """The file that holds exercise ``name`` in ``folder``."""
    return Path(folder) / f"{name}.py"


def suite_file(name):
    """The hidden suite that grades exercise ``name``."""
    return SUITES_DIR / f"test_{name}.py"


def match_names(requested):
    """Resolve exercise names or unique prefixes, keeping the article's order.

    Raises ValueError with a one-line message for an unknown or ambiguous name.
    """
    chosen = set()
    for word in requested:
        matches = [name for name in EXERCISES if name == word] or [
            name for name in EXERCISES if name.lower().startswith(word.lower())
        ]
        if not matches:
            raise ValueError(f"unknown exercise {word!r}; the exercises are: {', '.join(EXERCISES)}")
        if len(matches) > 1:
            raise ValueError(f"{word!r} could be any of: {', '.join(matches)}; type more of the name")
        chosen.add(matches[0])
    return [name for name in EXERCISES if name in chosen]


def load_references(solutions_dir=SOLUTIONS_DIR):
    """Import every reference solution under its bare name; returns the functions.

    A learner's file imports its siblings by bare name (``from
    euclidean_distance import euclidean_distance``), so once these modules are
    in ``sys.modules`` such imports find the reference. No bytecode is written
    next to the solutions, which may be the folder being graded.
    """
    writing, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        modules = [import_file(name, Path(solutions_dir) / f"{name}.py") for name in EXERCISES]
    finally:
        sys.dont_write_bytecode = writing
    return {module.__name__: getattr(module, module.__name__) for module in modules}


def import_file(name, path):
    """Import the file at ``path`` as the module ``name`` (replacing any before it)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
