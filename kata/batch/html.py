"""report.html: the room at a glance, in one self-contained page (no network, no script).

Three views, for deciding what to explain to the whole room next:

- the pass rate of each exercise, among the students whose entry was graded;
- a grid of students by exercises, each cell coloured by its status (and
  labelled, for whoever cannot tell the colours apart), each name a link to
  the student's text report;
- for each exercise, the failing checks most students hit, with how many hit
  each, the hint the grader gave, and one student's message as an example.
"""
import html
import re
import time
from collections import Counter
from urllib.parse import quote

from ..manifest import number_of
from ..report.model import Status
from ..report.render_text import safe

COMMON_SHOWN = 5     # failing checks shown per exercise
CELL = {Status.PASSED.value: ("passed", "pass"), Status.FAILED.value: ("failed", "fail"),
        Status.NOT_STARTED.value: ("not-started", "not started"),
        Status.ERROR.value: ("error", "error"), Status.TIMEOUT.value: ("timeout", "timed out")}
STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330;
       margin: 24px auto; max-width: 1150px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d9dde5; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: #5b6475; margin: 0 0 16px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid #d9dde5; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card b { display: block; font-size: 20px; }
table { border-collapse: collapse; }
th, td { padding: 4px 8px; text-align: left; vertical-align: top; }
.rates td { border-bottom: 1px solid #eef0f4; }
.bar { width: 260px; height: 14px; background: #eef0f4; border-radius: 3px; overflow: hidden;
       display: flex; }
.bar span { display: block; height: 100%; }
.grid th { position: sticky; top: 0; background: #fff; border-bottom: 2px solid #d9dde5;
           font-weight: 600; font-size: 12px; vertical-align: bottom; }
.grid th.exercise { max-width: 118px; }
.grid td { border-bottom: 1px solid #fff; border-right: 2px solid #fff; white-space: nowrap; }
.grid td.flags { white-space: normal; }
.grid td.student { font-weight: 600; }
.grid td.num { text-align: right; color: #5b6475; }
.grid .reason { color: #6a1b9a; white-space: normal; }
.passed { background: #c8e6c9; color: #1b5e20; }
.failed { background: #ffcdd2; color: #b71c1c; }
.not-started { background: #eceff1; color: #607d8b; }
.error { background: #e1bee7; color: #6a1b9a; }
.timeout { background: #ffe0b2; color: #e65100; }
.flag { display: inline-block; background: #fff3cd; color: #7a5b00; border: 1px solid #f0d78c;
        border-radius: 3px; padding: 0 5px; margin-right: 4px; font-size: 12px; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 3px; }
.common td { border-bottom: 1px solid #eef0f4; }
.common .count { font-weight: 700; text-align: right; width: 3em; }
.hint { color: #5b6475; }
details summary { cursor: pointer; color: #3a5bd9; }
pre { background: #f6f7f9; padding: 8px; white-space: pre-wrap; max-width: 900px; margin: 4px 0; }
a { color: #3a5bd9; text-decoration: none; }
"""


def render_html(gradebook):
    """The whole page for a :class:`~kata.batch.gradebook.Gradebook`."""
    from .gradebook import report_file_names
    graded = [row for row in gradebook.rows if row.graded]
    files = dict(zip((id(row) for row in gradebook.rows), report_file_names(gradebook.rows)))
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        "<title>K-means kata: gradebook</title>", f"<style>{STYLE}</style></head><body>",
        "<h1>K-means kata: gradebook</h1>", _meta(gradebook), _cards(gradebook, graded),
        "<h2>Pass rate by exercise</h2>", _rates(gradebook, graded),
        "<h2>The room</h2>", _legend(), _grid(gradebook, files),
        "<h2>What the room got wrong most</h2>", _common(gradebook, graded),
        _flags(gradebook), "</body></html>"]
    return "\n".join(part for part in parts if part)


def _meta(gradebook):
    words = [f"{len(gradebook.rows)} students", f"{len(gradebook.names)} exercises",
             time.strftime("written %Y-%m-%d %H:%M")]
    if gradebook.shard:
        words.append(f"shard {gradebook.shard}")
    if gradebook.sandbox:
        words.append(gradebook.sandbox)
    return f'<p class="meta">{_e(" · ".join(words))}</p>'


def _cards(gradebook, graded):
    total = gradebook.total
    every = f"passed all {total}" + (" of the core" if gradebook.bonus else "")
    cards = [("students", len(gradebook.rows)),
             (every, sum(row.passed == total for row in graded)),
             ("could not be graded", len(gradebook.rows) - len(graded)),
             ("flagged", sum(bool(row.flags) for row in gradebook.rows))]
    return '<div class="cards">' + "".join(
        f'<div class="card"><b>{count}</b>{_e(label)}</div>' for label, count in cards) + "</div>"


def _rates(gradebook, graded):
    head = "".join(f"<th>{label}</th>" for label in (
        "#", "exercise", "passed", "", "failed", "not started", "error", "timed out"))
    rows = [_rate_row(name, Counter(row.status(name) for row in graded), len(graded))
            for name in gradebook.names]
    return f'<table class="rates"><tr>{head}</tr>\n' + "\n".join(rows) + "</table>"


def _rate_row(name, counts, graded):
    """An exercise's pass rate among the ``graded`` students, and a bar of all its statuses."""
    rate = f"{counts['passed']} of {graded} ({counts['passed'] / graded:.0%})" if graded else "-"
    bar = "".join(f'<span class="{css}" style="width:{100 * counts[status] / graded:.1f}%"></span>'
                  for status, (css, _) in CELL.items() if counts[status])
    others = "".join(f"<td>{counts[status] or ''}</td>"
                     for status in ("failed", "not_started", "error", "timeout"))
    return (f"<tr><td>{number_of(name)}</td><td>{_e(name)}</td><td>{rate}</td>"
            f'<td><div class="bar">{bar}</div></td>{others}</tr>')


def _legend():
    return '<p class="legend">' + "".join(
        f'<span class="{css}">{_e(label)}</span>' for css, label in CELL.values()) + "</p>"


def _grid(gradebook, files):
    head = "".join(f'<th class="exercise" title="{_e(name)}">{number_of(name)}. '
                   f'{_e(name).replace("_", "_<wbr>")}</th>' for name in gradebook.names)
    lines = [f'<table class="grid"><tr><th>student</th>{head}<th>passed</th><th>flags</th>'
             f'<th>seconds</th></tr>']
    for row in gradebook.rows:
        student = (f'<td class="student"><a href="students/{_e(quote(files[id(row)]))}">'
                   f"{_e(row.student)}</a></td>")
        if row.graded:
            cells = "".join(_cell(row, name) for name in gradebook.names)
        else:
            cells = (f'<td class="error reason" colspan="{len(gradebook.names)}">'
                     f"error: {_e(row.problem)}</td>")
        flags = "".join(f'<span class="flag" title="{_e(flag.detail)}">{_e(flag.name)}</span>'
                        for flag in row.flags)
        lines.append(f"<tr>{student}{cells}<td class=\"num\">{row.passed}/{gradebook.total}"
                     f"</td><td class=\"flags\">{flags}</td><td class=\"num\">{row.seconds:.2f}</td></tr>")
    return "\n".join(lines) + "</table>"


def _cell(row, name):
    exercise = next(e for e in row.report["exercises"] if e["name"] == name)
    css, label = CELL[exercise["status"]]
    if exercise["status"] == "failed":
        label = f"fail {exercise['passed']}/{exercise['total']}"
    title = exercise["message"].splitlines()[0] if exercise["message"] else label
    return f'<td class="{css}" title="{_e(title[:300])}">{_e(label)}</td>'


def _common(gradebook, graded):
    """Per exercise, what most students got wrong: a bug the grader named, else a failing check."""
    sections = []
    for name in gradebook.names:
        mistakes = {}   # key -> Mistake, one per way of going wrong
        for row in graded:
            exercise = next(e for e in row.report["exercises"] if e["name"] == name)
            for key, mistake in _mistakes_of(exercise, row.student).items():
                mistakes.setdefault(key, mistake).add(row.student, mistake)
        if not mistakes:
            continue
        ranked = sorted(mistakes.values(), key=lambda mistake: -len(mistake.students))
        sections.append(f"<h3>{number_of(name)}. {_e(name)}</h3><table class=\"common\">"
                        + "\n".join(map(_common_row, ranked[:COMMON_SHOWN])) + "</table>")
    return "\n".join(sections) or "<p>No exercise failed: nothing to explain.</p>"


class Mistake:
    """One way of getting an exercise wrong, the students who did, and one example."""

    def __init__(self, headline, hint, checks, example):
        self.headline, self.hint, self.checks, self.example = headline, hint, checks, example
        self.students = set()

    def add(self, student, other):
        self.students.add(student)
        self.checks |= other.checks


def _mistakes_of(exercise, student):
    """Key -> Mistake for one student's exercise: each hint given (numbers aside), else the
    first failing check. Failing checks without a hint go with the first mistake: most likely
    the same bug, which the grader named where a check confirmed it."""
    if exercise["status"] == "passed":
        return {}
    if exercise["status"] == "not_started" and exercise.get("track") == "bonus":
        return {}  # the bonus is optional: not starting it is no mistake to explain
    if exercise["status"] != "failed":
        what = CELL[exercise["status"]][1]
        if exercise["status"] == "error" and exercise["message"]:
            what = f"error: {exercise['message'].strip().splitlines()[-1]}"[:160]
        return {what: Mistake(what, "", set(), (student, exercise["message"]))}
    failing = [check for check in exercise["tests"] if check["status"] != "passed"]
    hinted = [check for check in failing if check["hint"]] or failing[:1]
    mistakes = {}
    for check in hinted:
        key = re.sub(r"\d+(\.\d+)?", "#", check["hint"]) or check["name"]
        mistakes.setdefault(key, Mistake(check["hint"] or check["name"], check["hint"], set(),
                                         (student, check["message"]))).checks.add(check["name"])
    first = next(iter(mistakes.values()))
    first.checks |= {check["name"] for check in failing if not check["hint"]}
    return mistakes


def _common_row(mistake):
    student, message = mistake.example
    count = len(mistake.students)
    shown = sorted(mistake.checks - {mistake.headline})
    checks = (f'<div class="hint">{"Also failing" if len(shown) < len(mistake.checks) else "Failing"}'
              f' checks: {_e(", ".join(shown))}</div>' if shown else "")
    example = (f"<details><summary>what {_e(student)} was told</summary><pre>{_e(message)}</pre>"
               f"</details>" if message else "")
    return (f'<tr><td class="count">{count}</td><td>{"student" if count == 1 else "students"}'
            f"</td><td><b>{_e(mistake.headline)}</b>{checks}{example}</td></tr>")


def _flags(gradebook):
    flagged = [row for row in gradebook.rows if row.flags]
    if not flagged:
        return ""
    items = "".join(f"<li><b>{_e(row.student)}</b>: " + "; ".join(
        f'<span class="flag">{_e(flag.name)}</span> {_e(flag.detail)}' for flag in row.flags)
        + "</li>" for row in flagged)
    return f"<h2>Flags for the teacher (not verdicts)</h2><ul>{items}</ul>"


def _e(text):
    """Text from anywhere, student code included, made safe to show in the page."""
    return html.escape(safe(text), quote=True)
