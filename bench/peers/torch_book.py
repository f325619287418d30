"""The book's chapter-1 run in PyTorch, as a speed peer: [784, 30, 10] sigmoid network, quadratic cost
(0.5 * squared error summed over outputs, averaged over the mini-batch, as the book's update rule does),
mini-batch SGD with eta 3.0, one CPU thread. Prints one line per epoch: seconds (training + evaluation)."""
import sys
import time

import numpy as np
import torch

import mnist_idx


def main(folder, sizes, batch, epochs):
    torch.set_num_threads(1)
    torch.manual_seed(1)
    train_x, train_y, test_x, test_y = mnist_idx.load(folder)
    train_x, test_x = torch.from_numpy(train_x), torch.from_numpy(test_x)
    train_y, test_y = torch.from_numpy(train_y), torch.from_numpy(test_y)
    targets = torch.nn.functional.one_hot(train_y, sizes[-1]).float()
    layers = []
    for i in range(1, len(sizes)):
        linear = torch.nn.Linear(sizes[i - 1], sizes[i])
        torch.nn.init.normal_(linear.weight)
        torch.nn.init.normal_(linear.bias)
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=3.0)
    for epoch in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(train_x))
        for k in range(0, len(train_x), batch):
            idx = order[k:k + batch]
            output = model(train_x[idx])
            loss = 0.5 * ((output - targets[idx]) ** 2).sum(dim=1).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            correct = (model(test_x).argmax(dim=1) == test_y).sum().item()
        print(f"epoch {epoch} {time.perf_counter() - start:.4f} {correct}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4]))
