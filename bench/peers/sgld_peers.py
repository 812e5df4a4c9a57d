"""SGLD written as a NumPy or PyTorch user would write it, for scripts/compare-peers.

Usage: sgld_peers.py FRAMEWORK WORKLOAD CHAINS STEPS SECONDS
  FRAMEWORK  numpy | torch
  WORKLOAD   gaussian (d = 100) | ackley (d = 2) | logistic (breast cancer, d = 31, batch 32 per chain)

The same workloads as bench/src/main/java/dev/langevin/bench/PeerWorkload.java: float32 state of
shape (chains, d), theta <- theta - eta grad + sqrt(2 eta T) xi with T = 1. One warm-up run,
then runs of STEPS steps repeat until SECONDS have passed; prints coordinate-steps per second.
"""
import math
import sys
import time

import numpy as np


def load_breast_cancer():
    data = np.loadtxt("data/breast_cancer.csv", delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1]
    x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    return x.astype(np.float32), y.astype(np.float32)


def numpy_sampler(workload, chains):
    rng = np.random.default_rng(1)
    a, b, c = 20.0, 0.2, 2 * math.pi
    if workload == "gaussian":
        d, eta = 100, 1e-2

        def grad(theta):
            return theta  # standard normal: (theta - 0) / 1^2

    elif workload == "ackley":
        d, eta = 2, 1e-2

        def grad(theta):
            r = np.sqrt(np.mean(theta * theta, axis=1, keepdims=True))
            radial = np.where(r > 0, a * b * np.exp(-b * r) / (d * np.maximum(r, 1e-30)), 0.0)
            ripple = c * np.exp(np.mean(np.cos(c * theta), axis=1, keepdims=True)) / d
            return radial * theta + ripple * np.sin(c * theta)

    else:
        x, y = load_breast_cancer()
        n, p = x.shape
        d, eta, batch = p + 1, 1e-4, 32

        def grad(theta):
            idx = rng.integers(0, n, size=(chains, batch))
            xb, yb = x[idx], y[idx]  # (chains, batch, p), (chains, batch)
            logits = theta[:, :1] + np.einsum("cbp,cp->cb", xb, theta[:, 1:])
            s = 1.0 / (1.0 + np.exp(-logits)) - yb
            g = theta.copy()  # prior N(0, 1)
            g[:, 0] += (n / batch) * s.sum(axis=1)
            g[:, 1:] += (n / batch) * np.einsum("cb,cbp->cp", s, xb)
            return g

    theta = rng.standard_normal((chains, d), dtype=np.float32)
    scale = np.float32(math.sqrt(2 * eta))

    def run(steps):
        nonlocal theta
        for _ in range(steps):
            noise = rng.standard_normal((chains, d), dtype=np.float32)
            theta = theta - np.float32(eta) * grad(theta).astype(np.float32) + scale * noise
        return theta

    return run, d


def torch_sampler(workload, chains):
    import torch

    torch.set_num_threads(max(1, len(__import__("os").sched_getaffinity(0))))
    torch.set_grad_enabled(False)
    gen = torch.Generator().manual_seed(1)
    a, b, c = 20.0, 0.2, 2 * math.pi
    if workload == "gaussian":
        d, eta = 100, 1e-2

        def grad(theta):
            return theta

    elif workload == "ackley":
        d, eta = 2, 1e-2

        def grad(theta):
            r = torch.sqrt(torch.mean(theta * theta, dim=1, keepdim=True))
            radial = torch.where(r > 0, a * b * torch.exp(-b * r) / (d * r.clamp_min(1e-30)), torch.zeros_like(r))
            ripple = c * torch.exp(torch.mean(torch.cos(c * theta), dim=1, keepdim=True)) / d
            return radial * theta + ripple * torch.sin(c * theta)

    else:
        xn, yn = load_breast_cancer()
        x, y = torch.from_numpy(xn), torch.from_numpy(yn)
        n, p = x.shape
        d, eta, batch = p + 1, 1e-4, 32

        def grad(theta):
            idx = torch.randint(0, n, (chains, batch), generator=gen)
            xb, yb = x[idx], y[idx]
            logits = theta[:, :1] + torch.bmm(xb, theta[:, 1:].unsqueeze(2)).squeeze(2)
            s = torch.sigmoid(logits) - yb
            g = theta.clone()
            g[:, 0] += (n / batch) * s.sum(dim=1)
            g[:, 1:] += (n / batch) * torch.bmm(s.unsqueeze(1), xb).squeeze(1)
            return g

    theta = torch.randn((chains, d), generator=gen, dtype=torch.float32)
    scale = math.sqrt(2 * eta)

    def run(steps):
        nonlocal theta
        for _ in range(steps):
            noise = torch.randn((chains, d), generator=gen, dtype=torch.float32)
            theta = theta - eta * grad(theta) + scale * noise
        return theta

    return run, d


def main():
    framework, workload, chains, steps, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    run, d = (numpy_sampler if framework == "numpy" else torch_sampler)(workload, chains)
    run(max(1, steps // 10))
    start = time.perf_counter()
    runs = 0
    while True:
        run(steps)
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    print(f"{runs * chains * steps * d / elapsed:.6e}")


if __name__ == "__main__":
    main()
