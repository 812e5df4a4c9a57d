package dev.langevin.engine.opencl;

import dev.langevin.diagnostics.Ksd;
import dev.langevin.engine.EngineCases;
import dev.langevin.target.Target;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel Stein discrepancy's pairs on the device give the host's value. */
class OpenClKsdTest {
    @BeforeAll
    static void needsADevice() {
        OpenClEngineTest.assumeDevice();
    }

    @Test
    void theDevicesKsdIsTheHosts() throws Exception {
        Target target = EngineCases.analytic("correlated-gaussian", 6, "rho=0.7");
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 37, 600}) {
            double[] x = new double[n * 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextGaussian() * 1.3 + 0.2;
            }
            Ksd host = Ksd.of(target, x, n);
            Ksd device = new OpenClEngine(0).ksd(target, x, n);
            assertEquals(n, device.n());
            double tolerance = OpenClKsd.doubles(OpenCl.device(0)) ? 1e-10 : 1e-4;
            assertEquals(host.value(), device.value(), tolerance * host.value(), "n = " + n);
            assertTrue(host.value() > 0);
        }
    }
}
