"""The demo's report as text: a table per data set, the learner's K-means beside scikit-learn's."""
from ..interview import wrapped
from .run import EXERCISE, SCIKIT_LEARN_FITS, agreement, first_empty, first_tie, inertia

SCIKIT_LEARN = 'KMeans(init=the same centroids, n_init=1, algorithm="lloyd", tol=0)'


def render(comparisons, source, seed, repeat_command):
    """The whole report. ``source``: where the run_Kmeans came from, as the learner reads it."""
    lines = [f"K-means demo: your {EXERCISE} from {source}, seed {seed}", ""]
    lines += wrapped(f"Your {EXERCISE} and scikit-learn's {SCIKIT_LEARN} start from the same "
                     f"K samples, picked by initialize_random_centroids after "
                     f"np.random.seed({seed}). Agreement is the adjusted Rand index: 1 for the "
                     f"same grouping, about 0 for chance.")
    for comparison in comparisons:
        lines += [""] + data_set_lines(comparison)
    lines += [""] + wrapped("Time: yours includes the reference helpers, answered from the "
                            "grader's process, so it is the whole loop in Python; "
                            "scikit-learn's Lloyd is compiled code (its best of "
                            f"{SCIKIT_LEARN_FITS} fits, on one thread as yours).")
    return "\n".join(lines + ["", f"Repeat this run: {repeat_command}"])


def data_set_lines(comparison):
    data, yours, theirs = comparison.data_set, comparison.yours, comparison.scikit_learn
    lines = [f"{data.name}: {data.about}"]
    if yours.problem:
        lines += [f"  Your {EXERCISE} gave no labels here:"]
        lines += [wrapped_line for line in yours.problem.splitlines()
                  for wrapped_line in wrapped(line, "    ", "    ")]
    else:
        lines += table([
            ("", "yours", "scikit-learn"),
            ("agreement with the true classes", f"{agreement(yours.labels, data.classes):.3f}",
             f"{agreement(theirs.labels, data.classes):.3f}"),
            ("inertia", f"{inertia(data.X, yours.labels):.2f}",
             f"{inertia(data.X, theirs.labels):.2f}"),
            ("rounds", str(yours.rounds), str(theirs.rounds)),
            ("time", milliseconds(yours.seconds), milliseconds(theirs.seconds)),
        ])
        lines.append(f"  same labels as scikit-learn: {same_words(comparison)}")
        if not comparison.identical or yours.rounds != theirs.rounds:
            what = "they differ" if not comparison.identical else "the rounds differ"
            lines += wrapped(f"Why {what}: {why_they_differ(comparison)}", "  ", "  ")
    if data.struggle:
        lines += wrapped(f"Why K-means struggles here: {data.struggle}", "  ", "  ")
    return lines


def same_words(comparison):
    yours, theirs = comparison.yours.labels, comparison.scikit_learn.labels
    if comparison.identical:
        return "yes, identical (agreement 1.000)"
    score = agreement(yours, theirs)
    if score == 1.0:  # one partition, its clusters numbered in another order
        return "no, the same clusters, numbered differently (agreement 1.000)"
    return (f"no, they differ on {int((yours != theirs).sum())} of {len(yours)} samples "
            f"(agreement {score:.3f})")


def why_they_differ(comparison):
    """What made two K-means from the same start part ways, as far as the rounds tell."""
    data, yours = comparison.data_set, comparison.yours
    tie, empty = first_tie(data, yours), first_empty(data, yours)
    if tie and (not empty or tie[0] <= empty[0]):
        round_number, sample, (i, j) = tie
        return (f"the first tie in your rounds: in round {round_number}, sample {sample} is "
                f"exactly as far from centroid {i + 1} as from centroid {j + 1}. "
                f"create_clusters gives a tie to the lower number, as np.argmin does; "
                f"scikit-learn computes distances another way, whose rounding can break a tie "
                f"the other way, and one different label sends the rounds down another path.")
    if empty:
        round_number, cluster = empty
        return (f"in round {round_number}, cluster {cluster + 1} was left empty. compute_means "
                f"restarts it on a random sample, scikit-learn on the sample farthest from "
                f"its centroid, so the rounds go on from different centroids.")
    return "no tie and no empty cluster was seen in your rounds; this is unexpected."


def table(rows):
    """Rows of (label, yours, scikit-learn's): labels to the left, numbers to the right."""
    # wide enough for any time, so that the table's layout never depends on one
    widths = [max([len(row[column]) for row in rows] + [10 * bool(column)]) for column in range(3)]
    return [f"  {label:<{widths[0]}}  {mine:>{widths[1]}}  {theirs:>{widths[2]}}".rstrip()
            for label, mine, theirs in rows]


def milliseconds(seconds):
    return f"{seconds * 1000:.1f} ms"
