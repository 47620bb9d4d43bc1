"""One place for each exercise's facts: its order, track, signature, task and hints.

Everything else reads them from here: the grader's names and numbers, the
worker's stand-ins for sibling functions, the report's "Your task" line, the
hint command and the stubs' ``# TODO:`` lines (a project test keeps those equal).
Adding an exercise takes one entry below, plus its stub, its solution, its
hidden suite ``tests/suites/test_NAME.py`` and its catalogue entries.
"""
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXERCISES_DIR = ROOT / "exercises"
SOLUTIONS_DIR = ROOT / "solutions"
SUITES_DIR = ROOT / "tests" / "suites"
DEFAULT_TIME_LIMIT = 5.0  # seconds per exercise; correct code needs far less


@dataclass(frozen=True)
class SpeedGoal:
    """How an exercise graded on speed is timed, and how fast it must be.

    The baseline is the reference of another exercise, a loop over the
    samples, so its time grows in proportion to m: it is timed on
    ``reference_samples`` samples and scaled up to ``samples``.
    """

    baseline: str              # the exercise whose reference is the loop to beat
    samples: int               # m, n and K of the timed calls
    features: int
    centroids: int
    times_faster: float        # the learner's time, times this, must not exceed the baseline's
    reference_samples: int = 500
    timed_calls: int = 3       # the median of these is the learner's time, after one warm-up

    @property
    def shape(self):
        return (self.samples, self.features)


@dataclass(frozen=True)
class Exercise:
    """The facts about one exercise."""

    name: str
    parameters: tuple          # the function's parameter names, in order
    task: str                  # what to write, one line: the stub's "# TODO:" line
    hints: tuple = ()          # from a nudge to nearly the line of code
    # the sibling exercises the reference calls by name, which the judge may stand in
    # for (see kata/judge/stand_ins.py); any file that imports a sibling gets its reference
    builds_on: tuple = ()
    reference_note: str = ""   # what the reference does that you might not have
    track: str = "core"        # "core", or "bonus": graded and reported after the core
    time_limit: float = DEFAULT_TIME_LIMIT
    speed: SpeedGoal = None    # for an exercise graded on its speed too

    @property
    def file_name(self):
        return f"{self.name}.py"

    @property
    def suite(self):
        """The hidden suite that grades this exercise."""
        return SUITES_DIR / f"test_{self.name}.py"


EXERCISES = (
    Exercise(
        "initialize_random_centroids", ("K", "X"),
        task="pick K distinct random samples of X with np.random and return copies of their rows.",
        hints=(
            "Which NumPy function picks several indices at random, and can it avoid picking "
            "the same one twice?",
            "Choose K distinct row indices uniformly with NumPy's global generator, then index "
            "X with them: fancy indexing copies the rows. (np.random.default_rng() and the "
            "random module ignore np.random.seed.)",
            "indices = np.random.choice(len(X), K, replace=False); return X[indices]",
        ),
        reference_note="the reference picks all K samples in one call to "
                       "np.random.choice(m, K, replace=False) and indexes X with them, which "
                       "copies the rows.",
    ),
    Exercise(
        "euclidean_distance", ("x1", "x2"),
        task="return sqrt(sum((x1 - x2) ** 2)) as a single number.",
        hints=(
            "Write the formula out: what do you subtract, square, add up and take the root of?",
            "Subtract the vectors (making a new array, not in place), square, sum everything "
            "into one number, then take the square root.",
            "return np.sqrt(np.sum((x1 - x2) ** 2))",
        ),
        reference_note="the reference subtracts as floats, so integer vectors give the same "
                       "distance as float ones.",
    ),
    Exercise(
        "closest_centroid", ("x", "centroids", "K"),
        task="return the index of the centroid nearest to x (the lowest index on a tie).",
        builds_on=("euclidean_distance",),
        hints=(
            "You have a distance function already: how far is x from each centroid, and which "
            "is smallest?",
            "Compute the K distances into a list or array and return the position of the "
            "smallest; np.argmin returns the first one on a tie.",
            "return int(np.argmin([euclidean_distance(x, centroids[k]) for k in range(K)]))",
        ),
        reference_note="the reference lists the K distances with euclidean_distance and "
                       "returns int(np.argmin(...)), which keeps the lowest index on a tie.",
    ),
    Exercise(
        "create_clusters", ("centroids", "K", "X"),
        task="return an integer array holding the index of the nearest centroid of each row of X.",
        builds_on=("closest_centroid",),
        hints=(
            "Each sample needs one label: which function already finds one sample's nearest "
            "centroid?",
            "Call closest_centroid for every row of X and collect the answers in an array with "
            "an integer dtype, so the labels can index arrays.",
            "return np.array([closest_centroid(x, centroids, K) for x in X], dtype=int)",
        ),
        reference_note="the reference builds the labels with one closest_centroid call per "
                       "sample and dtype=int.",
    ),
    Exercise(
        "compute_means", ("cluster_idx", "K", "X"),
        task="return a (K, n) float array whose row k is the mean of the rows of X labelled k.",
        hints=(
            "How do you select the rows of X that belong to cluster k, and what if there are "
            "none?",
            "For each k, take X[cluster_idx == k] and average it over axis=0 into a float "
            "array; when a cluster is empty, put its centroid on a random sample of X instead.",
            "members = X[cluster_idx == k]; centroids[k] = members.mean(axis=0) if len(members) "
            "else X[np.random.randint(len(X))]",
        ),
        reference_note="the reference loops over the K clusters into np.empty((K, n)), a float "
                       "array, and restarts an empty cluster on X[np.random.randint(m)].",
    ),
    Exercise(
        "run_Kmeans", ("K", "X", "max_iterations"),
        task="start from initialize_random_centroids, then alternate create_clusters and "
             "compute_means until the centroids stop moving.",
        builds_on=("initialize_random_centroids", "create_clusters", "compute_means"),
        hints=(
            "What are the two steps of each round, and how can you tell that a round changed "
            "nothing?",
            "Initialise once, then loop at most max_iterations times: assign labels, compute "
            "new centroids, and stop when they equal the previous ones exactly. Return the "
            "labels of the last assignment, not the centroids.",
            "labels = create_clusters(centroids, K, X); previous, centroids = centroids, "
            "compute_means(labels, K, X); if np.array_equal(previous, centroids): break",
        ),
        reference_note="the reference keeps the previous centroids in a separate name and "
                       "stops on np.array_equal, so it stops the round nothing moves.",
    ),
    Exercise(
        "kmeans_plus_plus", ("K", "X"),
        task="pick the first centroid uniformly, then each next one with probability "
             "proportional to D(x)^2, with np.random.",
        hints=(
            "After the first pick, how far is each sample from the nearest centroid chosen so "
            "far, and how do you turn those distances into a probability for each sample?",
            "Keep D2, each sample's squared distance to its nearest chosen centroid. Draw the "
            "next index with np.random.choice(m, p=D2 / D2.sum()), then lower D2 with the "
            "distances to the new centroid (np.minimum). A chosen sample has D2 = 0, so it is "
            "never drawn again.",
            "i = np.random.choice(m); D2 = ((X - X[i]) ** 2).sum(axis=1); then K - 1 times: "
            "i = np.random.choice(m, p=D2 / D2.sum()); D2 = np.minimum(D2, ((X - X[i]) ** 2)"
            ".sum(axis=1)); return the rows picked, X[picks]",
        ),
        reference_note="the reference keeps each sample's squared distance to its nearest "
                       "chosen centroid in one array, lowers it with np.minimum after each "
                       "pick, and draws with np.random.choice(m, p=D2 / D2.sum()).",
        track="bonus",
    ),
    Exercise(
        "compute_inertia", ("cluster_idx", "centroids", "X"),
        task="return the sum of the squared distances from each sample to the centroid of "
             "its cluster, as one float.",
        hints=(
            "Which centroid belongs to sample i, and what do you add up over all samples?",
            "centroids[cluster_idx] gives every sample's own centroid in one (m, n) array; "
            "square the differences from X and sum everything. Squared distances: no square "
            "root.",
            "return float(((X - centroids[cluster_idx]) ** 2).sum())",
        ),
        reference_note="the reference indexes centroids with the labels, "
                       "centroids[cluster_idx], and sums the squared differences in one "
                       "expression, as scikit-learn's inertia_ does.",
        track="bonus",
    ),
    Exercise(
        "run_Kmeans_best_of", ("K", "X", "n_init", "max_iterations"),
        task="run run_Kmeans n_init times and return the labels of the run with the lowest "
             "inertia (the first such run on a tie).",
        builds_on=("run_Kmeans", "compute_means", "compute_inertia"),
        hints=(
            "Each run starts from other random centroids; how do you score a run, and which "
            "one do you keep?",
            "For each of the n_init runs, get its labels from run_Kmeans, its centroids from "
            "compute_means, and its score from compute_inertia. Keep the labels whose score is "
            "strictly lower than the best so far, so a tie keeps the first run.",
            "labels = run_Kmeans(K, X, max_iterations); inertia = compute_inertia(labels, "
            "compute_means(labels, K, X), X); if inertia < best: best, best_labels = "
            "inertia, labels",
        ),
        reference_note="the reference scores each run with compute_inertia on the run's own "
                       "means and replaces the best only on a strictly lower inertia.",
        track="bonus",
    ),
    Exercise(
        "create_clusters_fast", ("centroids", "K", "X"),
        task="return the same labels as create_clusters, at least 20 times faster, without "
             "a Python loop over the samples.",
        hints=(
            "Could you compute the distance from every sample to every centroid at once, as "
            "one (m, K) array?",
            "Either broadcast X[:, None, :] - centroids[None, :, :] into an (m, K, n) array and "
            "sum its squares over the last axis, or expand ||x - c||^2 = ||x||^2 - 2 x.c + "
            "||c||^2 with one matrix product, X @ centroids.T. Then take np.argmin over axis 1.",
            "d2 = (X ** 2).sum(axis=1)[:, None] - 2 * X @ centroids.T + (centroids ** 2)"
            ".sum(axis=1); return np.argmin(d2, axis=1)",
        ),
        reference_note="the reference uses the expansion ||x||^2 - 2 x.c + ||c||^2 with one "
                       "matrix product per block of samples, so its working memory stays small "
                       "and in cache, and finds the lowest nearest index without np.argmin, "
                       "which is slow along a short axis.",
        track="bonus",
        speed=SpeedGoal("create_clusters", samples=100_000, features=16, centroids=8,
                        times_faster=20),
        time_limit=30.0,  # a loop over 100,000 samples must get its ratio, not a time-out
    ),
)

NAMES = tuple(exercise.name for exercise in EXERCISES)
CORE = tuple(exercise.name for exercise in EXERCISES if exercise.track == "core")
BY_NAME = {exercise.name: exercise for exercise in EXERCISES}


def number_of(name):
    """An exercise's number, counting from 1 in the manifest's order."""
    return NAMES.index(name) + 1


def match_names(requested):
    """Resolve what a learner typed into exercise names, in the manifest's order.

    Each word may be a name, a prefix of one (any case; where it starts several,
    the shortest, if the others begin with it: "run" is run_Kmeans), its number
    ("3"), or a path to its file ("exercises/closest_centroid.py"). Raises
    ValueError with a one-line message for an unknown or ambiguous word.
    """
    chosen = {_match_one(word) for word in requested}
    return [name for name in NAMES if name in chosen]


def _match_one(word):
    if word.isdigit():
        if 1 <= int(word) <= len(NAMES):
            return NAMES[int(word) - 1]
        raise ValueError(f"there is no exercise {word}; they are numbered 1 to {len(NAMES)}")
    stem = Path(word).stem if word.endswith(".py") else word
    matches = [name for name in NAMES if name == stem] or [
        name for name in NAMES if name.lower().startswith(stem.lower())]
    if not matches:
        raise ValueError(f"unknown exercise {word!r}; the exercises are: {', '.join(NAMES)}")
    shortest = min(matches, key=len)
    if all(name.startswith(shortest) for name in matches):
        return shortest  # "run": run_Kmeans, of which run_Kmeans_best_of is a longer version
    if len(matches) > 1:
        raise ValueError(f"{word!r} could be any of: {', '.join(matches)}; type more of the name")
    return matches[0]
