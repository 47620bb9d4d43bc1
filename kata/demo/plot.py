"""The demo's pictures: a figure with a row per data set, and a GIF of every round.

matplotlib (with its Agg backend, so no display is needed) and Pillow are the
optional extra ``plot``; :func:`missing` names what is not installed. Cluster k
has the same colour in every panel and every frame, its centroid is a large
black-edged X, and the true classes take the colour of the cluster they
overlap most, so a match shows as the same colours.
"""
import importlib.util

import numpy as np

from .run import EXERCISE, MAX_ITERATIONS

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#17becf")
UNLABELLED = "#b5b5b5"     # samples before the first assignment
EXTRA = (("matplotlib", "matplotlib"), ("PIL", "Pillow"))   # (module, pip name)
FRAME_MS, FIRST_MS, LAST_MS = 800, 1500, 3000   # how long the GIF shows each frame
PANEL_INCHES = (4.2, 3.6)


def missing():
    """The pip names of the extra's packages that are not installed ([] when all are)."""
    return [pip for module, pip in EXTRA if importlib.util.find_spec(module) is None]


# -- the figure: a row per data set -----------------------------------------------------


def figure(comparisons, seed):
    """Per data set: your clusters, the centroids' paths, scikit-learn's clusters, the truth."""
    from matplotlib.figure import Figure

    width, height = PANEL_INCHES
    total_width, total_height = 4 * width, len(comparisons) * height + 0.5  # + the title
    fig = Figure(figsize=(total_width, total_height), dpi=100)
    # margins set by hand, in inches: a layout engine would double the time to draw
    fig.subplots_adjust(left=0.75 / total_width, right=1 - 0.1 / total_width,
                        bottom=0.5 / total_height, top=1 - 0.95 / total_height,
                        wspace=0.25, hspace=0.55)
    fig.suptitle(f"K-means from the same start (np.random.seed({seed})): your {EXERCISE} "
                 f"beside scikit-learn's", fontsize=14)
    for row, comparison in zip(fig.subplots(len(comparisons), 4, squeeze=False), comparisons):
        your_clusters(row[0], comparison)
        centroid_paths(row[1], comparison)
        scikit_learn_clusters(row[2], comparison)
        true_classes(row[3], comparison)
    return fig


def save_figure(comparisons, seed, path):
    figure(comparisons, seed).savefig(path)


def your_clusters(ax, comparison):
    data, yours = comparison.data_set, comparison.yours
    prepare(ax, data, f"{data.name}: your clusters"
                      + ("" if yours.problem else f", {rounds_words(yours.rounds)}"))
    if yours.problem:
        return no_labels(ax, data, yours)
    draw_samples(ax, data, yours.labels)
    draw_centroids(ax, data, yours.path[-1])
    ax.legend(handles=cluster_handles(data.K) + [centroid_handle()], **LEGEND)


def centroid_paths(ax, comparison):
    data, yours = comparison.data_set, comparison.yours
    prepare(ax, data, f"{data.name}: each centroid, round by round")
    if yours.problem:
        return no_labels(ax, data, yours)
    draw_samples(ax, data, yours.labels, alpha=0.15)
    path = np.array([project(data, centroids) for centroids in yours.path])  # (rounds+1, K, 2)
    for k in range(data.K):
        ax.plot(path[:, k, 0], path[:, k, 1], "-o", color=colour(k), markersize=4,
                markeredgecolor="black", markeredgewidth=0.5, linewidth=1.8, zorder=4)
    draw_start(ax, data, yours.path[0])
    draw_centroids(ax, data, yours.path[-1])
    ax.legend(handles=[start_handle(), round_handle(), centroid_handle("where it ended")],
              **LEGEND)


def scikit_learn_clusters(ax, comparison):
    data, theirs = comparison.data_set, comparison.scikit_learn
    same = ("yours gave none" if comparison.yours.problem else
            "identical to yours" if comparison.identical else "not the same as yours")
    prepare(ax, data, f"{data.name}: scikit-learn, same start\n({same})")
    draw_samples(ax, data, theirs.labels)
    draw_centroids(ax, data, theirs.path[-1])
    ax.legend(handles=cluster_handles(data.K) + [centroid_handle()], **LEGEND)


def true_classes(ax, comparison):
    data = comparison.data_set
    prepare(ax, data, f"{data.name}: the true classes")
    clusters = comparison.scikit_learn if comparison.yours.problem else comparison.yours
    cluster_of = matching_clusters(data.classes, clusters.labels, data.K)
    draw_samples(ax, data, cluster_of[data.classes])
    ax.legend(handles=[handle(colour(cluster_of[c]), name)
                       for c, name in enumerate(data.class_names)], **LEGEND)


def matching_clusters(classes, labels, K):
    """For each class, the cluster it overlaps most, each cluster used once (K classes)."""
    from scipy.optimize import linear_sum_assignment

    overlap = np.zeros((K, K), dtype=int)
    np.add.at(overlap, (classes, labels), 1)
    rows, columns = linear_sum_assignment(-overlap)
    return columns[np.argsort(rows)]


# -- the animation: assignment, then update, round by round ------------------------------


def save_animation(comparisons, seed, path):
    """A GIF with a panel per data set: the start, then each round's assignment and update.

    A data set that has converged keeps showing its last frame while the others
    go on. Returns the number of frames.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = PANEL_INCHES
    fig = Figure(figsize=(len(comparisons) * width, height + 0.8), layout="constrained", dpi=90)
    fig.suptitle(f"K-means round by round: your {EXERCISE} (np.random.seed({seed}))")
    panels = [RoundsPanel(ax, comparison) for ax, comparison
              in zip(fig.subplots(1, len(comparisons), squeeze=False)[0], comparisons)]
    K = max(comparison.data_set.K for comparison in comparisons)
    fig.legend(handles=cluster_handles(K) + [centroid_handle(), trail_handle()],
               loc="outside lower center", ncols=K + 2, fontsize=8)
    # Blitting: draw what never changes once, then only each frame's moving parts over it.
    canvas = FigureCanvasAgg(fig)
    for panel in panels:
        panel.show(0)
    canvas.draw()
    fig.set_layout_engine("none")  # laid out once: every frame has the same layout
    background = canvas.copy_from_bbox(fig.bbox)
    frames = []
    for number in range(max(len(panel.steps) for panel in panels)):
        canvas.restore_region(background)
        for panel in panels:
            panel.show(number)
            panel.draw()
        frames.append(image(canvas))
    durations = [FIRST_MS] + [FRAME_MS] * (len(frames) - 2) + [LAST_MS]
    write_gif(frames, durations[-len(frames):], path)
    return len(frames)


class RoundsPanel:
    """One data set's panel of the animation; its artists are made once and moved per frame."""

    CAPTIONS = {"start": "start: {K} samples picked at random",
                "assignment": "assignment: each sample to its nearest centroid",
                "update": "update: each centroid to its samples' mean"}

    def __init__(self, ax, comparison):
        from matplotlib.patches import FancyArrowPatch

        self.ax, self.data, self.run = ax, comparison.data_set, comparison.yours
        rounds = 0 if self.run.problem else self.run.rounds
        self.steps = [(0, "start")] + [(r, stage) for r in range(1, rounds + 1)
                                       for stage in ("assignment", "update")]
        self.moving = []   # what each frame draws again; the rest is drawn once
        if self.run.problem:
            prepare(ax, self.data, f"{self.data.name}\nno rounds to show")
            no_labels(ax, self.data, self.run)
            return
        prepare(ax, self.data, "\n")  # two lines, as every frame's title
        xy = project(self.data, self.data.X)
        self.samples = ax.scatter(xy[:, 0], xy[:, 1], c=UNLABELLED, s=14, alpha=0.75,
                                  linewidths=0, zorder=2)
        K = self.data.K
        self.trails = [ax.plot([], [], "-", color="black", linewidth=1, alpha=0.5, zorder=4)[0]
                       for _ in range(K)]
        self.arrows = [ax.add_patch(FancyArrowPatch((0, 0), (0, 0), arrowstyle="-|>",
                                                    mutation_scale=14, color="black", lw=1.5,
                                                    shrinkB=9, zorder=6)) for _ in range(K)]
        self.centroids = draw_centroids(ax, self.data, self.run.path[0])
        self.moving = [ax.title, self.samples, *self.trails, *self.arrows, self.centroids]
        for artist in self.moving:
            artist.set_animated(True)

    def draw(self):
        for artist in self.moving:
            self.ax.draw_artist(artist)

    def show(self, number):
        """Draw frame ``number``; past the last step, the last step stays."""
        if self.run.problem:
            return
        round_number, stage = self.steps[min(number, len(self.steps) - 1)]
        self.ax.set_title(self.title(round_number, stage), fontsize=9.5)
        # the centroids after this step: an assignment leaves them where they were
        now = round_number if stage == "update" else max(round_number - 1, 0)
        path = [project(self.data, centroids) for centroids in self.run.path[:now + 1]]
        labels = self.run.assignments[round_number - 1] if round_number else None
        self.samples.set_facecolor(UNLABELLED if labels is None else [colour(k) for k in labels])
        for k, (trail, arrow) in enumerate(zip(self.trails, self.arrows)):
            trail.set_data([p[k, 0] for p in path], [p[k, 1] for p in path])
            arrow.set_visible(stage == "update")
            if stage == "update":
                arrow.set_positions(path[-2][k], path[-1][k])
        self.centroids.set_offsets(path[-1])

    def title(self, round_number, stage):
        data, rounds = self.data, self.run.rounds
        if not round_number:
            heading = "start"
        else:
            heading = f"round {round_number} of {rounds}"
            if round_number == rounds and stage == "update":
                heading += ": nothing moved, done" if rounds < MAX_ITERATIONS else ", the last"
        return f"{data.name}, {heading}\n{self.CAPTIONS[stage].format(K=data.K)}"


def image(canvas):
    """What the canvas shows now, as a Pillow image."""
    from PIL import Image

    return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")


def write_gif(frames, durations, path):
    """Save the frames with one palette for all, so no colour shifts from frame to frame."""
    from PIL import Image

    width, height = frames[0].size
    sample = Image.new("RGB", (width, height * 2))
    sample.paste(frames[0], (0, 0))   # the grey start ...
    sample.paste(frames[-1], (0, height))  # ... and every cluster's colour
    palette = sample.quantize(colors=256)
    images = [frame.quantize(palette=palette, dither=Image.Dither.NONE) for frame in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=durations, loop=0)


# -- what every panel shares ---------------------------------------------------------------

LEGEND = dict(fontsize=7, loc="best", framealpha=0.85, handletextpad=0.3, borderpad=0.4)


def prepare(ax, data, title):
    """Title, axis labels, and limits fixed by the data, so frames do not jump."""
    xy = project(data, data.X)
    low, high = xy.min(axis=0), xy.max(axis=0)
    margin = (high - low) * 0.06
    ax.set_xlim(low[0] - margin[0], high[0] + margin[0])
    ax.set_ylim(low[1] - margin[1], high[1] + margin[1])
    ax.set_xlabel(data.axis_labels[0])
    ax.set_ylabel(data.axis_labels[1])
    ax.set_title(title, fontsize=10)


def project(data, points):
    """The two columns the pictures show."""
    return np.asarray(points)[:, list(data.axes)]


def colour(k):
    return PALETTE[k % len(PALETTE)]


def draw_samples(ax, data, labels, alpha=0.75):
    xy = project(data, data.X)
    colours = UNLABELLED if labels is None else [colour(k) for k in labels]
    ax.scatter(xy[:, 0], xy[:, 1], c=colours, s=14, alpha=alpha, linewidths=0, zorder=2)


def draw_centroids(ax, data, centroids):
    xy = project(data, centroids)
    return ax.scatter(xy[:, 0], xy[:, 1], c=[colour(k) for k in range(len(xy))], marker="X", s=260,
               edgecolors="black", linewidths=1.8, zorder=7)


def draw_start(ax, data, centroids):
    xy = project(data, centroids)
    ax.scatter(xy[:, 0], xy[:, 1], facecolors="white", marker="o", s=110, linewidths=2.2,
               edgecolors=[colour(k) for k in range(len(xy))], zorder=6)


def no_labels(ax, data, run):
    draw_samples(ax, data, None)
    ax.text(0.5, 0.5, f"your {EXERCISE} gave no labels:\n{run.stopped}",
            transform=ax.transAxes, ha="center", va="center", fontsize=8,
            bbox=dict(facecolor="white", edgecolor="#d62728"))


def rounds_words(rounds):
    return f"{rounds} round{'s' * (rounds != 1)}"


def handle(colour_name, label, **style):
    from matplotlib.lines import Line2D
    style = {"marker": "o", "markersize": 6, "markeredgewidth": 0, "linestyle": "", **style}
    return Line2D([], [], color=colour_name, label=label, **style)


def cluster_handles(K):
    return [handle(colour(k), f"cluster {k + 1}") for k in range(K)]


def centroid_handle(label="centroid"):
    return handle("#dddddd", label, marker="X", markersize=11, markeredgecolor="black",
                  markeredgewidth=1.5)


def start_handle():
    return handle("white", "start", markersize=9, markeredgecolor="#444444", markeredgewidth=2)


def round_handle():
    return handle("#777777", "after each round", marker="o", linestyle="-", markersize=4,
                  markeredgecolor="black", markeredgewidth=0.5)


def trail_handle():
    return handle("black", "its earlier places", marker="", linestyle="-", alpha=0.5)
