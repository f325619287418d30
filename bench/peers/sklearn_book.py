"""The book's network in scikit-learn's MLPClassifier, as a speed peer: one hidden layer of sigmoid
('logistic') neurons, plain SGD with a constant learning rate, the same mini-batch size. scikit-learn has no
quadratic cost: it always trains on cross-entropy (log-loss), so the arithmetic differs slightly from ours.
Prints one line per epoch: seconds (training + evaluation)."""
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

import mnist_idx


def main(folder, sizes, batch, epochs):
    train_x, train_y, test_x, test_y = mnist_idx.load(folder)
    model = MLPClassifier(hidden_layer_sizes=tuple(sizes[1:-1]), activation="logistic", solver="sgd",
                          learning_rate="constant", learning_rate_init=0.5, momentum=0.0, alpha=0.0,
                          batch_size=batch, max_iter=1, shuffle=True, random_state=1)
    classes = np.arange(sizes[-1])
    warnings.simplefilter("ignore", ConvergenceWarning)
    for epoch in range(epochs):
        start = time.perf_counter()
        model.partial_fit(train_x, train_y, classes=classes) if epoch else model.fit(train_x, train_y)
        correct = int((model.predict(test_x) == test_y).sum())
        print(f"epoch {epoch} {time.perf_counter() - start:.4f} {correct}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4]))
