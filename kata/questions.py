"""The follow-up questions an interviewer asks once the K-means code works, with model answers.

An interview's summary lists the questions; ``grader.py interview --answers``
shows the answers, once the session is over. Notation: m samples, n features,
K clusters; ||v||^2 is a squared Euclidean norm and x.c a dot product.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    topic: str
    question: str
    answer: str   # short: what a good candidate says in a minute or two
    exercise: str = ""  # the bonus exercise that has you write it, if one does


QUESTIONS = (
    Question(
        "time per iteration",
        "What does one iteration of your K-means cost in time, and a whole run?",
        "The assignment computes K distances of n features for each of the m samples: "
        "O(m*K*n). The update adds each sample to its cluster's mean, O(m*n) (the reference's "
        "K boolean masks add O(m*K)). So an iteration is O(m*K*n), and i iterations "
        "O(i*m*K*n). Vectorising changes the constant, not the order."),
    Question(
        "memory per iteration",
        "And how much memory does an iteration need?",
        "The data takes O(m*n), the centroids O(K*n) and the labels O(m); the reference's "
        "loops add O(K) distances at a time and an O(m) mask per cluster. A vectorised "
        "assignment needs an (m, K) distance matrix, O(m*K), or O(m*K*n) if it broadcasts "
        "X[:, None, :] - C[None, :, :]. Assigning X in chunks of rows bounds either."),
    Question(
        "the start and k-means++",
        "Why can two runs on the same data give different clusters, and what does k-means++ "
        "change?",
        "Lloyd's algorithm only improves the start it is given: it ends in a local optimum "
        "that depends on the initial centroids, and a random start can put two centroids in "
        "one true cluster and none in another. k-means++ picks the first centroid uniformly "
        "and each next one with probability proportional to D(x)^2, the squared distance to "
        "the nearest centroid chosen so far, which spreads the starts over the data. Its "
        "expected inertia is within 8(ln K + 2) times the optimum before any iteration "
        "(Arthur and Vassilvitskii, 2007), for O(m*K*n), the cost of about one iteration.",
        exercise="kmeans_plus_plus"),
    Question(
        "choosing K",
        "How do you choose K?",
        "Not by the lowest inertia: the best inertia never grows with K, and is 0 once every "
        "sample has a centroid of its own. The elbow method plots inertia against K and takes "
        "the K where the curve bends, after which more clusters stop paying off. The "
        "silhouette score averages (b - a) / max(a, b) over the samples, a being the mean "
        "distance to the rest of its cluster and b to the nearest other cluster; it lies in "
        "[-1, 1], and you take the K that maximises it. It needs K >= 2 and costs O(m^2*n), "
        "so it is often computed on a sample. What the clusters are for counts too.",
        exercise="compute_inertia"),
    Question(
        "empty clusters",
        "How can a cluster end up empty, and what do you do then?",
        "It is empty when no sample has its centroid as the nearest: two centroids start on "
        "the same sample (ties go to the lowest index), one starts far from the data, or the "
        "others move closer to all its samples. The mean of no samples is NaN, and np.argmin "
        "returns the index of a NaN, so the next assignment sends every sample to it. Restart "
        "it instead: on a random sample, as the reference does, or on the sample farthest "
        "from its centroid, which lowers inertia most (scikit-learn relocates to far "
        "samples), or split the largest cluster."),
    Question(
        "convergence",
        "Does Lloyd's algorithm always converge, and to what?",
        "Yes, in finitely many iterations. The assignment minimises inertia over the labels "
        "for fixed centroids, and the update over the centroids for fixed labels (the mean "
        "is the only minimiser of a sum of squared distances), so inertia never increases "
        "and drops in every round that moves a centroid. No partition can then come back, "
        "and there are at most K^m of them. It stops at a fixed point that neither step "
        "improves: a local optimum, not necessarily the global one, which is NP-hard to find. "
        "It usually takes tens of iterations, but can take exponentially many even in the "
        "plane (Vattani, 2011): hence max_iterations."),
    Question(
        "the stopping rule",
        "Your loop stops when np.array_equal says no centroid moved. Is that a good rule?",
        "It is exact: the same centroids give the same next assignment, so every later round "
        "would repeat, and the same labels give bit-identical means, so it does trigger. But "
        "it can wait through many rounds in which a few labels change and the centroids barely "
        "move. Libraries also stop when the centroids move less than a tolerance "
        "(scikit-learn's tol, relative to the data's variance), always with an iteration cap."),
    Question(
        "scaling the features",
        "Should you scale the features before running K-means?",
        "Usually. K-means minimises squared Euclidean distances, so a feature with a large "
        "range (income in dollars next to age in years) dominates them and decides the "
        "clusters. Standardise each feature to zero mean and unit variance, or min-max scale "
        "it. It is a modelling choice, as K-means is not scale-invariant: features that share "
        "a meaningful unit, such as coordinates in metres, can stay as they are."),
    Question(
        "very large data",
        "How do you run K-means when m is very large, or the data does not fit in memory?",
        "Mini-batch K-means (Sculley, 2010; scikit-learn's MiniBatchKMeans) updates the "
        "centroids from small random batches of b samples, moving each centroid towards its "
        "batch samples with a step of 1/count, so a step costs O(b*K*n) and the data can be "
        "streamed, for a slightly higher inertia. Other ways: fit on a random sample and "
        "assign everything in one pass, compute distances in chunks, distribute the "
        "assignment and add up per-cluster sums and counts, reduce n with PCA, or skip "
        "distances with triangle-inequality bounds (Elkan, Hamerly)."),
    Question(
        "the vectorised distance matrix",
        "How does a vectorised distance matrix work, and what does it cost in memory?",
        "Expand ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2: the m and K squared norms are cheap, "
        "and all the cross terms are one matrix product X @ C.T, run by BLAS; broadcasting "
        "the three terms gives the (m, K) matrix. It is still O(m*K*n) time, but fast, and "
        "O(m*K) memory, where broadcasting X[:, None, :] - C[None, :, :] holds O(m*K*n): "
        "about 100 MB of float64 for m = 100,000, K = 8, n = 16. For the argmin you can skip "
        "the sqrt and the ||x||^2 term. The catch is cancellation: far from the origin it "
        "subtracts large, nearly equal numbers and can give small negatives, so clip at 0 or "
        "centre the data first.",
        exercise="create_clusters_fast"),
    Question(
        "the shape of the clusters",
        "What does K-means assume about the clusters, and when does it fail?",
        "Each sample goes to its nearest centroid, so the clusters are Voronoi cells: convex, "
        "split by the hyperplanes halfway between centroids, and the objective favours round "
        "clusters of similar spread. It fails on non-convex shapes (two moons, rings), on "
        "elongated clusters and on clusters of very different sizes or densities, and "
        "outliers pull the means. Gaussian mixtures with full covariances, DBSCAN or HDBSCAN, "
        "spectral clustering, or k-medoids against outliers fit those better."),
    Question(
        "comparing runs",
        "How do you compare two runs, or keep the best of several?",
        "By inertia, the sum of squared distances from each sample to its own centroid, "
        "which K-means minimises: run it from several starts and keep the lowest. Inertia "
        "compares runs only on the same data with the same K, as it falls when K grows and "
        "depends on the scales. Never compare labels directly, as cluster numbers are an "
        "arbitrary permutation; the adjusted Rand index measures how two labellings agree. "
        "scikit-learn's n_init does this; since version 1.4 its default, 'auto', means one "
        "run with k-means++ and ten with random starts.",
        exercise="run_Kmeans_best_of"),
)
