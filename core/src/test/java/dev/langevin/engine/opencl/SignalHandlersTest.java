package dev.langevin.engine.opencl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JVM keeps its own signal handlers after an OpenCL driver has initialised. PoCL installs a
 * SIGFPE handler that steps over a faulting division (and LLVM SIGSEGV handlers that reset
 * themselves to the default action, which kills the JVM when two threads fault at once); unless the
 * JVM chains signals, an integer division by zero in compiled Java code then returns a number.
 */
class SignalHandlersTest {
    @Test
    void compiledDivisionByZeroStillThrowsAfterTheDriverLoads() {
        OpenClEngineTest.assumeDevice(); // initialises every platform's devices
        long sum = 0;
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 200_000; i++) {
                sum += quotient(i, (i & 7) + 1); // compiled with the hardware's divide-by-zero trap
            }
            int round0 = round;
            assertThrows(ArithmeticException.class, () -> quotient(round0 + 7, 0),
                    "7 / 0 did not throw in round " + round);
        }
        assertTrue(sum > 0);
    }

    private static int quotient(int a, int b) {
        return a / b;
    }
}
