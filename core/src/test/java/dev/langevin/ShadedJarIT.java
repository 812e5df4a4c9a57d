package dev.langevin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shaded jar ({@code target/langevin-all.jar}, built at {@code package}) holds the CLI and its
 * runtime dependencies only: no test library, no test- or provided-scope dependency of the build,
 * no class that refers to a test library, and no service provider whose class it lacks. Run by
 * maven-failsafe-plugin at {@code verify}.
 */
class ShadedJarIT {
    /** Packages of test libraries, as jar paths. */
    private static final List<String> TEST_PACKAGES = List.of(
            "junit/", "org/junit/", "org/hamcrest/", "org/opentest4j/", "org/apiguardian/",
            "org/assertj/", "org/mockito/", "org/testng/", "org/openjdk/jmh/");

    /**
     * Maven coordinates (groupId, or groupId/artifactId) that must not be shaded: test libraries, the
     * build's test-scope dependencies, and tornado-api, which the TornadoVM SDK provides at run time.
     */
    private static final List<String> FORBIDDEN_ARTIFACTS = List.of(
            "junit", "org.junit", "org.junit.jupiter", "org.junit.platform", "org.junit.vintage",
            "org.hamcrest", "org.opentest4j", "org.apiguardian", "org.assertj", "org.mockito", "org.testng",
            "org.openjdk.jmh", "io.github.beehive-lab",
            "org.apache.commons/commons-rng-core", "org.apache.commons/commons-statistics-inference",
            "org.apache.commons/commons-statistics-ranking");

    /** Shade keeps each artifact's {@code META-INF/maven/GROUP/ARTIFACT/pom.properties}. */
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");

    /** A {@link java.util.ServiceLoader} provider-configuration file. */
    private static final Pattern SERVICE_FILE = Pattern.compile("META-INF/services/[^/]+");

    private static Path jar;

    @BeforeAll
    static void findJar() {
        String path = System.getProperty("langevin.shadedJar", "core/target/langevin-all.jar");
        jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath() + "; it is built at package");
    }

    @Test
    void startsTheCli() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertEquals("dev.langevin.cli.Main", manifest.getMainAttributes().getValue("Main-Class"));
            assertTrue(file.getEntry("dev/langevin/cli/Main.class") != null, "no dev/langevin/cli/Main.class");
            assertTrue(file.getEntry("picocli/CommandLine.class") != null, "no picocli: runtime dependencies missing");
        }
    }

    /** The kernels are read as resources at run time: every .cl file under kernels/, in its folder. */
    @Test
    void holdsEveryKernelSource() throws IOException {
        List<String> names;
        try (java.util.stream.Stream<Path> sources = Files.walk(Path.of("kernels"))) {
            names = sources.map(Path::toString).filter(name -> name.endsWith(".cl"))
                    .map(name -> name.replace(java.io.File.separatorChar, '/')).toList();
        }
        assertTrue(names.contains("kernels/langevin.cl") && names.contains("kernels/targets/gaussian.cl")
                && names.contains("kernels/rules/sgld.cl"), "kernel sources found: " + names);
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> missing = names.stream().filter(name -> file.getEntry(name) == null).toList();
            assertTrue(missing.isEmpty(), jar + " lacks the kernel sources " + missing + " (the pom's resources)");
        }
    }

    @Test
    void holdsNoTestLibrary() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (TEST_PACKAGES.stream().anyMatch(name::startsWith)) {
                    found.add(name);
                }
            }
        }
        failIfAny(found, "test-library entries");
    }

    @Test
    void shadesNoTestOrProvidedArtifact() throws IOException {
        List<String> found = new ArrayList<>();
        int artifacts = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                Matcher m = POM_PROPERTIES.matcher(entries.nextElement().getName());
                if (!m.matches()) {
                    continue;
                }
                artifacts++;
                String group = m.group(1);
                String artifact = group + "/" + m.group(2);
                if (FORBIDDEN_ARTIFACTS.contains(group) || FORBIDDEN_ARTIFACTS.contains(artifact)) {
                    found.add(artifact);
                }
            }
        }
        assertTrue(artifacts > 1, "the jar names no shaded artifact under META-INF/maven");
        failIfAny(found, "test or provided artifacts");
    }

    @Test
    void noClassRefersToATestLibrary() throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || TEST_PACKAGES.stream().anyMatch(name::startsWith)) {
                    continue; // a test library's own classes are holdsNoTestLibrary's to report
                }
                // the constant pool names every class a class uses, in internal form (org/junit/Assert)
                String constants;
                try (InputStream in = file.getInputStream(entry)) {
                    constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                for (String pkg : TEST_PACKAGES) {
                    if (constants.contains(pkg)) {
                        found.add(name + " -> " + pkg);
                        break;
                    }
                }
            }
        }
        failIfAny(found, "classes that refer to a test library");
    }

    @Test
    void everyServiceProviderIsInTheJar() throws IOException {
        List<String> missing = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.isDirectory() || !SERVICE_FILE.matcher(entry.getName()).matches()) {
                    continue;
                }
                String services;
                try (InputStream in = file.getInputStream(entry)) {
                    services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                for (String line : services.split("\\R")) {
                    String provider = line.replaceFirst("#.*", "").strip();
                    if (!provider.isEmpty() && file.getEntry(provider.replace('.', '/') + ".class") == null) {
                        missing.add(entry.getName() + " -> " + provider);
                    }
                }
            }
        }
        failIfAny(missing, "service providers whose class is not in the jar",
                "A file left in target/classes by an earlier build? mvn clean package rebuilds it.");
    }

    private static void failIfAny(List<String> found, String what) {
        failIfAny(found, what, "Exclude them from the dependency that brings them (mvn dependency:tree)"
                + " or filter them in the shade plugin.");
    }

    private static void failIfAny(List<String> found, String what, String hint) {
        if (!found.isEmpty()) {
            fail(jar + " holds " + found.size() + " " + what + ", first: "
                    + String.join(", ", found.subList(0, Math.min(10, found.size()))) + ". " + hint);
        }
    }
}
