"""The report in Gradescope's autograder format: ``python3 grader.py --format gradescope``.

Gradescope reads ``/autograder/results/results.json``: a top-level ``score``,
``execution_time``, ``output`` and ``tests``; one test per exercise here,
worth one point when it passes, its ``output`` in Markdown: each failing
check with its message and hint, and what the code printed. A bonus
exercise is extra credit: its ``max_score`` is 0, so the assignment's total
is the core's, and passing it adds a point on top.
"""
import json
import re

from .model import Report, Status
from .render_text import LABELS, safe

VISIBILITY = "visible"


def as_dict(report: Report):
    tests = [_test(exercise) for exercise in report.exercises]
    progress = "; ".join(str(report.summary_of(track)) for track in report.tracks)
    output = f"**{progress}.**" + "".join(f"\n\n{safe(note)}" for note in report.notes)
    return {"score": float(sum(test["score"] for test in tests)),
            "execution_time": round(report.seconds, 3),
            "output": output, "output_format": "md", "visibility": VISIBILITY,
            "stdout_visibility": "hidden", "tests": tests}


def render(report: Report):
    return json.dumps(as_dict(report), indent=2)


def _test(exercise):
    passed = exercise.status is Status.PASSED
    return {"name": f"{exercise.number}. {exercise.name}", "number": str(exercise.number),
            "score": 1.0 if passed else 0.0, "max_score": 1.0 if exercise.track == "core" else 0.0,
            "status": "passed" if passed else "failed",
            "output": _markdown(exercise), "output_format": "md", "visibility": VISIBILITY}


def _markdown(exercise):
    counts = (f": {exercise.passed} of {exercise.total} checks"
              if exercise.status in (Status.PASSED, Status.FAILED) else "")
    parts = [f"**{LABELS[exercise.status]}**{counts}"]
    if exercise.status is Status.FAILED:
        for check in exercise.failing:
            parts += [f"✗ {safe(check.name)}", _fenced(check.message)]
            if check.hint:
                parts.append(f"Hint: {safe(check.hint)}")
    elif exercise.status is not Status.PASSED:
        parts.append(_fenced(exercise.message))
        if exercise.hint:
            parts.append(f"Hint: {safe(exercise.hint)}")
    if exercise.output:
        parts += ["Your code printed:", _fenced(exercise.output)]
    return "\n\n".join(part for part in parts if part)


def _fenced(text):
    """``text`` as a Markdown code block whose fence no run of backticks in it can close."""
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{safe(text)}\n{fence}"
