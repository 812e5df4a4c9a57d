package dev.langevin.target;

import dev.langevin.TestData;
import dev.langevin.data.DataFormatException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every target's gradient against central finite differences of its potential. */
class GradientTest {

    static Stream<Target> targets() throws DataFormatException {
        return Stream.of(
                Targets.create("gaussian", new Targets.Request(3, Params.parse("mean=1:-2:0.5,sigma=0.5:2:1"), null, 1)),
                Targets.create("correlated-gaussian", new Targets.Request(5, Params.parse("rho=0.7,sigma=1.5,mean=0.3"), null, 1)),
                Targets.create("quadratic", new Targets.Request(4, Params.parse("curvature=0.5,condition=100"), null, 1)),
                Targets.create("ackley", new Targets.Request(2, Params.empty(), null, 1)),
                Targets.create("ackley", new Targets.Request(7, Params.empty(), null, 1)),
                Targets.create("rosenbrock", new Targets.Request(2, Params.empty(), null, 1)),
                Targets.create("rosenbrock", new Targets.Request(6, Params.parse("a=0.5,b=20"), null, 1)),
                Targets.create("mixture", new Targets.Request(3, Params.parse("means=-2:0:3,sigmas=0.5:1:2,weights=1:2:3"), null, 1)),
                Targets.create("double-well", new Targets.Request(3, Params.parse("barrier=2"), null, 1)),
                Targets.create("linear-regression", new Targets.Request(0, Params.parse("noise-sd=50"), TestData.diabetes(), 2)),
                Targets.create("logistic-regression", new Targets.Request(0, Params.empty(), TestData.breastCancer(), 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void gradientMatchesFiniteDifferences(Target target) {
        SplittableRandom random = new SplittableRandom(42);
        int d = target.dim();
        double[] theta = new double[d];
        double[] gradient = new double[d];
        for (int trial = 0; trial < 20; trial++) {
            for (int j = 0; j < d; j++) {
                theta[j] = random.nextDouble(-2.5, 2.5);
            }
            target.potentialGradient(theta, gradient);
            for (int j = 0; j < d; j++) {
                double h = 1e-5 * Math.max(1, Math.abs(theta[j]));
                double saved = theta[j];
                theta[j] = saved + h;
                double up = target.potential(theta);
                theta[j] = saved - h;
                double down = target.potential(theta);
                theta[j] = saved;
                double numeric = (up - down) / (2 * h);
                double scale = Math.max(1, Math.abs(up) * 1e-4);
                assertEquals(numeric, gradient[j], 1e-4 * Math.max(scale, Math.abs(numeric)),
                        target.name() + " coordinate " + j + " at trial " + trial);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void potentialIsLowestAtTheKnownOptimum(Target target) {
        target.optimum().ifPresent(optimum -> {
            double[] gradient = new double[target.dim()];
            target.potentialGradient(optimum, gradient);
            for (double g : gradient) {
                assertEquals(0, g, 1e-9, target.name() + " gradient at its optimum");
            }
            SplittableRandom random = new SplittableRandom(7);
            double best = target.potential(optimum);
            for (int trial = 0; trial < 1000; trial++) {
                double[] theta = optimum.clone();
                for (int j = 0; j < theta.length; j++) {
                    theta[j] += random.nextDouble(-1, 1);
                }
                org.junit.jupiter.api.Assertions.assertTrue(target.potential(theta) >= best);
            }
        });
    }
}
