# bug: after a random first centroid it always takes the sample farthest from the chosen ones (np.argmax of D2) instead of drawing it with probability proportional to D(x)^2.
# message: Every pick was the sample farthest from the centroids chosen so far
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    picks = [np.random.randint(len(X))]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1)
    for _ in range(1, K):
        picks.append(int(np.argmax(D2)))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[picks]
