"""SGLD written as a NumPy or PyTorch user would write it, for scripts/compare-peers.

Usage: sgld_peers.py FRAMEWORK WORKLOAD CHAINS STEPS SECONDS [TEMPERATURE]
  FRAMEWORK  numpy | torch
  WORKLOAD   gaussian (d = 100) | ackley (d = 2) | logistic (breast cancer, d = 31, batch 32 per chain)
             | mlp (digits, tanh MLP 64-50-10, d = 3760, batch 32 per chain)

The same workloads as bench/src/main/java/dev/langevin/bench/PeerWorkload.java: float32 state of
shape (chains, d), theta <- theta - eta grad + sqrt(2 eta T) xi with T = 1 (TEMPERATURE 0: no noise is drawn, which
leaves the gradient and the update, for the gradient's share of the time). One warm-up run,
then runs of STEPS steps repeat until SECONDS have passed; prints coordinate-steps per second.
The MLP keeps its weights as batched tensors W1 (chains, 64, 50), b1 (chains, 50), W2 (chains, 50, 10),
b2 (chains, 10): NumPy backpropagates by hand with batched matmul, PyTorch takes the gradient by
autograd through torch.bmm, each chain's minibatch its own 32 rows.
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


def load_digits():
    data = np.loadtxt("data/digits.csv.gz", delimiter=",")
    x, y = data[:, :-1], data[:, -1]
    sd = x.std(axis=0, ddof=1)
    x = (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)  # a constant column is only centred
    return x.astype(np.float32), y.astype(np.int64)


MLP_SHAPES = [(64, 50), (50,), (50, 10), (10,)]  # W1, b1, W2, b2: d = 3760


def numpy_mlp(chains, temperature):
    rng = np.random.default_rng(1)
    x, y = load_digits()
    n = x.shape[0]
    eta, batch = 1e-4, 32
    params = [0.1 * rng.standard_normal((chains,) + shape, dtype=np.float32) for shape in MLP_SHAPES]
    scale = np.float32(math.sqrt(2 * eta * temperature))

    def grad(w1, b1, w2, b2):
        idx = rng.integers(0, n, size=(chains, batch))
        xb, yb = x[idx], y[idx]  # (chains, batch, 64), (chains, batch)
        h = np.tanh(xb @ w1 + b1[:, None, :])  # (chains, batch, 50)
        z = h @ w2 + b2[:, None, :]  # (chains, batch, 10)
        z -= z.max(axis=2, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=2, keepdims=True)
        p[np.arange(chains)[:, None], np.arange(batch)[None, :], yb] -= 1
        dz = np.float32(n / batch) * p
        dh = (dz @ w2.transpose(0, 2, 1)) * (1 - h * h)
        return [w1 + xb.transpose(0, 2, 1) @ dh, b1 + dh.sum(axis=1),
                w2 + h.transpose(0, 2, 1) @ dz, b2 + dz.sum(axis=1)]  # prior N(0, 1)

    def run(steps):
        nonlocal params
        for _ in range(steps):
            g = grad(*params)
            if temperature > 0:
                params = [t - np.float32(eta) * gt + scale * rng.standard_normal(t.shape, dtype=np.float32)
                          for t, gt in zip(params, g)]
            else:
                params = [t - np.float32(eta) * gt for t, gt in zip(params, g)]
        return params

    return run, sum(math.prod(shape) for shape in MLP_SHAPES)


def torch_mlp(chains, temperature):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(max(1, len(__import__("os").sched_getaffinity(0))))
    gen = torch.Generator().manual_seed(1)
    xn, yn = load_digits()
    x, y = torch.from_numpy(xn), torch.from_numpy(yn)
    n = x.shape[0]
    eta, batch = 1e-4, 32
    params = [(0.1 * torch.randn((chains,) + shape, generator=gen)).requires_grad_() for shape in MLP_SHAPES]
    scale = math.sqrt(2 * eta * temperature)

    def potential(w1, b1, w2, b2):
        idx = torch.randint(0, n, (chains, batch), generator=gen)
        xb, yb = x[idx], y[idx]  # (chains, batch, 64), (chains, batch)
        h = torch.tanh(torch.baddbmm(b1.unsqueeze(1), xb, w1))
        z = torch.baddbmm(b2.unsqueeze(1), h, w2)
        # the chains' potentials summed: each chain's gradient is that of its own potential
        nll = F.cross_entropy(z.reshape(-1, 10), yb.reshape(-1), reduction="sum")
        prior = 0.5 * sum((t * t).sum() for t in (w1, b1, w2, b2))
        return (n / batch) * nll + prior

    def run(steps):
        for _ in range(steps):
            grads = torch.autograd.grad(potential(*params), params)
            with torch.no_grad():
                for t, g in zip(params, grads):
                    t.add_(g, alpha=-eta)
                    if temperature > 0:
                        t.add_(torch.randn(t.shape, generator=gen), alpha=scale)
        return params

    return run, sum(math.prod(shape) for shape in MLP_SHAPES)


def numpy_sampler(workload, chains, temperature):
    if workload == "mlp":
        return numpy_mlp(chains, temperature)
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
    scale = np.float32(math.sqrt(2 * eta * temperature))

    def run(steps):
        nonlocal theta
        for _ in range(steps):
            theta = theta - np.float32(eta) * grad(theta).astype(np.float32)
            if temperature > 0:
                theta = theta + scale * rng.standard_normal((chains, d), dtype=np.float32)
        return theta

    return run, d


def torch_sampler(workload, chains, temperature):
    if workload == "mlp":
        return torch_mlp(chains, temperature)
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
    scale = math.sqrt(2 * eta * temperature)

    def run(steps):
        nonlocal theta
        for _ in range(steps):
            theta = theta - eta * grad(theta)
            if temperature > 0:
                theta = theta + scale * torch.randn((chains, d), generator=gen, dtype=torch.float32)
        return theta

    return run, d


def main():
    framework, workload, chains, steps, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    temperature = float(sys.argv[6]) if len(sys.argv) > 6 else 1.0
    run, d = (numpy_sampler if framework == "numpy" else torch_sampler)(workload, chains, temperature)
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
