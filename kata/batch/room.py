"""A room, from its submissions folder to its gradebook: intake, flags, grading, rows."""
import tempfile
from dataclasses import replace
from pathlib import Path

from . import flags as teacher_flags
from .gradebook import Gradebook, Row
from .grading import HereGrader, LaneGrader, Task
from .intake import find_entries, stage
from ..judge import scratch
from ..manifest import NAMES


def entries_of_shard(entries, shard):
    """Every N-th entry, from the I-th on (``shard`` is (I, N)); all of them for None."""
    if shard is None:
        return entries
    index, count = shard
    return entries[index - 1::count]


def grade_room(submissions, settings, jobs=1, shard=None, judge=None, progress=None,
               sandbox_words=""):
    """The :class:`Gradebook` of the folder ``submissions`` (only ever read).

    ``jobs``: lane processes to grade in (1: in this process, with ``judge`` if
    given); ``shard``: (I, N) to grade every N-th student from the I-th;
    ``progress(done, total)`` is called as students are graded.
    """
    entries = entries_of_shard(find_entries(submissions), shard)
    lanes = min(jobs, len(entries))
    stage_root = Path(tempfile.mkdtemp(prefix="kata-batch-"))
    copies, lanes_scratch = stage_root / "students", stage_root / "scratch"
    lanes_scratch.mkdir()
    # a sandboxed student sees no other student's copy, wherever the temporary files are
    settings = replace(settings, hidden=(*settings.hidden, str(copies)))
    grader = (HereGrader(settings, judge) if judge is not None or lanes <= 1
              else LaneGrader(settings, lanes, lanes_scratch))
    try:  # the lanes load pytest and NumPy while the files are copied
        staged = [stage(entry, copies / str(number)) for number, entry in enumerate(entries)]
        looks = {}
        results = _grade(grader, staged, progress, lambda: looks.update(_look_at(staged)))
    finally:
        grader.close()
        scratch.remove(stage_root)
    rows = [row_of(submission, results.get(submission.student), looks.get(submission.student))
            for submission in staged]
    add_identical_flags(rows)
    return Gradebook(list(settings.names or NAMES), rows,
                     f"{shard[0]}/{shard[1]}" if shard else "", sandbox_words)


def _grade(grader, staged, progress, meanwhile):
    tasks = [Task(submission.student, str(submission.folder))
             for submission in staged if submission.folder is not None]
    results = {}

    def done(result):
        results[result["student"]] = result
        if progress:
            progress(len(results), len(tasks))

    if progress:
        progress(0, len(tasks))
    grader.grade(tasks, done, meanwhile)
    return results


def _look_at(staged):
    """Student -> (flags, fingerprint) of each submission with files: while the lanes grade."""
    looks = {}
    for submission in staged:
        if submission.folder is not None:
            forms = teacher_flags.normal_forms(submission.texts)
            looks[submission.student] = (teacher_flags.flags_of(submission.texts, forms),
                                         teacher_flags.fingerprint(forms))
    return looks


def row_of(submission, result, look):
    """A student's row: their report and flags, or why there is no report."""
    if submission.folder is None:
        return Row(submission.student, problem=submission.problem)
    if result is None or "failure" in result:
        return Row(submission.student, problem=result["failure"] if result else "not graded")
    missing = ", ".join(submission.missing)
    flags, fingerprint = look
    return Row(submission.student, result["report"], f"missing: {missing}" if missing else "",
               flags, result["seconds"], result["notes"], fingerprint)


def add_identical_flags(rows):
    """identical-to:NAME on each of the students whose exercise files are the same."""
    others = teacher_flags.identical_groups({row.student: row.fingerprint for row in rows})
    for row in rows:
        row.flags = [flag for flag in row.flags if not flag.name.startswith("identical-to:")]
        row.flags += teacher_flags.identical_flags(others.get(row.student, []))
