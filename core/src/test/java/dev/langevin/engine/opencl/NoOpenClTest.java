package dev.langevin.engine.opencl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without an OpenCL library the auto probe is quiet (JOCL prints its failed attempts to load
 * libOpenCL.so.1 on stdout), and --engine opencl and {@code langevin devices} say what to install.
 */
class NoOpenClTest {
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    @Test
    void theLibraryIsFoundWhereTheDynamicLinkerWouldFindIt(@TempDir Path dir) throws IOException {
        assumeTrue(LINUX);
        Path onPath = Files.createDirectories(dir.resolve("path"));
        Path cached = Files.createDirectories(dir.resolve("cached"));
        Path fallback = Files.createDirectories(dir.resolve("default"));
        Path cache = Files.write(dir.resolve("ld.so.cache"), ("glibc-ld.so.cache1.1\0libOpenCL.so.1\0"
                + cached.resolve("libOpenCL.so.1") + "\0libm.so.6\0/lib/libm.so.6\0").getBytes(StandardCharsets.ISO_8859_1));
        String name = "libOpenCL.so.1";

        assertFalse(OpenCl.libraryInstalled(name, onPath + ":", cache, List.of(fallback)));
        Files.createFile(cached.resolve(name));
        assertTrue(OpenCl.libraryInstalled(name, null, cache, List.of()));
        Files.delete(cached.resolve(name));
        Files.createFile(onPath.resolve(name));
        assertTrue(OpenCl.libraryInstalled(name, "/nonexistent:" + onPath, dir.resolve("no-cache"), List.of()));
        Files.delete(onPath.resolve(name));
        Files.createFile(fallback.resolve(name));
        assertTrue(OpenCl.libraryInstalled(name, "", dir.resolve("no-cache"), List.of(fallback)));
    }

    /**
     * The command line in a child JVM that cannot see libOpenCL.so*: where the library is installed,
     * inside a mount namespace whose library directory lacks it (needs unshare -m, so root).
     */
    @Test
    void withoutTheLibraryAutoIsQuietAndOpenclSaysWhatToInstall(@TempDir Path dir) throws Exception {
        assumeTrue(LINUX);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.langevin.cli.Main");
        String run = "run --target gaussian --dim 2 --chains 16 --steps 10000 --step-size 0.1 --seed 1 --quiet";
        // one shell runs the three commands, each line's output fenced so that the test can tell them apart
        String commands = String.join("\n",
                "\"$@\" " + run + " --out " + dir.resolve("out") + "; echo \"=== $?\"",
                "\"$@\" devices; echo \"=== $?\"",
                "\"$@\" " + run + " --engine opencl; echo \"=== $?\"");
        List<String> command = new ArrayList<>();
        if (OpenCl.unavailable().filter(why -> why.contains(OpenCl.LIBRARY)).isPresent()) {
            command.addAll(List.of("bash", "-c", commands, "bash"));
        } else {
            assumeTrue(canUnshare(), "the library is installed and unshare -m is not allowed here");
            // the library's directory, its other files linked from a second mount of it
            command.addAll(List.of("unshare", "-m", "bash", "-c", """
                    set -e
                    lib=$(dirname "$(readlink -f "$(ldconfig -p | awk '/libOpenCL.so.1 /{print $NF; exit}')")")
                    mkdir "$T/orig" "$T/fake"
                    mount --bind "$lib" "$T/orig"
                    for f in "$T"/orig/*; do
                        case "${f##*/}" in libOpenCL.so*) ;; *) ln -s "$f" "$T/fake/" ;; esac
                    done
                    mount --bind "$T/fake" "$lib"
                    set +e
                    """ + commands, "bash"));
        }
        command.addAll(jvm);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("T", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        String[] parts = output.split("=== ");
        assertEquals(4, parts.length, output);

        assertEquals("0", parts[1].lines().findFirst().orElse(""), output);
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("draws.npy")), output);
        assertFalse(parts[0].contains("libOpenCL"), "the auto probe printed:\n" + parts[0]);
        assertFalse(output.contains("Could not load"), "JOCL was loaded:\n" + output);

        String devices = parts[1].lines().skip(1).filter(line -> !line.startsWith("WARNING")).toList().toString();
        assertTrue(parts[2].startsWith("0"), output);
        assertTrue(devices.contains("apt-get install ocl-icd-libopencl1"), output);

        assertTrue(parts[3].startsWith("2"), output);
        List<String> opencl = parts[2].lines().skip(1).filter(line -> !line.startsWith("WARNING")).toList();
        assertEquals(2, opencl.size(), "the reason and the option to change: " + output);
        assertTrue(opencl.get(0).contains("opencl engine") && opencl.get(0).contains("apt-get install ocl-icd-libopencl1"),
                output);
        assertEquals("Change --engine.", opencl.get(1), output);
    }

    private static boolean canUnshare() {
        try {
            Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
