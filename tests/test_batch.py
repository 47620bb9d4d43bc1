"""``grader.py batch`` and ``merge``: a room of submissions into a gradebook, safely.

The room below has a student for every way an entry can be unusable and for
every teacher's flag; it is graded in-process through the session's judge,
on one cheap exercise, so that its 35 rows cost about as much as grading two
folders. The sandbox is tested end to end, as a teacher runs it: a
subprocess with two lanes, where one student attacks everything it can reach.
"""
import csv
import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from kata.batch import namespaces, sandbox
from kata.batch.gradebook import Gradebook, Row, publish
from kata.cli import UsageError, grade_command
from kata.commands import batch, merge
from kata.manifest import BY_NAME, NAMES, ROOT, SOLUTIONS_DIR
from kata.stubs import stub_text
from tests.support import (CATALOGUE, alive, descendants, folder_of_solutions, looping_worker,
                           run_grader)

CORRECT = ("import numpy as np\n\n\ndef euclidean_distance(x1, x2):\n"
           "    return float(np.sqrt(np.sum((np.asarray(x1, float) - np.asarray(x2, float)) ** 2)))\n")
SQUARED = ("import numpy as np\n\n\ndef euclidean_distance(x1, x2):\n"
           "    return np.sum((x1 - x2) ** 2)\n")
GRADED = "euclidean_distance"   # the one exercise the room is graded on: the quickest
NO_SANDBOX = sandbox.unavailable()   # why bubblewrap cannot run here, or ""
needs_bwrap = pytest.mark.skipif(NO_SANDBOX != "", reason=NO_SANDBOX)


# -- building entries ----------------------------------------------------------------------

def stubs(**files):
    """The six exercise files: stubs, but for ``files`` (exercise name -> text)."""
    return {f"{name}.py": files.get(name, stub_text(name)) for name in NAMES}


def solutions():
    return {f"{name}.py": (SOLUTIONS_DIR / f"{name}.py").read_text() for name in NAMES}


def reformatted(files):
    """The same code with other comments and blank lines: still the same up to those."""
    return {name: "# my own work, honestly\n\n" + text.replace("\n\n", "\n\n\n# ...\n")
            for name, text in files.items()}


def folder(path, files):
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text) if isinstance(text, str) else (path / name).write_bytes(text)
    return path


def a_zip(path, members):
    """A zip of (member name, bytes) pairs, names as given (even unsafe ones)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return path


def zip_with_raw_name(path, raw_name, data):
    """A zip whose member name is these raw bytes, not marked UTF-8."""
    placeholder = "P" * (len(raw_name) - 3) + ".py"  # as long, so that no offset moves
    a_zip(path, [(placeholder, data)])
    path.write_bytes(path.read_bytes().replace(placeholder.encode(), raw_name))


def zip_with_link(path, name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, target)
        for file_name, text in stubs(euclidean_distance=CORRECT).items():
            if file_name != name:
                archive.writestr(file_name, text)


# what each row must say: student -> (status of the graded exercise, flags, words in error)
EXPECTED = {}


def expect(student, status, flags=(), error=""):
    EXPECTED[student] = (status, set(flags), error)


def make_room(room):
    """35 entries: every unusable kind of entry, every flag, every place files may sit."""
    code = solutions()
    folder(room / "alice", code)                                      # at the top
    expect("alice", "passed", {"copied-reference", "identical-to:zoe"})
    a_zip(room / "zoe.zip", [(f"kmeans-kata/exercises/{name}", text.encode())   # a zipped kata
                             for name, text in reformatted(code).items()])
    expect("zoe", "passed", {"copied-reference", "identical-to:alice"})
    folder(room / "bob" / "exercises", stubs(euclidean_distance=CORRECT.replace("float(", "abs(")))
    expect("bob", "passed")
    folder(room / "carol" / "my-kata", stubs(euclidean_distance=SQUARED))  # one folder deeper
    expect("carol", "failed", {"identical-to:kim"})
    folder(room / "dave", stubs(euclidean_distance="from solutions.euclidean_distance import "
                                                   "euclidean_distance\n"))
    expect("dave", "passed", {"imports-solutions"})
    folder(room / "erin", stubs(euclidean_distance=CORRECT.replace("x1, x2", "a, b").replace(
        "(x1, float)", "(a, float)").replace("(x2, float)", "(b, float)"),
        run_Kmeans="from sklearn.cluster import KMeans\n\n\ndef run_Kmeans(K, X, max_iterations=500):\n"
                   "    return KMeans(K).fit_predict(X)\n"))
    expect("erin", "passed", {"uses-sklearn"})
    folder(room / "frank", stubs())                                   # untouched stubs are
    folder(room / "gina" / "exercises", stubs())                      # not identical-to
    expect("frank", "not_started")
    expect("gina", "not_started")
    hank = stubs(euclidean_distance=CORRECT)
    del hank["euclidean_distance.py"]
    folder(room / "hank", hank)
    expect("hank", "error", error="missing: euclidean_distance.py")
    folder(room / "ivy" / "kata" / "exercises", stubs(euclidean_distance=CORRECT + "\n# ivy\n"))
    expect("ivy", "passed", {"identical-to:jack"})
    folder(room / "jack", stubs(euclidean_distance=CORRECT + "\n# jack\n"))
    expect("jack", "passed", {"identical-to:ivy"})
    kim = folder(room / "kim", {"mine.py": SQUARED, **stubs()})
    (kim / "euclidean_distance.py").unlink()
    (kim / "euclidean_distance.py").symlink_to("mine.py")            # a link inside is fine
    expect("kim", "failed", {"identical-to:carol"})

    a_zip(room / "slip.zip", [("../evil.py", b"x"), *[(n, t.encode()) for n, t in code.items()]])
    expect("slip", "error", error="zip-slip")
    a_zip(room / "absolute.zip", [("/etc/evil.py", b"x")])
    expect("absolute", "error", error="absolute path")
    a_zip(room / "backslash.zip", [("..\\..\\evil.py", b"x")])
    expect("backslash", "error", error="zip-slip")
    link = folder(room / "link-out", stubs())
    (link / "euclidean_distance.py").unlink()
    (link / "euclidean_distance.py").symlink_to(SOLUTIONS_DIR / "euclidean_distance.py")
    expect("link-out", "error", error="symbolic link to a place outside")
    zip_with_link(room / "zip-link.zip", "euclidean_distance.py", "../../../etc/passwd")
    expect("zip-link", "error", error="symbolic link to a place outside")
    folder(room / "huge", stubs(euclidean_distance=CORRECT + "#" * 2**20))
    expect("huge", "error", error="euclidean_distance.py is over 1 MB")
    folder(room / "huge-helper", {**stubs(), "helpers.py": "#" * (2**20 + 1)})
    expect("huge-helper", "error", error="helpers.py is over 1 MB")
    a_zip(room / "bomb.zip", [("euclidean_distance.py", CORRECT.encode()),
                              ("padding.bin", bytes(21 * 2**20))])
    expect("bomb", "error", error="unpacks to more than 20 MB")
    os.mkdir(os.path.join(os.fsencode(room), b"caf\xe9"))             # a name that is not UTF-8
    folder(Path(os.fsdecode(os.path.join(os.fsencode(room), b"caf\xe9"))), stubs())
    expect("caf\\xe9", "error", error="not UTF-8")
    inner = folder(room / "latin1", stubs())
    open(os.path.join(os.fsencode(inner), b"\xe9t\xe9.py"), "w").close()
    expect("latin1", "error", error="not UTF-8")
    zip_with_raw_name(room / "cp-zip.zip", b"\xff\xfe.py", b"x")
    expect("cp-zip", "error", error="not UTF-8")
    (room / "empty").mkdir()
    expect("empty", "error", error="it is empty")
    folder(room / "nothing", {"README.txt": "my code is on my laptop"})
    expect("nothing", "error", error="holds no exercise file")
    (room / "corrupt.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    expect("corrupt", "error", error="not a readable zip file")
    whole = a_zip(room / "truncated.zip", [(n, t.encode()) for n, t in code.items()]).read_bytes()
    (room / "truncated.zip").write_bytes(whole[: len(whole) // 2])
    expect("truncated", "error", error="not a readable zip file")
    folder(room / "dup", {**stubs(), **{f"exercises/{n}": t for n, t in stubs().items()}})
    expect("dup", "error", error="duplicated files")
    with pytest.warns(UserWarning):  # zipfile warns about the duplicate, as it should
        a_zip(room / "dup-zip.zip", [(n, t.encode()) for n, t in stubs().items()] + [
            ("euclidean_distance.py", CORRECT.encode())])
    expect("dup-zip", "error", error="duplicated files")
    folder(room / "twins", stubs())
    a_zip(room / "twins.zip", [(n, t.encode()) for n, t in stubs().items()])
    expect("twins", "error", error="two entries for twins")
    expect("twins.zip", "error", error="two entries for twins")
    (room / "=HYPERLINK(0).zip").write_bytes(b"not a zip")             # a spreadsheet formula
    expect("'=HYPERLINK(0)", "error", error="not a readable zip file")  # is text in the csv
    (room / "notes.txt").write_text("grade these by Friday")
    expect("notes.txt", "error", error="not a folder or a .zip")
    fifo = folder(room / "fifo", stubs())
    (fifo / "euclidean_distance.py").unlink()
    os.mkfifo(fifo / "euclidean_distance.py")                          # must not hang the intake
    expect("fifo", "error", error="not a regular file")
    (room / ".DS_Store").write_text("hidden: not a student")
    return room


def snapshot(path):
    """Every file and folder under ``path``: its type, size, time and bytes. FIFOs are not opened."""
    seen = {}
    for top, folders, files in os.walk(os.fsencode(path)):
        for name in folders + files:
            full = os.path.join(top, name)
            info = os.lstat(full)
            digest = (hashlib.sha256(Path(os.fsdecode(full)).read_bytes()).hexdigest()
                      if stat.S_ISREG(info.st_mode) else os.readlink(full) if stat.S_ISLNK(info.st_mode)
                      else None)
            seen[full] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return seen


@pytest.fixture(scope="module")
def graded_room(tmp_path_factory, judge):
    """The room, its snapshot before grading, and the output folder after one batch."""
    room = make_room(tmp_path_factory.mktemp("room") / "submissions")
    before = snapshot(room)
    out = tmp_path_factory.mktemp("out") / "gradebook"
    status = batch.main([str(room), "--out", str(out), GRADED], judge=judge)
    return room, before, out, status


def read_csv(out):
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


# -- the room ------------------------------------------------------------------------------

def test_every_entry_gets_its_row_with_its_status_flags_and_reason(graded_room):
    room, _, out, status = graded_room
    rows = read_csv(out)
    assert status == 0
    assert len(rows) == len(EXPECTED) >= 30
    for student, (graded, flags, error) in EXPECTED.items():
        row = rows[student]
        assert row[GRADED] == graded, student
        assert set(row["flags"].split()) == flags, student
        assert error in row["error"] and (error or not row["error"]), (student, row["error"])
    assert list(rows["alice"]) == ["student", GRADED, "passed", "total", "percent", "flags",
                                   "seconds", "error"]
    assert (rows["alice"]["passed"], rows["alice"]["total"], rows["alice"]["percent"]) == ("1", "1", "100")


def test_the_submissions_are_never_written_to(graded_room):
    room, before, _, _ = graded_room
    assert snapshot(room) == before


def test_each_student_gets_the_text_report_they_would_have_seen(graded_room):
    _, _, out, _ = graded_room
    reports = {path.stem: path.read_text() for path in (out / "students").iterdir()}
    assert len(reports) == len(EXPECTED)
    assert reports["carol"].startswith("K-means kata: grading exercises/\n")
    assert "Hint: 25 is the squared distance" in reports["carol"]
    assert "Then run: python3 grader.py euclidean_distance" in reports["carol"]
    assert reports["slip"].startswith("K-means kata: your submission could not be graded: ")
    assert "zip-slip" in reports["slip"]


def test_the_json_gradebook_holds_each_report_in_the_json_model(graded_room):
    _, _, out, _ = graded_room
    data = json.loads((out / "gradebook.json").read_text())
    students = {item["student"]: item for item in data["students"]}
    assert data["exercises"] == [GRADED] and len(students) == len(EXPECTED)
    carol = students["carol"]["report"]
    assert carol["version"] == 2 and carol["summary"] == {"passed": 0, "total": 1}
    assert carol["exercises"][0]["tests"][0].keys() == {"name", "status", "message", "hint"}
    assert students["slip"]["report"] is None and students["slip"]["status"] == "error"


def test_the_html_report_is_one_page_that_shows_the_room(graded_room):
    _, _, out, _ = graded_room
    page = (out / "report.html").read_text()
    assert not any(word in page for word in ("http://", "https://", "<script", "<link", "src="))
    assert page.count('<td class="student">') == len(EXPECTED)
    assert '<td class="failed" title="Called euclidean_distance' in page
    assert "7 of 12 (58%)" in page   # 12 entries could be graded, and 7 passed
    assert "3 students</td><td><b>25 is the squared distance" not in page  # carol and kim: 2
    assert "2</td><td>students</td><td><b>25 is the squared distance: take np.sqrt" in page
    assert "students/caf_xe9.txt" in page and (out / "students" / "caf_xe9.txt").exists()


@pytest.mark.filterwarnings("ignore:Duplicate name")  # the zip is made with one, on purpose
def test_entries_made_to_break_the_batch_get_their_own_rows_and_the_room_is_graded(
        tmp_path, judge):
    room, out = tmp_path / "room", tmp_path / "out"
    long_sum = "SUM = " + " + ".join(["1"] * 1500) + "\n"  # deeper than ast.dump can recurse
    folder(room / "adder", stubs(euclidean_distance=CORRECT + long_sum))
    folder(room / "dangling", stubs(euclidean_distance=CORRECT))
    (room / "dangling" / "helper.py").symlink_to("nowhere.py")
    folder(room / "looping", stubs(euclidean_distance=CORRECT))
    (room / "looping" / "loop.py").symlink_to("loop.py")
    folder(room / ("l" * 250), stubs(euclidean_distance=CORRECT))  # students/NAME.txt: too long
    folder(room / "CON", stubs(euclidean_distance=CORRECT))       # a device's name, on Windows
    folder(room / "surrogate", stubs(euclidean_distance=SQUARED.replace(
        "def euclidean_distance", "print('\\ud800')\n\n\ndef euclidean_distance")))
    escape = "\x1b[2J\x1b]0;pwned\x07.py"  # a terminal's escape sequences, in a member's name
    a_zip(room / "escaper.zip", [(escape, b""), (escape, b"")] + [
        (name, text.encode()) for name, text in stubs(euclidean_distance=CORRECT).items()])
    folder(room / "honest", stubs(euclidean_distance=CORRECT))
    folder(room / "with-venv", stubs(euclidean_distance=CORRECT))  # a kata folder, and its venv
    (room / "with-venv" / "venv" / "bin").mkdir(parents=True)
    (room / "with-venv" / "venv" / "bin" / "python").symlink_to(sys.executable)
    folder(room / "bidi", stubs(euclidean_distance=SQUARED.replace(
        "def euclidean_distance", "print('abc\\u202edef')\n\n\ndef euclidean_distance")))
    assert batch.main([str(room), "--out", str(out), GRADED], judge=judge) == 0
    rows = read_csv(out)
    assert "\u202e" not in (out / "report.html").read_text() + (out / "students" / "bidi.txt").read_text()
    for student in ("adder", "l" * 250, "CON", "honest", "with-venv"):
        assert rows[student][GRADED] == "passed", student
    assert rows["surrogate"][GRADED] == "failed"
    assert "\\ud800" in (out / "students" / "surrogate.txt").read_text()
    assert rows["dangling"]["error"] == "helper.py cannot be read: No such file or directory"
    assert rows["looping"]["error"] == "loop.py cannot be read: Too many levels of symbolic links"
    assert rows["escaper"]["error"].startswith("duplicated files: the zip holds \\x1b[2J")
    assert not any("\x1b" in path.read_text() for path in out.rglob("*.txt"))
    assert sorted(path.name for path in (out / "students").iterdir())[0] == "_CON.txt"
    assert max(len(path.name) for path in (out / "students").iterdir()) <= 104


def test_out_refuses_a_gradebook_folder_holding_the_teacher_s_own_files(graded_room, judge):
    room, _, out, _ = graded_room
    (out / "feedback.md").write_text("my notes")
    try:
        with pytest.raises(UsageError, match="holds .*feedback.md, which a batch did not write"):
            batch.main([str(room), "--out", str(out), GRADED], judge=judge)
    finally:
        (out / "feedback.md").unlink()


def test_ctrl_c_leaves_the_previous_gradebook_as_it_was(graded_room, tmp_path, judge,
                                                       monkeypatch, capsys):
    room, _, out, _ = graded_room
    copy = tmp_path / "gradebook"
    shutil.copytree(out, copy)
    before = snapshot(copy)

    def ctrl_c(self, done, total):
        if done:  # a student is graded, and the teacher presses Ctrl-C
            raise KeyboardInterrupt

    monkeypatch.setattr(batch.Progress, "show", ctrl_c)
    assert batch.main([str(room), "--out", str(copy), GRADED], judge=judge) == 130
    assert snapshot(copy) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["gradebook"]  # no leftovers
    assert "interrupted; " in capsys.readouterr().err


def test_sigterm_ends_a_batch_and_its_lanes_and_leaves_the_gradebook_as_it_was(tmp_path):
    import signal
    import time
    room, out, scratch = tmp_path / "room", tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()  # where the batch's temporary folders go
    folder(room / "looper", stubs(euclidean_distance="def euclidean_distance(x1, x2):\n"
                                                    "    while True:\n        pass\n"))
    folder(room / "honest", stubs(euclidean_distance=CORRECT))
    publish(Gradebook([GRADED], [Row("last-week", problem="it is empty")]), out)
    before = snapshot(out)
    with open(tmp_path / "said.txt", "w") as said:
        # without the sandbox, whose own ending the tests above prove: it would triple the time
        grader = subprocess.Popen(
            [sys.executable, str(ROOT / "grader.py"), "batch", str(room), "--out", str(out),
             "--jobs", "2", "--no-sandbox", "--timeout", "60", GRADED], stdout=said,
            stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)})
    try:
        deadline = time.monotonic() + 60
        while not looping_worker(grader.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert looping_worker(grader.pid), (tmp_path / "said.txt").read_text()
        children = descendants(grader.pid)  # the lanes, their fork servers, the looping worker
        grader.send_signal(signal.SIGTERM)
        assert grader.wait(30) == 130
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in children if alive(pid)]
        assert snapshot(out) == before and not list(scratch.iterdir())
        assert "interrupted; " in (tmp_path / "said.txt").read_text()
    finally:
        grader.kill()
        for pid in descendants(grader.pid):
            os.kill(pid, 9)


def test_a_new_gradebook_replaces_the_old_one_whole(tmp_path):
    out = tmp_path / "gradebook"
    publish(Gradebook([GRADED], [Row("old", problem="it is empty")]), out)
    publish(Gradebook([GRADED], [Row("new", problem="it is empty")]), out)
    assert sorted(path.name for path in (out / "students").iterdir()) == ["new.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["gradebook"]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.tex").write_text("four years of work")
    with pytest.raises(Exception, match="holds files that are not a gradebook"):
        publish(Gradebook([GRADED], []), tmp_path / "mine")
    assert (tmp_path / "mine" / "thesis.tex").exists()


def test_shards_merge_into_the_gradebook_of_the_whole_room(tmp_path, judge, capsys):
    room = tmp_path / "room"
    for student in ("ann", "bea"):  # the same files, in two different shards
        folder(room / student, stubs(euclidean_distance=CORRECT))
    folder(room / "cid", stubs(euclidean_distance=SQUARED))
    (room / "dan").mkdir()
    for index in (1, 2):
        assert batch.main([str(room), "--out", str(tmp_path / f"shard{index}"), "--shard",
                           f"{index}/2", GRADED], judge=judge) == 0
    assert sorted(read_csv(tmp_path / "shard1")) == ["ann", "cid"]
    assert read_csv(tmp_path / "shard1")["ann"]["flags"] == ""  # bea is in the other shard
    assert merge.main([str(tmp_path / "shard1"), str(tmp_path / "shard2"),
                       "--out", str(tmp_path / "room-gradebook")]) == 0
    rows = read_csv(tmp_path / "room-gradebook")
    assert sorted(rows) == ["ann", "bea", "cid", "dan"]
    assert rows["ann"]["flags"] == "identical-to:bea" and rows["cid"][GRADED] == "failed"
    assert "Merged 4 students" in capsys.readouterr().out
    merge.main([str(tmp_path / "shard1"), "--out", str(tmp_path / "half")])
    assert "warning: shard 2/2 is not among those merged" in capsys.readouterr().err
    with pytest.raises(UsageError, match="ann is in both"):
        merge.main([str(tmp_path / "shard1"), str(tmp_path / "shard1"), "--out", str(tmp_path / "x")])


def _set(path, value):
    def edit(data):
        *into, last = path
        for key in into:
            data = data[key]
        data[last] = value
    return edit


@pytest.mark.parametrize("edit", [
    _set(["shard"], "x"), _set(["shard"], 3), _set(["students", 0, "student"], 5),
    _set(["students", 0, "seconds"], None), _set(["students", 0, "report"], {}),
    _set(["students", 0, "report", "exercises"], []),
    _set(["students", 0, "report", "exercises", 0, "status"], "bogus"),
    _set(["students", 0, "flags"], [{"flag": 1, "detail": 2}]), _set(["sandbox"], ["x"]),
], ids=["shard-x", "shard-3", "student-5", "seconds-null", "report-empty", "no-exercises",
        "status-bogus", "flag-a-number", "sandbox-a-list"])
def test_merge_says_in_one_line_which_gradebook_was_damaged(graded_room, tmp_path, edit):
    _, _, out, _ = graded_room
    shard = tmp_path / "shard"
    shutil.copytree(out, shard)
    data = json.loads((shard / "gradebook.json").read_text())
    data["students"].sort(key=lambda item: item["report"] is None)  # a graded row first
    edit(data)
    (shard / "gradebook.json").write_text(json.dumps(data))
    with pytest.raises(UsageError, match=f"^{shard}/gradebook.json is damaged \\("):
        merge.main([str(shard), "--out", str(tmp_path / "merged")])


def test_a_room_on_the_core_counts_the_core_and_the_bonus_apart(tmp_path, judge, capsys):
    room = tmp_path / "room"
    core = {f"{name}.py": (SOLUTIONS_DIR / f"{name}.py").read_text()
            for name in NAMES if BY_NAME[name].track == "core"}
    folder(room / "ann", core)  # the six, and no bonus file: the bonus is not started
    folder(room / "bea", core | {"compute_inertia.py": (SOLUTIONS_DIR / "compute_inertia.py")
                                 .read_text()})
    assert batch.main([str(room), "--out", str(tmp_path / "out")], judge=judge) == 0
    rows = read_csv(tmp_path / "out")
    assert [(rows[s]["passed"], rows[s]["total"], rows[s]["percent"], rows[s]["bonus passed"],
             rows[s]["error"]) for s in ("ann", "bea")] == [
        ("6", "6", "100", "0", ""), ("6", "6", "100", "1", "")]
    assert rows["ann"]["kmeans_plus_plus"] == "not_started"
    assert "2 passed all 6 core exercises" in capsys.readouterr().out


def test_bad_arguments_get_one_line(tmp_path):
    for argv, words in ([[str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")], "no such folder"],
                        [[str(tmp_path), "--out", str(tmp_path / "o")], "outside SUBMISSIONS"],
                        [[str(tmp_path), "--out", "o", "--shard", "3/2"], "1 <= I <= N"],
                        [[str(tmp_path), "--out", "o", "--jobs", "0"], "not a number of students"]):
        with pytest.raises(UsageError, match=words):
            batch.parse_args(argv)


def test_without_bubblewrap_batch_warns_once_and_sandbox_is_refused(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on it
    assert batch.use_sandbox(None) is False
    assert capsys.readouterr().err.count("warning: bubblewrap (bwrap) is not installed") == 1
    with pytest.raises(UsageError, match="--sandbox: bubblewrap .* install bubblewrap"):
        batch.use_sandbox(True)
    assert batch.use_sandbox(False) is False and capsys.readouterr().err == ""


def test_the_progress_bar_is_drawn_on_a_terminal_only(tmp_path):
    class Terminal:
        def __init__(self, tty):
            self.text, self.tty = "", tty

        def isatty(self):
            return self.tty

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    for tty, drawn in ((True, "\rGrading [###############---------------] 1/2 students\n"), (False, "")):
        stream = Terminal(tty)
        progress = batch.Progress(stream)
        progress.show(1, 2)
        progress.end()
        assert stream.text == drawn


# -- the sandbox, end to end ---------------------------------------------------------------

ATTEMPT = '''
def attempt(what, action):
    try:
        action()
        print(what, "done")
    except OSError as error:
        print(what, "refused")
'''
ATTACK = '''
import os, socket, sys, time
from pathlib import Path
''' + ATTEMPT + '''
def append(path, text):
    with open(path, "a") as file:
        file.write(text)

def into_the_other_copies():  # the folders beside this one: the other students' copies
    done = 0
    for other in Path(__file__).resolve().parent.parent.iterdir():
        try:
            append(other / "euclidean_distance.py", "\\nraise SystemExit\\n")
            done += 1
        except OSError:
            pass
    if not done:
        raise OSError("no folder was writable")

attempt("solutions", lambda: append({solutions!r}, "\\nraise SystemExit\\n"))
attempt("report", lambda: append({report!r}, "victim,failed\\n"))
attempt("copies", into_the_other_copies)
attempt("submissions", lambda: append({victim!r}, "\\nraise SystemExit\\n"))
attempt("network", lambda: socket.create_connection(("127.0.0.1", {port}), timeout=2))
if os.fork() == 0:  # a child that leaves the worker's process group, waits, then writes
    os.setsid()
    os.execv(sys.executable, [sys.executable, "-c", {sleeper!r}, {marker!r}])
'''
SLEEPER = ("import sys, time\nwhile True:\n    try:\n        open({target!r}, 'w').write('late')\n"
           "    except OSError:\n        pass\n    time.sleep(0.05)\n")


def marked_processes(marker):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(int(pid))
        except OSError:
            pass
    return found


@needs_bwrap
def test_in_the_sandbox_a_student_who_tries_changes_nothing_and_leaves_nothing(tmp_path):
    room, out, late = tmp_path / "room", tmp_path / "out", tmp_path / "late.txt"
    solutions_file = SOLUTIONS_DIR / "euclidean_distance.py"
    solution_before = solutions_file.read_bytes()
    publish(Gradebook([GRADED], [Row("victim", problem="it is empty")]), out)  # last week's
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    marker = f"kata-test-sleeper-{uuid.uuid4()}"
    attack = ATTACK.format(victim=str(room / "victim" / "euclidean_distance.py"),
                           solutions=str(solutions_file), report=str(out / "gradebook.csv"),
                           port=listener.getsockname()[1], marker=marker,
                           sleeper=SLEEPER.format(target=str(late)))
    folder(room / "mallory", stubs(euclidean_distance=attack + CORRECT))
    folder(room / "victim", stubs(euclidean_distance=CORRECT))
    victim_before = snapshot(room / "victim")
    try:
        result = run_grader("batch", room, "--out", out, "--jobs", "2", GRADED)
        survivors = marked_processes(marker)
        rows = read_csv(out)
        data = {item["student"]: item for item in json.loads((out / "gradebook.json").read_text())
                ["students"]}
        assert result.returncode == 0, result.stderr
        assert result.stderr.startswith("Sandbox: bubblewrap.")
        printed = data["mallory"]["report"]["exercises"][0]["output"].splitlines()
        assert printed == ["solutions refused", "report refused", "copies refused",
                           "submissions refused", "network refused"]
        assert solutions_file.read_bytes() == solution_before
        assert snapshot(room / "victim") == victim_before
        assert rows["victim"][GRADED] == "passed" and rows["mallory"][GRADED] == "passed"
        assert "passed" in (out / "students" / "victim.txt").read_text()
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
        assert survivors == [] and not late.exists()
    finally:
        for pid in marked_processes(marker):
            os.kill(pid, 9)
        if solutions_file.read_bytes() != solution_before:
            solutions_file.write_bytes(solution_before)
        listener.close()


WAYS_IN = {"joined": True, "started-inside": False}  # SandboxedJudge(join=...)


@needs_bwrap
@pytest.mark.parametrize("way_in", WAYS_IN)
def test_a_sandboxed_student_s_processes_end_with_their_row(tmp_path, way_in):
    marker = f"kata-test-sleeper-{uuid.uuid4()}"
    code = (f"import os, sys\nif os.fork() == 0:\n    os.setsid()\n    os.execv(sys.executable, "
            f"[sys.executable, '-c', 'import time; time.sleep(60)', {marker!r}])\n")
    student = folder_of_solutions(tmp_path / "student", {GRADED: code + CORRECT})
    judge = sandbox.SandboxedJudge(timeout=5, join=WAYS_IN[way_in])
    try:
        report = judge.grade(student, [GRADED])
        assert report.exercises[0].status.value == "passed"
        assert marked_processes(marker) == []  # the row is done: so is everything it started
        assert judge.refused == ("" if WAYS_IN[way_in] else "not asked to")
    finally:
        judge.close()
        for pid in marked_processes(marker):
            os.kill(pid, 9)


PRIVILEGES = '''
import ctypes, os
''' + ATTEMPT + '''
def call(name, *args):
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        raise OSError(ctypes.get_errno(), name)

def capabilities():
    with open("/proc/self/status") as status:
        if not any(line.startswith(("CapEff", "CapPrm")) and int(line.split()[1], 16)
                   for line in status):
            raise OSError("none")

attempt("capabilities", capabilities)
attempt("remount", lambda: call("mount", None, b"/", None, 0x20 | 0x1000 | 0x4000, None))
attempt("mount", lambda: call("mount", b"none", {folder!r}.encode(), b"tmpfs", 0, None))
attempt("new namespaces", lambda: call("unshare", 0x10000000 | 0x00020000))
attempt("write", lambda: open({folder!r} + "/written.txt", "w").close())
attempt("sysctl", lambda: open("/proc/sys/kernel/printk_ratelimit", "r+").write(
    open("/proc/sys/kernel/printk_ratelimit").read()))  # its own value: harmless if it lands
attempt("processes", lambda: None if len([p for p in os.listdir("/proc") if p.isdigit()]) < 9
        else (_ for _ in ()).throw(OSError("too many")))
'''


@needs_bwrap
@pytest.mark.parametrize("way_in", WAYS_IN)
def test_a_sandboxed_student_has_no_privilege_to_undo_the_sandbox(tmp_path, way_in):
    student = tmp_path / "student"
    folder_of_solutions(student, {GRADED: PRIVILEGES.format(folder=str(student)) + CORRECT})
    judge = sandbox.SandboxedJudge(timeout=5, join=WAYS_IN[way_in])
    try:
        printed = judge.grade(student, [GRADED]).exercises[0].output.splitlines()
    finally:
        judge.close()
    # a new user namespace is refused: its capabilities would not reach these mounts anyway
    assert printed == ["capabilities refused", "remount refused", "mount refused",
                       "new namespaces refused", "write refused", "sysctl refused",
                       "processes done"]
    assert not (student / "written.txt").exists()


FORK_BOMB = '''
import os, time
made = 0
with open("/proc/self/limits") as limits:
    print(next(line for line in limits if line.startswith("Max processes")).split()[2:4])
while made < 200:
    try:
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
    except OSError:
        break
    made += 1
print("forked", made)
'''


@needs_bwrap
def test_a_fork_bomb_stops_at_the_sandbox_s_task_limit(tmp_path):
    student = folder_of_solutions(tmp_path / "student", {GRADED: FORK_BOMB + CORRECT})
    judge = sandbox.SandboxedJudge(timeout=5)
    try:
        printed = judge.grade(student, [GRADED]).exercises[0].output.splitlines()
    finally:
        judge.close()
    limit = namespaces.TASK_LIMIT
    assert printed[0] == f"['{limit}', '{limit}']"  # soft and hard: it cannot be raised
    if os.getuid() != 0:  # Linux holds every user to the limit but root
        # the sandbox's holder, its fork server and the worker's threads count too
        assert 0 < int(printed[1].split()[1]) < limit


@needs_bwrap
def test_a_fork_server_refuses_to_join_what_is_no_sandbox_and_grading_goes_on(tmp_path):
    judge = sandbox.SandboxedJudge(timeout=5)
    unsandboxed = subprocess.Popen(["sleep", "60"])
    try:
        fork_server, why = judge._join(unsandboxed.pid)
        assert fork_server is None and why == "the sandbox has no ipc namespace of its own"
        assert judge.refused == why  # from now on, each sandbox starts its own fork server
        report = judge.grade(folder_of_solutions(tmp_path / "student", {}), [GRADED])
        assert report.exercises[0].status.value == "passed"
    finally:
        unsandboxed.kill()
        unsandboxed.wait()
        judge.close()


@needs_bwrap
def test_sandbox_grades_one_folder_when_asked_and_says_when_it_cannot(tmp_path):
    result = run_grader("--solutions", "closest", "--sandbox", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["summary"]["passed"] == 1
    without = run_grader("--solutions", "--sandbox", env={**os.environ, "PATH": str(tmp_path)})
    assert without.returncode == 2 and without.stdout == ""
    assert without.stderr.startswith("grader.py: error: --sandbox: bubblewrap (bwrap) is not "
                                      "installed; install bubblewrap") and without.stderr.count("\n") == 1


# -- formats and integrations ----------------------------------------------------------------

def test_junit_and_gradescope_reports(tmp_path, judge):
    folder_ = folder_of_solutions(tmp_path / "work", {GRADED: SQUARED,
                                                      "closest_centroid": stub_text("closest_centroid")})
    junit, gradescope = tmp_path / "report.xml", tmp_path / "results.json"
    for fmt, output in (("junit", junit), ("gradescope", gradescope)):
        assert grade_command(["--exercises", str(folder_), "--format", fmt, "--output", str(output),
                              GRADED, "closest", "3"], judge=judge) == 1
    import xml.etree.ElementTree as ElementTree
    suites = ElementTree.parse(junit).getroot()
    assert [suite.get("name") for suite in suites] == ["euclidean_distance", "closest_centroid"]
    failures = suites[0].findall("testcase/failure")
    assert failures and "Hint: 25 is the squared distance" in failures[0].text
    assert suites[1].get("skipped") == suites[1].get("tests") != "0"
    results = json.loads(gradescope.read_text())
    assert results["score"] == 0.0 and len(results["tests"]) == 2
    assert {"name", "score", "max_score", "status", "output"} <= set(results["tests"][0])
    assert results["tests"][0]["status"] == "failed" and "```" in results["tests"][0]["output"]
    with pytest.raises(UsageError, match="--json and --format junit"):
        grade_command(["--json", "--format", "junit"], judge=judge)


def test_output_writes_what_the_code_printed_even_a_lone_surrogate(tmp_path, judge):
    printer = SQUARED.replace("def euclidean_distance", "print('\\ud800')\n\n\ndef euclidean_distance")
    folder_ = folder_of_solutions(tmp_path / "work", {GRADED: printer})
    output = tmp_path / "report.txt"
    assert grade_command(["--exercises", str(folder_), "--output", str(output), GRADED],
                         judge=judge) == 1
    assert "\\ud800" in output.read_text()


def test_gradescope_run_autograder_grades_a_zipped_kata_and_explains_an_empty_one(tmp_path):
    autograder = tmp_path / "autograder"
    (autograder / "submission" / "kmeans-kata" / "exercises").mkdir(parents=True)
    (autograder / "source").symlink_to(ROOT)
    for path in (CATALOGUE / "article").glob("*.py"):
        shutil.copy(path, autograder / "submission" / "kmeans-kata" / "exercises")
    script = ROOT / "integrations" / "gradescope" / "run_autograder"
    subprocess.run([sys.executable, str(script), str(autograder)], check=True, timeout=120)
    results = json.loads((autograder / "results" / "results.json").read_text())
    assert results["score"] == 3.0 and results["output"] == (
        "**3 of 6 exercises passed; 0 of 4 bonus exercises passed.**")  # its bonus: not started
    assert [test["status"] for test in results["tests"]].count("passed") == 3
    assert [test["max_score"] for test in results["tests"]] == [1.0] * 6 + [0.0] * 4  # extra credit
    shutil.rmtree(autograder / "submission")
    (autograder / "submission").mkdir()
    subprocess.run([sys.executable, str(script), str(autograder)], check=True, timeout=120)
    results = json.loads((autograder / "results" / "results.json").read_text())
    assert results["score"] == 0.0 and results["output"] == (
        "Your submission could not be graded: it is empty.")


def test_the_github_classroom_workflow_has_a_step_per_exercise():
    workflow = (ROOT / "integrations" / "github-classroom" / "classroom.yml").read_text()
    ids = [name.lower().replace("_", "-") for name in NAMES]
    for name, step in zip(NAMES, ids):
        assert f"command: python grader.py {name} --no-setup" in workflow
        assert f'{step.upper()}_RESULTS: "${{{{steps.{step}.outputs.result}}}}"' in workflow
    assert f"runners: {','.join(ids)}\n" in workflow
