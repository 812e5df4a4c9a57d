package dev.langevin.engine.tornadovm;

import dev.langevin.diagnostics.Ksd;
import dev.langevin.engine.EngineCases;
import dev.langevin.target.Target;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel Stein discrepancy's pairs on TornadoVM's default device give the host's value, in
 * double. Runs only with -Ptornadovm and a TornadoVM SDK (TORNADOVM_HOME).
 */
class TornadoKsdTest {
    private static final double TOLERANCE = 1e-10;

    @BeforeAll
    static void startsTornadoVmWithTheEnginesOptions() {
        assertFalse(TornadoDevices.list().isEmpty(), "TornadoVM has no device");
    }

    private static double[] points(SplittableRandom random, int n, int d) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 1.3 + 0.2;
        }
        return x;
    }

    @Test
    void theDevicesKsdIsTheHosts() throws Exception {
        Target target = EngineCases.analytic("correlated-gaussian", 6, "rho=0.7");
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 37, 600}) {
            double[] x = points(random, n, 6);
            Ksd host = Ksd.of(target, x, n);
            Ksd device = new TornadoEngine(0).ksd(target, x, n);
            assertEquals(n, device.n());
            assertEquals(Ksd.C, device.c());
            assertEquals(Ksd.BETA, device.beta());
            assertTrue(host.value() > 0);
            assertEquals(host.value(), device.value(), TOLERANCE * host.value(), "n = " + n);
        }
    }

    @Test
    void otherKernelsToo() throws Exception {
        Target target = EngineCases.analytic("correlated-gaussian", 6, "rho=0.7");
        SplittableRandom random = new SplittableRandom(5);
        int n = 37;
        double[] x = points(random, n, 6);
        double[] scores = Ksd.scores(target, x, n);
        for (double[] kernel : new double[][] {{2, -0.5}, {0.5, -0.3}, {1, -1.7}}) {
            Ksd host = Ksd.of(x, scores, n, 6, kernel[0], kernel[1]);
            Ksd device = TornadoKsd.of(0, x, scores, n, 6, kernel[0], kernel[1]);
            assertTrue(host.value() > 0);
            assertEquals(host.value(), device.value(), TOLERANCE * host.value(), "c = " + kernel[0] + ", beta = " + kernel[1]);
        }
    }
}
