package dev.langevin.engine;

import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Target;

import java.util.Arrays;
import java.util.Locale;

/**
 * Replica exchange SGLD (Deng, Feng, Gao, Liang, Lin 2020, "Non-convex learning via replica
 * exchange stochastic gradient MCMC", ICML): the chains form {@code ladders} ladders of
 * temperatures T_0 = the plan's temperature &lt; T_1 &lt; ... &lt; T_{L-1}. Chain c (global index) is
 * rung {@code c / ladders} of ladder {@code c % ladders}, so rung r is the block of chains
 * [r ladders, (r + 1) ladders) and runs at T_r. After every {@code every} steps the host proposes
 * to swap the positions of neighbouring rungs of each ladder, the pairs (r, r + 1) with r of the
 * exchange's parity (even pairs, then odd pairs), accepted when u &lt; S with
 * <pre>
 *   log S = (1/T_r - 1/T_{r+1}) (U_r - U_{r+1} - (1/T_r - 1/T_{r+1}) sigma^2)
 * </pre>
 * where U is each chain's energy: exact (sigma^2 = 0) with the full gradient, and with
 * minibatches the estimate prior + (N/n) sum of n rows drawn from stream 5 at (chain, step), with
 * sigma^2 the two estimates' variance (the paper's correction of the swaps' bias); u is the
 * uniform of stream 6 at (the lower rung's chain, step). The decisions are the host's, so every
 * engine makes the same ones. Only the T_0 chains' draws are kept.
 *
 * @param temperatures the ladder's temperatures, increasing, the first the plan's temperature
 * @param every        steps between exchanges
 * @param ladders      number of ladders (chains per rung)
 */
public record ReplicaExchange(double[] temperatures, int every, int ladders) {
    /** Checks the ladder. */
    public ReplicaExchange {
        if (temperatures.length < 2) {
            throw new InvalidParameterException("replicas", "A temperature ladder needs at least 2 temperatures.");
        }
        for (int r = 0; r < temperatures.length; r++) {
            if (!(temperatures[r] > 0) || Double.isInfinite(temperatures[r])
                    || (r > 0 && !(temperatures[r] > temperatures[r - 1]))) {
                throw new InvalidParameterException("replicas", "The ladder's temperatures must be positive, finite and "
                        + "increasing, got " + describeLadder(temperatures) + ".");
            }
        }
        if (every < 1) {
            throw new InvalidParameterException("exchangeEvery", "Exchanges need at least 1 step between them, got "
                    + every + ".");
        }
        if (ladders < 1) {
            throw new InvalidParameterException("chains", "Replica exchange needs at least one ladder.");
        }
        temperatures = temperatures.clone();
    }

    /** Rungs per ladder, L. */
    public int rungs() {
        return temperatures.length;
    }

    /** Chains of a plan with these ladders: ladders x L. */
    public int chains() {
        return ladders * temperatures.length;
    }

    /** The factor of global chain c's temperature: T_r / T_0 of its rung r. */
    public double temperatureFactor(int chain) {
        return temperatures[chain / ladders] / temperatures[0];
    }

    /** The temperatures (a copy). */
    @Override
    public double[] temperatures() {
        return temperatures.clone();
    }

    /** Whether the state after step k (0-based) is followed by an exchange. */
    public boolean after(int step, int steps) {
        return (step + 1) % every == 0 && step + 1 < steps;
    }

    /** The swaps proposed to each rung pair (r, r + 1) over a plan's steps: even pairs, then odd, in turn. */
    public long[] proposals(int steps) {
        long[] out = new long[rungs() - 1];
        for (int step = every - 1; step + 1 < steps; step += every) {
            int exchangeIndex = (step + 1) / every - 1;
            for (int r = exchangeIndex % 2; r + 1 < rungs(); r += 2) {
                out[r] += ladders;
            }
        }
        return out;
    }

    /** Adds one exchange's accepted swaps to a tally. */
    public static long[] tally(long[] total, int[] accepted) {
        for (int r = 0; r < accepted.length; r++) {
            total[r] += accepted[r];
        }
        return total;
    }

    /** For run.json and the terminal. */
    public String describe() {
        return String.format(Locale.ROOT, "%d ladders of T = %s, exchanges every %d steps", ladders,
                describeLadder(temperatures), every);
    }

    private static String describeLadder(double[] t) {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < t.length; r++) {
            text.append(r == 0 ? "" : ":").append(number(t[r]));
        }
        return text.toString();
    }

    /** A temperature as written: 3 rather than 3.00000. */
    public static String number(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /**
     * Proposes and makes the swaps after step {@code step}, in place, on the plan's state
     * (coordinate j of chain c at {@code state[j * chains + c]}).
     *
     * @return swaps accepted, per rung pair (r, r + 1)
     */
    public int[] exchange(Plan plan, int step, float[] state) {
        int chains = plan.chains();
        int d = plan.dim();
        Target target = plan.target();
        Noise noise = new Noise(plan.seed());
        int exchangeIndex = (step + 1) / every - 1;
        int[] accepted = new int[rungs() - 1];
        double[] a = new double[d];
        double[] b = new double[d];
        double[] energyA = new double[2];
        double[] energyB = new double[2];
        int next = step + 1;
        for (int r = exchangeIndex % 2; r + 1 < rungs(); r += 2) {
            double deltaBeta = 1 / (plan.temperatureAt(next) * temperatures[r] / temperatures[0])
                    - 1 / (plan.temperatureAt(next) * temperatures[r + 1] / temperatures[0]);
            for (int ladder = 0; ladder < ladders; ladder++) {
                int lower = r * ladders + ladder;
                int upper = lower + ladders;
                for (int j = 0; j < d; j++) {
                    a[j] = state[j * chains + lower];
                    b[j] = state[j * chains + upper];
                }
                energy(plan, target, noise, a, lower, next, energyA);
                energy(plan, target, noise, b, upper, next, energyB);
                double logS = deltaBeta * (energyA[0] - energyB[0] - deltaBeta * (energyA[1] + energyB[1]));
                if (!Double.isFinite(energyA[0]) || !Double.isFinite(energyB[0])) {
                    continue;
                }
                if (Math.log(noise.uniform(lower, next, 0, Stream.EXCHANGE)) < logS) {
                    accepted[r]++;
                    for (int j = 0; j < d; j++) {
                        state[j * chains + lower] = (float) b[j];
                        state[j * chains + upper] = (float) a[j];
                    }
                }
            }
        }
        return accepted;
    }

    /** The chain's energy and the estimate's variance: exact, or from a minibatch of the plan's size. */
    private static void energy(Plan plan, Target target, Noise noise, double[] theta, int chain, int step,
                               double[] out) {
        if (target instanceof DataTarget data && plan.estimator() instanceof MinibatchGradient minibatch) {
            int n = minibatch.batchSize();
            int rows = data.rows();
            double sum = 0;
            double squares = 0;
            for (int m = 0; m < n; m++) {
                double u = data.rowPotential(theta, noise.index(chain, step, m, Stream.EXCHANGE_ROWS, rows));
                sum += u;
                squares += u * u;
            }
            double mean = sum / n;
            double rowVariance = n > 1 ? (squares - n * mean * mean) / (n - 1) : 0;
            out[0] = data.priorPotential(theta) + rows * mean;
            // the variance of N times a mean of n rows drawn with replacement
            out[1] = (double) rows * rows * rowVariance / n;
        } else {
            out[0] = target.potential(theta);
            out[1] = 0;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReplicaExchange x && Arrays.equals(x.temperatures, temperatures) && x.every == every
                && x.ladders == ladders;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(temperatures) * 31 + every * 7 + ladders;
    }
}
