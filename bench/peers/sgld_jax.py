"""SGLD in JAX, written the way BlackJAX users write it, for gpu-check.sh (scripts/gpu-bundle).

The same workloads as dev.langevin.check.Throughput and bench/peers/sgld_peers.py: float32 state,
theta <- theta + eta grad log p(theta) + sqrt(2 eta T) xi with T = 1:
  gaussian  d = 100, standard normal, eta = 1e-2
  ackley    d = 2, eta = 1e-2
  logistic  breast cancer (standardised features, d = 31), prior N(0, 1), minibatches of 32
            rows per chain drawn with replacement, the gradient scaled by N / 32, eta = 1e-4
  mlp       the digits (standardised; a constant column only centred), a tanh MLP 64-50-10
            (d = 3760: W1, b1, W2, b2), softmax likelihood, prior N(0, 1), minibatches of 32 rows
            per chain as for logistic, eta = 1e-4, starts 0.05 N(0, 1) as langevin's Throughput
A kernel moves one chain one step (jax.grad of the log density, jax.random.normal for the
noise, as blackjax.sgld does); jax.vmap runs it over the chains and jax.lax.scan over the steps,
with one key per step split into one key per chain (BlackJAX's "inference loop for multiple
chains"); jax.random is the default threefry2x32. Only the final state is returned (no draws
kept), as langevin's throughput runs keep none.

coordinate-steps/s is steady state, as langevin's: runs of S1 and S2 steps, each compiled and run
once before it is timed, and chains x d x (S2 - S1) / (t2 - t1).

Usage: sgld_jax.py [--chains 4096,65536,1048576] [--workloads gaussian,ackley,logistic,mlp]
                   [--seconds 1] [--data DIR] [--langevin-csv FILE] [--csv FILE]
Prints a Markdown table; with --langevin-csv (Throughput's CSV) also langevin's K = 64 rate
and the ratio langevin / JAX. `sgld_jax.py --check-numpy` checks the log densities' gradients
against the closed forms by finite differences, with numpy standing in for jax.numpy.
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np

WORKLOADS = {
    # name: (label as langevin's Throughput prints it, dimension or None for the data's, step size)
    "gaussian": ("gaussian d=100", 100, 1e-2),
    "ackley": ("ackley d=2", 2, 1e-2),
    "logistic": ("logistic d=31 batch 32", None, 1e-4),
    "mlp": ("mlp 64-50-10 d=3760 batch 32", 3760, 1e-4),
}
MLP_SHAPES = [(64, 50), (50,), (50, 10), (10,)]  # W1 (input i to unit j at [i, j]), b1, W2, b2
BATCH = 32
ACKLEY_A, ACKLEY_B, ACKLEY_C = 20.0, 0.2, 2 * math.pi


def load_breast_cancer(data_dir):
    data = np.loadtxt(os.path.join(data_dir, "breast_cancer.csv"), delimiter=",", skiprows=1)
    x, y = data[:, :-1], data[:, -1]
    x = (x - x.mean(axis=0)) / x.std(axis=0, ddof=1)
    return x.astype(np.float32), y.astype(np.float32)


def load_digits(data_dir):
    data = np.loadtxt(os.path.join(data_dir, "digits.csv.gz"), delimiter=",")
    x, y = data[:, :-1], data[:, -1]
    sd = x.std(axis=0, ddof=1)
    x = (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    return x.astype(np.float32), y.astype(np.int32)


def mlp_densities(xp, logsumexp):
    """The MLP's log prior and log likelihood of one row, theta flat as langevin lays it out."""

    def unpack(theta):
        parts, at = [], 0
        for shape in MLP_SHAPES:
            size = math.prod(shape)
            parts.append(theta[at:at + size].reshape(shape))
            at += size
        return parts

    def prior(theta):
        return -0.5 * xp.sum(theta * theta)

    def likelihood(theta, x, y):
        w1, b1, w2, b2 = unpack(theta)
        z = xp.tanh(x @ w1 + b1) @ w2 + b2
        return z[y] - logsumexp(z)

    return prior, likelihood


def log_densities(xp, softplus):
    """The log densities (up to a constant) over the array module xp: jax.numpy, or numpy to check them."""

    def gaussian(theta):
        return -0.5 * xp.sum(theta * theta)

    def ackley(theta):
        d = theta.shape[0]
        radius = xp.sqrt(xp.sum(theta * theta) / d)
        u = (-ACKLEY_A * xp.exp(-ACKLEY_B * radius) - xp.exp(xp.sum(xp.cos(ACKLEY_C * theta)) / d)
             + ACKLEY_A + math.e)
        return -u

    def logistic_prior(theta):
        return -0.5 * xp.sum(theta * theta)

    def logistic_likelihood(theta, x, y):
        # one row: log sigmoid(eta)^y (1 - sigmoid(eta))^(1 - y) = y eta - softplus(eta)
        eta = theta[0] + xp.dot(x, theta[1:])
        return y * eta - softplus(eta)

    return gaussian, ackley, logistic_prior, logistic_likelihood


def jax_sampler(workload, chains, data_dir):
    """A jitted function (key, steps) -> final states, and the dimension d."""
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_default_prng_impl", "threefry2x32")
    gaussian, ackley, logistic_prior, logistic_likelihood = log_densities(jnp, jax.nn.softplus)
    _, dim, step_size = WORKLOADS[workload]
    init_scale = 1.0
    if workload in ("logistic", "mlp"):
        if workload == "logistic":
            xn, yn = load_breast_cancer(data_dir)
            dim = xn.shape[1] + 1
            prior, likelihood = logistic_prior, logistic_likelihood
        else:
            xn, yn = load_digits(data_dir)
            from jax.scipy.special import logsumexp

            prior, likelihood = mlp_densities(jnp, logsumexp)
            init_scale = 0.05
        x, y = jnp.asarray(xn), jnp.asarray(yn)
        n = x.shape[0]
        prior_grad = jax.grad(prior)
        row_grad = jax.vmap(jax.grad(likelihood), in_axes=(None, 0, 0))

        def grad_estimate(key, theta):
            # blackjax.sgmcmc.gradients.grad_estimator: grad log prior + N / n sum over the minibatch
            rows = jax.random.randint(key, (BATCH,), 0, n)
            return prior_grad(theta) + (n / BATCH) * jnp.sum(row_grad(theta, x[rows], y[rows]), axis=0)
    else:
        logdensity = gaussian if workload == "gaussian" else ackley
        full_grad = jax.grad(logdensity)

        def grad_estimate(key, theta):
            return full_grad(theta)

    noise_scale = math.sqrt(2 * step_size)  # temperature 1

    def kernel(key, theta):
        # blackjax.sgld's step: overdamped Langevin diffusion with the estimated gradient
        gradient_key, noise_key = jax.random.split(key)
        gradient = grad_estimate(gradient_key, theta)
        noise = jax.random.normal(noise_key, theta.shape, dtype=theta.dtype)
        return theta + step_size * gradient + noise_scale * noise

    chains_kernel = jax.vmap(kernel)

    def one_step(states, key):
        keys = jax.random.split(key, chains)
        return chains_kernel(keys, states), None

    compiled = {}

    def run(key, steps):
        if steps not in compiled:
            def loop(key):
                init_key, steps_key = jax.random.split(key)
                states = init_scale * jax.random.normal(init_key, (chains, dim), dtype=jnp.float32)
                final, _ = jax.lax.scan(one_step, states, jax.random.split(steps_key, steps))
                return final
            compiled[steps] = jax.jit(loop)
        return compiled[steps](key).block_until_ready()

    return run, dim


def timed(run, key, steps):
    start = time.perf_counter()
    run(key, steps)
    return time.perf_counter() - start


def steady_rate(run, dim, chains, seconds, key):
    """(coordinate-steps/s, S2 - S1): each length compiled and run once untimed, then timed."""
    short = 16
    run(key, short)
    t_short = timed(run, key, short)
    extra = 64
    run(key, short + extra)
    t_long = timed(run, key, short + extra)
    per_step = (t_long - t_short) / extra
    if t_long - t_short < seconds:
        wanted = int(math.ceil(1.2 * seconds / per_step)) if per_step > 0 else 8 * extra
        extra = max(2 * extra, min(wanted, 1 << 20))
        run(key, short + extra)
        t_long = timed(run, key, short + extra)
    t_short = (t_short + timed(run, key, short)) / 2
    difference = t_long - t_short
    return (chains * dim * extra / difference if difference > 0 else float("nan")), extra


def langevin_rates(path):
    """langevin's K = 64 (or largest K) rates by (workload label, chains), from Throughput's CSV."""
    rates = {}
    if not path or not os.path.exists(path):
        return rates
    with open(path, newline="") as f:
        best_k = {}
        for row in csv.DictReader(f):
            if not row.get("coordinate_steps_per_s"):
                continue
            key = (row["workload"], int(row["chains"]))
            k = int(row["launch_steps"])
            if k >= best_k.get(key, 0):
                best_k[key] = k
                rates[key] = (float(row["coordinate_steps_per_s"]), k)
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chains", default="4096,65536,1048576")
    parser.add_argument("--workloads", default="gaussian,ackley,logistic")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--data", default="data")
    parser.add_argument("--langevin-csv")
    parser.add_argument("--csv")
    parser.add_argument("--check-numpy", action="store_true")
    parser.add_argument("--require-gpu", action="store_true", help="print one line and stop when JAX sees no GPU")
    args = parser.parse_args()
    if args.check_numpy:
        sys.exit(check_numpy())
    import jax

    device = jax.devices()[0]
    if args.require_gpu and device.platform not in ("gpu", "cuda", "rocm"):
        print(f"JAX: skipped (JAX {jax.__version__} sees no GPU, only {device.platform}).")
        return
    print(f"JAX {jax.__version__} on {device.platform}: {getattr(device, 'device_kind', device)}; "
          f"SGLD as blackjax.sgld does it, vmap over chains, scan over steps, threefry2x32.")
    print()
    print("| workload | chains | JAX coordinate-steps/s | timed steps | langevin coordinate-steps/s (K) | langevin / JAX |")
    print("|---|---:|---:|---:|---:|---:|")
    langevin = langevin_rates(args.langevin_csv)
    rows = [["workload", "dim", "chains", "jax_coordinate_steps_per_s", "timed_steps",
             "langevin_coordinate_steps_per_s", "langevin_launch_steps", "ratio_langevin_over_jax", "note"]]
    key = jax.random.PRNGKey(1)
    for workload in args.workloads.split(","):
        label = WORKLOADS[workload][0]
        for chains in [int(c) for c in args.chains.split(",") if c]:
            note = ""
            try:
                run, dim = jax_sampler(workload, chains, args.data)
                rate, extra = steady_rate(run, dim, chains, args.seconds, key)
            except Exception as e:  # out of device memory, most likely: the row says so and the rest run
                rate, extra, dim = float("nan"), 0, WORKLOADS[workload][1] or 31
                note = f"{type(e).__name__}: {str(e).splitlines()[0][:120] if str(e) else ''}"
            ours, k = langevin.get((label, chains), (float("nan"), 0))
            ratio = ours / rate if rate > 0 and ours > 0 else float("nan")
            shown = f"{ours:.3e} ({k})" if ours == ours else "-"
            print(f"| {label} | {chains} | {rate:.3e} | {extra} | {shown} | {ratio:.2f} |"
                  + (f" {note}" if note else ""), flush=True)
            rows.append([label, dim, chains, f"{rate:.6e}", extra, f"{ours:.6e}", k, f"{ratio:.6f}", note])
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            csv.writer(f).writerows(rows)


def check_numpy():
    """Finite-difference gradients of the log densities (numpy as jax.numpy) against the closed forms."""
    gaussian, ackley, logistic_prior, logistic_likelihood = log_densities(np, lambda e: np.logaddexp(0.0, e))
    rng = np.random.default_rng(3)

    def numeric_grad(f, theta, h=1e-6):
        g = np.zeros_like(theta)
        for j in range(theta.size):
            e = np.zeros_like(theta)
            e[j] = h
            g[j] = (f(theta + e) - f(theta - e)) / (2 * h)
        return g

    worst = 0.0
    theta = rng.standard_normal(100)
    worst = max(worst, np.max(np.abs(numeric_grad(gaussian, theta) - (-theta))))
    for _ in range(5):
        theta = rng.uniform(-3, 3, 2)
        d = 2
        r = np.sqrt(np.mean(theta * theta))
        radial = ACKLEY_A * ACKLEY_B * np.exp(-ACKLEY_B * r) / (d * r)
        ripple = ACKLEY_C * np.exp(np.mean(np.cos(ACKLEY_C * theta))) / d
        closed = -(radial * theta + ripple * np.sin(ACKLEY_C * theta))  # -grad U, as sgld_peers.py's grad
        worst = max(worst, np.max(np.abs(numeric_grad(ackley, theta) - closed)))
    x, y = rng.standard_normal(30), 1.0
    theta = 0.3 * rng.standard_normal(31)
    eta = theta[0] + x @ theta[1:]
    s = 1 / (1 + np.exp(-eta)) - y
    closed = -s * np.concatenate([[1.0], x])
    worst = max(worst, np.max(np.abs(numeric_grad(lambda t: logistic_likelihood(t, x, y), theta) - closed)))
    worst = max(worst, np.max(np.abs(numeric_grad(logistic_prior, theta) + theta)))
    # the MLP: its row log likelihood's gradient by backpropagation, as sgld_peers.py's numpy_mlp takes it
    mlp_prior, mlp_likelihood = mlp_densities(np, lambda z: np.log(np.sum(np.exp(z - z.max()))) + z.max())
    x, y = rng.standard_normal(64), 3
    theta = 0.3 * rng.standard_normal(3760)
    w1, b1, w2, b2 = theta[:3200].reshape(64, 50), theta[3200:3250], theta[3250:3750].reshape(50, 10), theta[3750:]
    h = np.tanh(x @ w1 + b1)
    z = h @ w2 + b2
    dz = -np.exp(z - z.max()) / np.sum(np.exp(z - z.max()))
    dz[y] += 1
    dh = (w2 @ dz) * (1 - h * h)
    closed = np.concatenate([np.outer(x, dh).ravel(), dh, np.outer(h, dz).ravel(), dz])
    worst = max(worst, np.max(np.abs(numeric_grad(lambda t: mlp_likelihood(t, x, y), theta) - closed)))
    worst = max(worst, np.max(np.abs(numeric_grad(mlp_prior, theta[:50]) + theta[:50])))
    print(f"log density gradients against closed forms: worst difference {worst:.2e}")
    return 0 if worst < 1e-5 else 1


if __name__ == "__main__":
    main()
