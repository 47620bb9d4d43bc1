# bug: it removes repeated rows with np.unique before drawing, so a sample X holds three times is no likelier to start than one it holds once: the probabilities change.
# message: Each of the m = 7 samples should start with chance 1/m
# message: as if the copies were removed (np.unique)
import numpy as np


def kmeans_plus_plus(K, X):
    """Pick K starting centroids with k-means++."""
    X = np.unique(X, axis=0)
    m = len(X)
    picks = [np.random.choice(m)]
    D2 = ((X - X[picks[0]]) ** 2).sum(axis=1).astype(float)
    for _ in range(1, K):
        picks.append(np.random.choice(m, p=D2 / D2.sum()))
        D2 = np.minimum(D2, ((X - X[picks[-1]]) ** 2).sum(axis=1))
    return X[picks]
