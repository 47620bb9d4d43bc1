"""The report as JSON, for programs: ``python grader.py --json``."""
import json

from .model import CheckResult, ExerciseResult, Report, Status

VERSION = 2  # 2: each message and its hint are separate fields


def as_dict(report: Report):
    """The report as plain data, in the documented JSON shape."""
    return {"version": VERSION, "folder": report.folder,
            "exercises": [_exercise(exercise) for exercise in report.exercises],
            "summary": {"passed": report.summary.passed, "total": report.summary.total},
            **{track: {"passed": summary.passed, "total": summary.total}
               for track, summary in _other_tracks(report)}}


def _other_tracks(report):
    """The tracks after the first, each with its summary: {"bonus": {...}} beside "summary"."""
    return [(track, report.summary_of(track)) for track in report.tracks[1:]]


def render(report: Report):
    return json.dumps(as_dict(report), indent=2)


def _exercise(exercise):
    return {"name": exercise.name, "number": exercise.number, "track": exercise.track,
            "status": exercise.status.value, "passed": exercise.passed, "total": exercise.total,
            "message": exercise.message, "hint": exercise.hint,
            "output": exercise.output, "output_dropped": exercise.output_dropped,
            "seconds": round(exercise.seconds, 3),
            "tests": [{"name": check.name, "status": check.status.value,
                       "message": check.message, "hint": check.hint}
                      for check in exercise.checks]}


def from_dict(data):
    """The :class:`Report` that :func:`as_dict` made ``data`` from (times are not kept)."""
    return Report(data["folder"], [
        ExerciseResult(item["name"], item["number"], Status(item["status"]), item["message"],
                       item["hint"], [CheckResult(check["name"], Status(check["status"]),
                                                  check["message"], check["hint"])
                                      for check in item["tests"]],
                       item["output"], item["output_dropped"], item["track"],
                       item.get("seconds", 0.0))
        for item in data["exercises"]])
