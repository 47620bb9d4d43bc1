"""python3 grader.py demo: the learner's run_Kmeans on real data, beside scikit-learn's.

Everything runs in-process through the command's ``main`` and the session's
judge; the learner's code runs in workers, as in grading.
"""
import os
import re
import time

import numpy as np
import pytest

from kata.cli import main as grader
from kata.commands.demo import main as demo_main
from kata.demo import data
from kata.demo.plot import PALETTE, PANEL_INCHES
from kata.demo.run import Comparison, Recorder, Run, run_yours
from kata.demo.text import data_set_lines, table
from kata.manifest import SOLUTIONS_DIR
from tests.support import folder_of_solutions, folder_of_stubs
from tests.test_grader import alive, descendants


def demo(capsys, judge, *argv):
    """``grader.py demo ARGV`` in-process with the session's judge: (status, stdout, stderr)."""
    status = demo_main(list(argv), judge=judge)
    out, err = capsys.readouterr()
    return status, out, err


def without_times(text):
    return re.sub(r"\n  time .*", "", text)


def block(out, name):
    """The lines of one data set in the demo's report."""
    return out.split(f"\n{name}: ", 1)[1].split("\n\n", 1)[0]


def row(text, label):
    """(yours, scikit-learn's) on the row ``label`` of a data set's table."""
    return tuple(re.search(rf"\n  {label} +(\S+(?: ms)?) +(\S+(?: ms)?)\n", text).groups())


def test_the_seed_is_printed_and_repeats_the_run(capsys, judge):
    status, out, err = demo(capsys, judge, "--solutions")
    assert status == 0 and err == ""
    seed = re.match(r"K-means demo: your run_Kmeans from solutions/, seed (\d+)\n", out).group(1)
    assert f"Repeat this run: python3 grader.py demo --solutions --seed {seed}" in out
    again = demo(capsys, judge, "--solutions", "--seed", seed)
    assert without_times(again[1]) == without_times(out)


def test_from_the_same_start_the_reference_and_scikit_learn_agree(capsys, judge):
    status, out, _ = demo(capsys, judge, "--solutions", "--seed", "1")
    for data_set in data.data_sets():
        text = block(out, data_set.name)
        assert "same labels as scikit-learn: yes, identical (agreement 1.000)" in text
        assert row(text, "inertia")[0] == row(text, "inertia")[1]
        assert row(text, "rounds")[0] == row(text, "rounds")[1]
        assert all(re.fullmatch(r"\d+\.\d ms", time) for time in row(text, "time"))
        assert "Why" not in text.replace("Why K-means struggles here", "")
    assert "Why K-means struggles here:" in block(out, "two moons")
    # seed 1 starts iris from three samples that reach the textbook optimum
    iris = block(out, "iris")
    assert row(iris, "agreement with the true classes") == ("0.716", "0.716")
    assert row(iris, "inertia") == ("78.86", "78.86")
    assert row(iris, "rounds") == ("12", "12")


def test_a_tie_that_parts_the_two_ways_is_named(capsys, judge):
    # iris's measurements lie on a 0.1 cm grid: from seed 146's start, sample 3 is exactly
    # as far from two centroids, and the two K-means end in different clusterings
    status, out, _ = demo(capsys, judge, "--solutions", "--seed", "146")
    iris = " ".join(block(out, "iris").split())  # the words, however the lines wrap
    assert "same labels as scikit-learn: no, they differ on 84 of 150 samples" in iris
    assert ("Why they differ: the first tie in your rounds: in round 1, sample 3 is exactly as "
            "far from centroid 2 as from centroid 3.") in iris
    assert status == 0  # a difference is a lesson, not a failure


def test_the_demo_waits_until_run_Kmeans_passes(capsys, judge, tmp_path):
    stubs = folder_of_stubs(tmp_path / "stubs")
    status, out, err = demo(capsys, judge, "--exercises", str(stubs))
    assert status == 1 and err == ""
    assert out.startswith("The demo runs your run_Kmeans, which has not passed yet (not started).")
    assert f"See why with: python3 grader.py --exercises {stubs} run_Kmeans" in out
    returns_centroids = (SOLUTIONS_DIR / "run_Kmeans.py").read_text().replace(
        "    return labels", "    return centroids")
    centroids = folder_of_solutions(tmp_path / "centroids", {"run_Kmeans": returns_centroids})
    status, out, _ = demo(capsys, judge, "--exercises", str(centroids))
    assert status == 1 and re.match(r"The demo runs your run_Kmeans, which has not passed yet "
                                    r"\(failed, \d+ of \d+ checks passed\)\.", out)


def test_a_crash_on_one_data_set_is_reported_and_the_others_still_run(capsys, judge, tmp_path):
    # the hidden suite's data sets have 60 to 120 samples; two moons has 200
    crash = (SOLUTIONS_DIR / "run_Kmeans.py").read_text().replace(
        "    centroids = initialize_random_centroids(K, X)\n",
        "    if len(X) == 200:\n        import os; os._exit(3)\n"
        "    centroids = initialize_random_centroids(K, X)\n")
    folder = folder_of_solutions(tmp_path / "crash", {"run_Kmeans": crash})
    before = set(descendants(os.getpid()))  # the judge's fork server, say
    status, out, err = demo(capsys, judge, "--exercises", str(folder), "--seed", "2")
    assert status == 1 and err == ""
    moons = " ".join(block(out, "two moons").split())  # the words, however the lines wrap
    assert "Your run_Kmeans gave no labels here:" in moons
    assert "it exited with code 3, as os._exit(3) does" in moons
    assert out.count("yes, identical") == 2  # iris and blobs ran all the same
    # every worker the demo started has ended
    deadline = time.monotonic() + 5
    while (left := [pid for pid in descendants(os.getpid()) if pid not in before and alive(pid)]) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left


def test_a_run_that_never_ends_is_stopped_at_the_time_limit(judge, tmp_path):
    loop = (SOLUTIONS_DIR / "run_Kmeans.py").read_text().replace(
        "    for _ in range(max_iterations):", "    while True:").replace("break", "pass")
    folder = folder_of_solutions(tmp_path / "loop", {"run_Kmeans": loop})
    moons = data.two_moons()
    run = run_yours(judge, folder, "loop", moons, moons.X[:2], timeout=0.3)
    assert run.labels is None and run.rounds > 1
    assert "It did not finish within 0.3 s" in run.problem and "a loop may never end" in run.problem


def test_the_helpers_answer_only_for_the_runs_own_data():
    moons = data.two_moons()
    recorder = Recorder(moons.X, moons.X[:2])
    assert np.array_equal(recorder.initialize_random_centroids(2, moons.X), moons.X[:2])
    with pytest.raises(ValueError, match="an X other than the one run_Kmeans was given"):
        recorder.create_clusters(moons.X[:2], 2, moons.X + 1)
    with pytest.raises(ValueError, match="K=3, but run_Kmeans was given K=2"):
        recorder.compute_means(np.zeros(200, dtype=int), 3, moons.X)
    with pytest.raises(ValueError, match="cluster_idx of shape \\(5,\\), not \\(200,\\)"):
        recorder.compute_means(np.zeros(5, dtype=int), 2, moons.X)
    labels = recorder.create_clusters(moons.X[:2], 2, moons.X)
    recorder.compute_means(labels, 2, moons.X)
    assert recorder.run().rounds == 1 and len(recorder.run().path) == 2


def test_labels_that_differ_from_scikit_learns_are_counted():
    moons = data.two_moons()
    theirs = np.arange(200) % 2
    yours = theirs.copy()
    yours[:3] = 1 - yours[:3]
    lines = data_set_lines(Comparison(moons, moons.X[:2], Run(yours, rounds=3),
                                      Run(theirs, rounds=3)))
    assert "  same labels as scikit-learn: no, they differ on 3 of 200 samples" in "\n".join(lines)
    renumbered = data_set_lines(Comparison(moons, moons.X[:2], Run(1 - theirs, rounds=3),
                                           Run(theirs, rounds=3)))
    assert "no, the same clusters, numbered differently (agreement 1.000)" in "\n".join(renumbered)


def test_an_empty_cluster_that_parts_the_two_ways_is_named():
    moons = data.two_moons()
    everything_in_cluster_1 = np.zeros(200, dtype=int)
    empty = Run(everything_in_cluster_1, path=[moons.X[:2]],
                assignments=[everything_in_cluster_1], rounds=1)
    lines = "\n".join(data_set_lines(Comparison(moons, moons.X[:2], empty,
                                                Run(np.arange(200) % 2, rounds=1))))
    assert "Why they differ: in round 1, cluster 2 was left empty. compute_means restarts" in lines


def test_the_tables_columns_stay_put_whatever_the_times():
    short = table([("", "yours", "scikit-learn"), ("time", "1.0 ms", "0.5 ms")])
    long = table([("", "yours", "scikit-learn"), ("time", "1000.0 ms", "0.5 ms")])
    assert short[0] == long[0] and len(short[1]) == len(long[1])


@pytest.mark.parametrize("args, words", [
    (["--seed", "-1"], "the seed must be between 0 and 4294967295, not -1"),
    (["--seed", "x"], "not a whole number: 'x'"),
    (["--animate", "out.png"], "give a file name ending in .gif, not out.png"),
    (["--plot", "out.jpg"], "give a file name ending in .png or .svg or .pdf, not out.jpg"),
    (["--plot", "no/such/folder/demo.png"], "no such folder for no/such/folder/demo.png"),
    (["--exercises", "nowhere"], "no such folder: nowhere"),
])
def test_usage_errors_get_one_line_and_exit_status_2(capsys, args, words):
    assert grader(["demo", *args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and words in err and "Traceback" not in err


def test_pictures_without_the_plot_extra_name_the_command_that_installs_it(capsys, monkeypatch,
                                                                          tmp_path):
    import sys
    for module in ("matplotlib", "PIL"):
        monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    assert grader(["demo", "--solutions", "--plot", str(tmp_path / "demo.png")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "--plot needs matplotlib and Pillow, from the kata's optional extra 'plot'" in err
    assert re.search(r"install it with: \S+ -m pip install '\S*\[plot\]'", err)
    assert not (tmp_path / "demo.png").exists()


def test_the_picture_and_the_animation_are_drawn(capsys, judge, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra: pip install '.[plot]'")
    from PIL import Image
    png, gif = tmp_path / "demo.png", tmp_path / "rounds.gif"
    status, out, _ = demo(capsys, judge, "--solutions", "--seed", "6", "--plot", str(png),
                          "--animate", str(gif))  # seed 6 converges in few rounds: few frames
    assert status == 0
    rounds = [int(row(block(out, data_set.name), "rounds")[0]) for data_set in data.data_sets()]
    frames = 1 + 2 * max(rounds)  # the start, then each round's assignment and update
    assert f"Picture: {png}" in out and f"Animation: {gif} ({frames} frames)" in out
    with Image.open(png) as picture:
        width, height = PANEL_INCHES  # a row per data set of 4 panels, 100 dots an inch
        assert picture.format == "PNG" and picture.size == (4 * width * 100, 3 * height * 100 + 50)
    with Image.open(gif) as animation:
        assert animation.format == "GIF" and animation.n_frames == frames
        clusters = [tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
                    for colour in PALETTE[:max(d.K for d in data.data_sets())]]
        for frame in range(frames):  # each cluster's own colour, exactly, in every frame
            animation.seek(frame)
            shown = {rgb for _, rgb in animation.convert("RGB").getcolors(2**20)}
            assert all(rgb in shown for rgb in clusters), frame


def test_a_data_set_without_labels_still_gets_its_pictures(tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra: pip install '.[plot]'")
    from PIL import Image

    from kata.demo import plot
    moons = data.two_moons()
    stopped = Run(problem="Called run_Kmeans(...). It did not finish within 5 s.",
                  stopped="it did not finish in time", path=[moons.X[:2]])
    comparisons = [Comparison(moons, moons.X[:2], stopped, Run(moons.classes, rounds=1,
                                                               path=[moons.X[:2], moons.X[:2]]))]
    figure = plot.figure(comparisons, 0)
    said = [text.get_text() for ax in figure.axes for text in ax.texts]
    # in the panels of yours: clusters and paths; scikit-learn's and the truth as ever
    assert said == ["your run_Kmeans gave no labels:\nit did not finish in time"] * 2
    figure.savefig(tmp_path / "one.png")
    assert plot.save_animation(comparisons, 0, tmp_path / "one.gif") == 1  # the start alone
    with Image.open(tmp_path / "one.png") as picture:
        assert picture.format == "PNG"
