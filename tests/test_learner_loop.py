"""The learner's loop (issue 8): watch, hints, reset, the reference after a pass, and interviews.

Everything runs in-process through the commands' ``main`` and the session's
judge, with the state folder in tmp_path (KATA_STATE_DIR), except one test that
drives ``grader.py watch`` as a learner does: save, read the report, Ctrl-C.
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading

import pytest

from kata import interview, questions
from kata.cli import grade_command, main
from kata.manifest import BY_NAME, EXERCISES_DIR, NAMES, ROOT, SOLUTIONS_DIR
from kata.stubs import stub_text
from tests.support import alive, descendants, folder_of_solutions

WRONG_CLOSEST = "def closest_centroid(x, centroids, K):\n    return 0\n"


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch):
    """A state folder of the test's own: no test reads or writes the learner's .kata/."""
    folder = tmp_path / "state"
    monkeypatch.setenv("KATA_STATE_DIR", str(folder))
    return folder


def run(capsys, *argv):
    """``grader.py ARGV`` in-process: (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def grade(capsys, judge, *argv):
    """``grader.py ARGV`` graded in-process with the session's judge: (exit status, stdout)."""
    status = grade_command(list(argv), judge=judge)
    return status, capsys.readouterr().out


def save(path, text):
    """Save as editors do: write a new file, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_text(text)
    os.replace(temporary, path)


# -- hints ----------------------------------------------------------------------------


def test_hints_come_one_level_at_a_time_and_are_remembered(capsys, state):
    levels = BY_NAME["closest_centroid"].hints
    for level in (1, 2, 3):
        status, out, _ = run(capsys, "hint", "closest")
        assert status == 0 and out.startswith(f"Hint {level} of 3 for closest_centroid:")
        assert levels[level - 1].split()[0] in out
    assert "That was the last hint" in out
    status, out, _ = run(capsys, "hint", "3")
    assert status == 1 and "No more hints for closest_centroid: you have seen all 3" in out
    status, again, _ = run(capsys, "hint", "closest_centroid", "--again")
    assert status == 0 and again.startswith("Hint 3 of 3")
    # the memory is a file, per exercise; another exercise starts at its first hint
    assert json.loads((state / "hints.json").read_text())["shown"] == {"closest_centroid": 3}
    status, out, _ = run(capsys, "hint", "run_Kmeans", "--json")
    assert json.loads(out) == {"name": "run_Kmeans", "level": 1, "levels": 3,
                               "hint": BY_NAME["run_Kmeans"].hints[0]}
    assert run(capsys, "hint", "--forget", "closest")[0] == 0
    assert run(capsys, "hint", "closest")[1].startswith("Hint 1 of 3")
    status, out, _ = run(capsys, "hint", "compute_m", "--again")
    assert status == 1 and "No hint for compute_means yet" in out
    assert run(capsys, "hint")[0] == 2 and run(capsys, "hint", "c")[0] == 2


# -- reset ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_stub_reset_restores_is_the_committed_stub(name):
    assert stub_text(name) == (EXERCISES_DIR / f"{name}.py").read_text()


def test_reset_backs_the_file_up_first_and_keeps_every_backup(capsys, state, tmp_path, monkeypatch):
    folder = folder_of_solutions(tmp_path / "f")
    path = folder / "closest_centroid.py"
    monkeypatch.setattr("kata.state.time.strftime", lambda _: "20250101-120000")  # one second
    backups = []
    for text in ("first try\n", "second try\n"):
        path.write_text(text)
        status, out, _ = run(capsys, "reset", "closest", "--exercises", str(folder), "--yes")
        assert status == 0 and path.read_text() == stub_text("closest_centroid")
        saved = out.split(" as ", 1)[1].split()[0]
        backups.append(saved)
        assert (tmp_path / saved).resolve() == (state / "backups" / os.path.basename(saved)).resolve()
    assert [os.path.basename(b) for b in backups] == [
        "closest_centroid-20250101-120000.py", "closest_centroid-20250101-120000-2.py"]
    assert [(state / "backups" / os.path.basename(b)).read_text() for b in backups] == [
        "first try\n", "second try\n"]
    status, out, _ = run(capsys, "reset", "closest", "--exercises", str(folder))
    assert status == 0 and "is the stub already" in out
    assert len(list((state / "backups").iterdir())) == 2


def test_reset_asks_on_a_terminal(capsys, tmp_path, monkeypatch):
    folder = folder_of_solutions(tmp_path / "f")
    path = folder / "compute_means.py"
    mine = path.read_text()
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter(["n", "y"])
    monkeypatch.setattr("builtins.input", lambda question: next(answers))
    status, out, _ = run(capsys, "reset", "compute_m", "--exercises", str(folder))
    assert status == 1 and "Nothing was changed" in out and path.read_text() == mine
    status, out, _ = run(capsys, "reset", "compute_m", "--exercises", str(folder))
    assert status == 0 and path.read_text() == stub_text("compute_means")
    assert run(capsys, "reset", "compute", "--exercises", str(SOLUTIONS_DIR))[0] == 2


# -- the reference after a pass -------------------------------------------------------


def test_a_pass_graded_by_name_points_at_the_reference(capsys, judge, tmp_path):
    folder = folder_of_solutions(tmp_path / "f")
    status, out = grade(capsys, judge, "--exercises", str(folder), "closest")
    assert status == 0
    note = BY_NAME["closest_centroid"].reference_note
    assert f"Compare with {os.path.relpath(SOLUTIONS_DIR)}/closest_centroid.py: {note}" in out
    status, out = grade(capsys, judge, "--exercises", str(folder))  # all: the report stays short
    assert status == 0 and "Compare with" not in out


# -- interviews -----------------------------------------------------------------------


def test_an_interview_times_passes_refuses_hints_and_ends_when_time_runs_out(
        capsys, judge, tmp_path, monkeypatch):
    folder = folder_of_solutions(tmp_path / "f", {"closest_centroid": WRONG_CLOSEST})
    clock = [1_000_000.0]
    monkeypatch.setattr(interview, "now", lambda: clock[0])
    status, out, _ = run(capsys, "interview", "--minutes", "10")
    assert status == 0 and out.startswith("Interview started: 10 min")

    clock[0] += 60
    status, out = grade(capsys, judge, "--exercises", str(folder), "closest")
    assert status == 1 and out.splitlines()[1].startswith("Interview: 9 min left")
    status, out, _ = run(capsys, "hint", "closest")
    assert status == 1 and "No hints during an interview" in out
    status, out, _ = run(capsys, "interview", "--answers")
    assert status == 1 and "once the interview is over" in out

    clock[0] += 60  # the same file again is no new attempt; the fixed one is the second
    status, out = grade(capsys, judge, "--exercises", str(folder), "closest", "--json")
    assert json.loads(out)["interview"]["seconds_left"] == 8 * 60
    save(folder / "closest_centroid.py", (SOLUTIONS_DIR / "closest_centroid.py").read_text())
    clock[0] += 60
    assert grade(capsys, judge, "--exercises", str(folder), "closest", "euclid")[0] == 0
    status, out, _ = run(capsys, "interview", "--json")
    recorded = {e["name"]: e for e in json.loads(out)["interview"]["exercises"]}
    assert recorded["closest_centroid"] == {"name": "closest_centroid", "number": 3, "attempts": 2,
                                            "status": "passed", "passed": True,
                                            "seconds_to_pass": 180.0}
    assert recorded["euclidean_distance"]["attempts"] == 1 and recorded["run_Kmeans"]["attempts"] == 0

    clock[0] += 8 * 60  # past the deadline: the next grading ends it, and is not recorded
    save(folder / "run_Kmeans.py", (SOLUTIONS_DIR / "run_Kmeans.py").read_text() + "\n")
    status, out = grade(capsys, judge, "--exercises", str(folder), "run")
    assert status == 0 and "Interview:" not in out
    summary = out.split("Time is up: the interview ended at", 1)[1]
    assert "Interview over: the 10 min ran out." in summary
    assert "3. closest_centroid             passed after 3 min        2 attempts" in summary
    assert "6. run_Kmeans                   not attempted" in summary
    assert ("Passed 2 of 6. Left unfinished: initialize_random_centroids, create_clusters, "
            "compute_means, run_Kmeans.") in " ".join(summary.split())
    assert all(question.question.split()[0] in summary for question in questions.QUESTIONS)
    assert run(capsys, "hint", "closest")[0] == 0  # hints are back
    status, out, _ = run(capsys, "interview", "--answers")
    assert status == 0 and all(q.answer[:40] in " ".join(out.split()) for q in questions.QUESTIONS)


def test_an_interview_ended_early_shows_its_summary_and_a_new_one_can_start(capsys, monkeypatch):
    clock = [2_000_000.0]
    monkeypatch.setattr(interview, "now", lambda: clock[0])
    assert run(capsys, "interview", "--end")[0] == 1  # nothing to end
    run(capsys, "interview")
    clock[0] += 125
    status, out, _ = run(capsys, "interview")
    assert status == 0 and out.startswith("Interview in progress: 42 min 55 s left of 45 min")
    assert run(capsys, "interview", "--minutes", "5")[0] == 2  # one session at a time
    status, out, _ = run(capsys, "interview", "--end")
    assert status == 0 and out.startswith("Interview over: you ended it after 2 min 5 s of 45 min.")
    assert "Passed 0 of 6." in out and "interview --answers" in out
    assert run(capsys, "interview", "--end")[1] == out  # the summary again
    status, out, _ = run(capsys, "interview", "--minutes", "20")
    assert status == 0 and out.startswith("Interview started: 20 min")


@pytest.mark.parametrize("text, reason", [
    ("{not json", "not JSON"),
    ('{"version": 1, "started": "yesterday", "minutes": 45, "ended": null, "ended_by": null, '
     '"exercises": {}}', "started is not a number"),
    ('{"version": 1, "started": 1, "minutes": 45, "ended": null, "ended_by": null, '
     '"exercises": {"closest_centroid": {"attempts": -3}}}', "wrong fields"),
    ("[]", "not a version 1 interview session"),
])
def test_a_damaged_interview_file_gives_one_line_and_a_way_to_start_over(
        capsys, state, tmp_path, text, reason):
    state.mkdir()
    (state / "interview.json").write_text(text)
    folder = folder_of_solutions(tmp_path / "f")
    before = {path.name: path.read_text() for path in folder.iterdir()}
    for argv in (["interview"], ["hint", "closest"], ["--exercises", str(folder)],
                 ["watch", "--exercises", str(folder)], ["interview", "--end"]):
        status, out, err = run(capsys, *argv)
        assert status == 2 and out == "" and len(err.strip().splitlines()) == 1, argv
        assert reason in err and "Traceback" not in err and "interview --discard" in err
    assert {path.name: path.read_text() for path in folder.iterdir()} == before
    assert run(capsys, "interview", "--discard")[0] == 0
    assert run(capsys, "interview")[1].startswith("Interview started")


@pytest.mark.parametrize("make", [os.mkfifo, lambda path: path.symlink_to(path.name)],
                         ids=["fifo", "link-loop"])
@pytest.mark.parametrize("name", ["hints.json", "interview.json"])
def test_a_state_file_that_is_no_file_gives_one_line_and_hangs_nothing(capsys, state, name,
                                                                         make):
    state.mkdir()
    make(state / name)
    status, out, err = run(capsys, "hint", "closest")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert f"{name} is damaged" in err and "Traceback" not in err


def test_a_damaged_hints_file_gives_one_line_and_a_way_to_start_over(capsys, state):
    state.mkdir()
    (state / "hints.json").write_text('{"version": 1, "shown": {"closest_centroid": 7}}')
    status, out, err = run(capsys, "hint", "closest")
    assert status == 2 and "7 is no hint level" in err and "hint --forget" in err
    assert run(capsys, "hint", "--forget")[0] == 0
    assert run(capsys, "hint", "closest")[1].startswith("Hint 1 of 3")


def test_the_follow_up_questions_cover_what_interviewers_ask():
    text = " ".join(f"{q.question} {q.answer}" for q in questions.QUESTIONS)
    assert len(questions.QUESTIONS) >= 8
    for words in ("O(m*K*n)", "memory", "k-means++", "elbow", "silhouette", "empty",
                  "converge", "scale", "Mini-batch", "X @ C.T"):
        assert words in text
    bonus = ("kmeans_plus_plus", "create_clusters_fast", "compute_inertia", "run_Kmeans_best_of")
    assert not any(name in text for name in bonus)  # exercises that do not exist yet


# -- watch ------------------------------------------------------------------------------


def test_watch_grades_each_save_shows_the_clock_and_ctrl_c_leaves_nothing_running(
        capsys, state, tmp_path):
    folder = folder_of_solutions(tmp_path / "f", {"closest_centroid": WRONG_CLOSEST})
    run(capsys, "interview", "--minutes", "30")
    watch = subprocess.Popen([sys.executable, str(ROOT / "grader.py"), "watch", "--exercises",
                              str(folder), "closest", "create"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "KATA_STATE_DIR": str(state)})
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watch.stdout], daemon=True).start()
    try:
        first = next_report(lines)
        assert first[0].startswith("K-means kata: watching") and first[0].endswith("/f/")
        assert first[1].startswith("Interview: 30 min left")
        assert "closest_centroid: failed" in first
        assert first[-3].endswith("closest_centroid.py. Save it to grade it again.")
        assert first[-1] == "Progress: [############------------] 1 of 2 exercises passed"
        children = descendants(watch.pid)  # the fork server, at least
        save(folder / "closest_centroid.py", (SOLUTIONS_DIR / "closest_centroid.py").read_text())
        second = next_report(lines)
        assert "closest_centroid: passed" in second
        assert any(line.startswith("  Compare with ") for line in second)
        assert second[-1] == "Progress: [########################] 2 of 2 exercises passed"
    finally:
        watch.send_signal(signal.SIGINT)
        assert watch.wait(30) == 0
    assert "Stopped watching." in watch.stderr.read()
    assert children and not [pid for pid in children if alive(pid)]
    progress = interview.load().progress("closest_centroid")
    assert (progress.attempts, progress.status) == (2, "passed")


def next_report(lines):
    """The lines of the watch's next report, up to its "Progress:" line."""
    report = []
    while not report or not report[-1].startswith("Progress:"):
        report.append(lines.get(timeout=60).rstrip("\n"))
    while not report[0].startswith("K-means kata:"):
        report.pop(0)
    return report


def test_watch_sees_a_change_to_a_helper_module_of_the_learners_own(tmp_path):
    from types import SimpleNamespace

    from kata.commands.watch import Watcher
    from tests.support import folder_of_stubs
    folder = folder_of_stubs(tmp_path / "f")
    (folder / "helpers.py").write_text("SCALE = 1\n")
    watcher = Watcher(judge=None, args=SimpleNamespace(folder=folder, names=["compute_means"],
                                                        json=False))
    before = watcher.other_files()
    assert "helpers.py" in before and "compute_means.py" not in before
    (folder / "helpers.py").write_text("SCALE = 22\n")
    assert watcher.other_files() != before
