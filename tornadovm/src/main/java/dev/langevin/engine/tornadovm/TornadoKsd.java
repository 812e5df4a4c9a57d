package dev.langevin.engine.tornadovm;

import dev.langevin.diagnostics.Ksd;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The kernel Stein discrepancy on a TornadoVM device: {@link #rows}, one work item per point,
 * sums its row of k0 over every point in the host's order, in double (within rounding of
 * {@link Ksd#of(double[], double[], int, int, double, double)}, which the host computes; a device
 * without doubles cannot compile it); the host adds the rows in order.
 */
public final class TornadoKsd {
    private TornadoKsd() {
    }

    /**
     * Row i of the V-statistic: rows[i] = sum over every k of k0(x_i, x_k), with the IMQ base
     * kernel. Points and scores are n x d, point i at [i * d, (i + 1) * d); sizes holds n and d,
     * constants c^2 and beta.
     */
    public static void rows(DoubleArray x, DoubleArray s, IntArray sizes, DoubleArray constants, DoubleArray rows) {
        int n = sizes.get(0);
        int d = sizes.get(1);
        double c2 = constants.get(0);
        double beta = constants.get(1);
        for (@Parallel int i = 0; i < n; i++) {
            int a = i * d;
            double sum = 0;
            for (int k = 0; k < n; k++) {
                int b = k * d;
                double r2 = 0;
                double ss = 0;
                double sr = 0;
                for (int j = 0; j < d; j++) {
                    double r = x.get(a + j) - x.get(b + j);
                    r2 += r * r;
                    ss += s.get(a + j) * s.get(b + j);
                    sr += (s.get(a + j) - s.get(b + j)) * r;
                }
                double u = c2 + r2;
                double base = TornadoMath.pow(u, beta);
                double slope = base / u;
                sum += ss * base - 2 * beta * slope * sr - 2 * beta * d * slope - 4 * beta * (beta - 1) * r2 * slope / u;
            }
            rows.set(i, sum);
        }
    }

    /**
     * KSD of n points of dimension d with their scores, on TornadoVM device {@code index}
     * (numbered as {@link TornadoDevices#list()} lists them).
     *
     * @see Ksd#of(double[], double[], int, int, double, double)
     */
    public static Ksd of(int index, double[] x, double[] scores, int n, int d, double c, double beta) {
        // the device first: TornadoDevices sets the engine's TornadoVM options before its runtime starts
        TornadoDevice device = TornadoDevices.device(index);
        DoubleArray points = DoubleArray.fromArray(x);
        DoubleArray scoreArray = DoubleArray.fromArray(scores);
        IntArray sizes = IntArray.fromElements(n, d);
        DoubleArray constants = DoubleArray.fromElements(c * c, beta);
        DoubleArray rows = new DoubleArray(n);
        TaskGraph graph = new TaskGraph("ksd")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, points, scoreArray, sizes, constants)
                .task("rows", TornadoKsd::rows, points, scoreArray, sizes, constants, rows)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, rows);
        ImmutableTaskGraph snapshot = graph.snapshot();
        try (TornadoExecutionPlan execution = new TornadoExecutionPlan(snapshot)) {
            execution.withDevice(device).execute();
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("tornadovm engine: " + e.getMessage(), e);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += rows.get(i);
        }
        // the V-statistic is non-negative in exact arithmetic; rounding can leave a tiny negative
        return new Ksd(Math.sqrt(Math.max(0, total) / ((double) n * n)), n, c, beta);
    }
}
