"""The report as JUnit XML, for CI systems: ``python3 grader.py --format junit``.

A ``testsuite`` per exercise and a ``testcase`` per check. A failing check is
a ``failure`` with its message and hint; a file that cannot be used, or a time
limit reached, is an ``error``; an untouched stub is ``skipped``. What the
code printed is the suite's ``system-out``. GitLab and Jenkins show it.
"""
import re
from collections import Counter
import xml.etree.ElementTree as ElementTree

from .model import Report, Status
from .render_text import LABELS, safe

# XML 1.0 cannot hold these even escaped; learner text may
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def render(report: Report):
    suites = ElementTree.Element("testsuites", name="K-means kata", **_counts(report.exercises),
                                 time=f"{report.seconds:.3f}")
    for exercise in report.exercises:
        suite = ElementTree.SubElement(suites, "testsuite", name=exercise.name,
                                       **_counts([exercise]), time=f"{exercise.seconds:.3f}")
        for check in exercise.checks:
            _testcase(suite, exercise, check)
        if exercise.output:
            ElementTree.SubElement(suite, "system-out").text = _text(exercise.output)
    ElementTree.indent(suites)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ElementTree.tostring(suites, encoding="unicode") + "\n")


def _testcase(suite, exercise, check):
    case = ElementTree.SubElement(suite, "testcase", classname=f"kata.{exercise.name}",
                                  name=_text(check.name), time="0")
    if check.status is Status.PASSED:
        return
    text = check.message + (f"\nHint: {check.hint}" if check.hint else "")
    first_line = (check.message.splitlines() or [LABELS[check.status]])[0]
    if check.status is Status.NOT_STARTED:
        ElementTree.SubElement(case, "skipped", message=_text(first_line))
    else:
        kind = "failure" if check.status is Status.FAILED else "error"
        element = ElementTree.SubElement(case, kind, message=_text(first_line),
                                         type=check.status.value)
        element.text = _text(text)


def _counts(exercises):
    statuses = Counter(check.status for exercise in exercises for check in exercise.checks)
    return {"tests": str(sum(statuses.values())), "failures": str(statuses[Status.FAILED]),
            "errors": str(statuses[Status.ERROR] + statuses[Status.TIMEOUT]),
            "skipped": str(statuses[Status.NOT_STARTED])}


def _text(text):
    return _NOT_XML.sub("?", safe(text))
