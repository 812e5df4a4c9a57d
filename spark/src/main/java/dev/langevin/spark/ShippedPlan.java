package dev.langevin.spark;

import dev.langevin.cli.PlanArguments;
import dev.langevin.engine.Plan;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A plan rebuilt from {@code langevin run}'s options in every task, with the files those options
 * name travelling with the job: the user's model ({@code --model}, compiled in each task), its
 * OpenCL C ({@code --model-cl}), the jars of {@code --classpath} (where {@code --model-class} is
 * found) and data files ({@code --data}, {@code --labels}) up to {@link #DATA_LIMIT_BYTES} are read
 * once on the driver and broadcast; wherever the plan is built
 * they are written to a temporary folder of that JVM, under their own file names (a model's public
 * class is named as its file; a {@code .gz} data file is read as one), and the options point there.
 * A data file over the limit is not shipped and must be readable at the same path on every
 * executor.
 */
public final class ShippedPlan implements SparkRun.PlanSource {
    private static final long serialVersionUID = 1L;

    /** The options whose value is a file that travels with the job. */
    static final List<String> MODEL_OPTIONS = List.of("--model", "--model-cl");
    static final List<String> DATA_OPTIONS = List.of("--data", "--labels");

    /** Data files up to this size travel with the job (in one broadcast); larger ones stay where they are. */
    public static final long DATA_LIMIT_BYTES = 256L << 20;

    /** Files already written in this JVM, by content digest and name: tasks of one executor share them. */
    private static final Map<String, Path> WRITTEN = new ConcurrentHashMap<>();

    /** The option whose value is a list of jars and folders, of which the jars travel with the job. */
    static final String CLASS_PATH_OPTION = "--classpath";

    /**
     * One shipped file: where in the options its path is (and which entry of a {@code --classpath}
     * list, else -1), its file name, its bytes' digest.
     */
    record Shipped(int index, int entry, String option, String name, String digest) implements Serializable {
    }

    private final List<String> options;
    private final List<Shipped> shipped;
    private final Broadcast<List<byte[]>> contents;

    private ShippedPlan(List<String> options, List<Shipped> shipped, Broadcast<List<byte[]>> contents) {
        this.options = options;
        this.shipped = shipped;
        this.contents = contents;
    }

    /**
     * Reads the files the options name, on the driver, and broadcasts them.
     *
     * @param notes told of data files left where they are (over the limit)
     */
    public static ShippedPlan of(JavaSparkContext spark, List<String> options, Consumer<String> notes)
            throws IOException {
        List<String> normalised = new ArrayList<>();
        for (String a : options) {
            // --option=value as two arguments, so the value has an index of its own
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0 && (MODEL_OPTIONS.contains(a.substring(0, eq))
                    || DATA_OPTIONS.contains(a.substring(0, eq)) || a.substring(0, eq).equals(CLASS_PATH_OPTION))) {
                normalised.add(a.substring(0, eq));
                normalised.add(a.substring(eq + 1));
            } else {
                normalised.add(a);
            }
        }
        List<Shipped> shipped = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        for (int i = 0; i + 1 < normalised.size(); i++) {
            String option = normalised.get(i);
            if (option.equals(CLASS_PATH_OPTION)) {
                String[] entries = normalised.get(i + 1).split(java.io.File.pathSeparator);
                for (int k = 0; k < entries.length; k++) {
                    Path entry = Path.of(entries[k]);
                    if (Files.isDirectory(entry)) {
                        notes.accept(CLASS_PATH_OPTION + " " + entry + " is a folder, so it does not travel with the "
                                + "job (jars do); it must be readable at the same path on every executor.");
                    } else if (Files.isRegularFile(entry)) {
                        byte[] content = Files.readAllBytes(entry);
                        bytes.add(content);
                        shipped.add(new Shipped(i + 1, k, option, entry.getFileName().toString(), digest(content)));
                    }
                }
                i++;
                continue;
            }
            boolean model = MODEL_OPTIONS.contains(option);
            if (!model && !DATA_OPTIONS.contains(option)) {
                continue;
            }
            Path file = Path.of(normalised.get(i + 1));
            if (!Files.isRegularFile(file)) {
                continue; // the plan's own parsing names the missing file
            }
            if (!model && Files.size(file) > DATA_LIMIT_BYTES) {
                notes.accept(option + " " + file + " is over " + (DATA_LIMIT_BYTES >> 20) + " MiB, so it does not "
                        + "travel with the job; it must be readable at the same path on every executor.");
                continue;
            }
            byte[] content = Files.readAllBytes(file);
            bytes.add(content);
            shipped.add(new Shipped(i + 1, -1, option, file.getFileName().toString(), digest(content)));
            i++;
        }
        return new ShippedPlan(List.copyOf(normalised), List.copyOf(shipped),
                spark.broadcast(List.copyOf(bytes)));
    }

    /** The options as given, with the shipped files' paths untouched. */
    List<String> options() {
        return options;
    }

    /** The options that shipped a file. */
    public List<String> shippedOptions() {
        return shipped.stream().map(Shipped::option).toList();
    }

    /** The options with every shipped file's path replaced by its copy in this JVM. */
    List<String> localOptions() throws IOException {
        List<String> local = new ArrayList<>(options);
        List<byte[]> bytes = shipped.isEmpty() ? List.of() : contents.value();
        for (int k = 0; k < shipped.size(); k++) {
            Shipped s = shipped.get(k);
            String copy = materialise(s, bytes.get(k)).toString();
            if (s.entry() < 0) {
                local.set(s.index(), copy);
            } else {
                // one jar of a --classpath list: the list again, with this entry replaced
                String[] entries = local.get(s.index()).split(java.io.File.pathSeparator, -1);
                entries[s.entry()] = copy;
                local.set(s.index(), String.join(java.io.File.pathSeparator, entries));
            }
        }
        return local;
    }

    @Override
    public Plan plan() throws Exception {
        if (shipped.stream().anyMatch(s -> s.option().equals("--model"))) {
            compilerSeesLangevin();
        }
        return PlanArguments.parse(localOptions(), w -> { }).plan();
    }

    /**
     * The model is compiled against {@code java.class.path}; an executor that got langevin's jar
     * from spark-submit's {@code --jars} loads it from a class loader of Spark's instead, so the
     * jar (or folder) langevin's classes came from is added to that property when it lacks it.
     */
    static synchronized void compilerSeesLangevin() {
        var code = dev.langevin.model.Model.class.getProtectionDomain().getCodeSource();
        if (code == null) {
            return;
        }
        String location;
        try {
            location = Path.of(code.getLocation().toURI()).toString();
        } catch (Exception e) {
            return; // not a file: the compiler could not read it either
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!List.of(classPath.split(java.io.File.pathSeparator)).contains(location)) {
            System.setProperty("java.class.path", classPath.isEmpty() ? location
                    : classPath + java.io.File.pathSeparator + location);
        }
    }

    /** Writes a shipped file once per JVM, in a folder of its own (two files may share a name). */
    private static Path materialise(Shipped s, byte[] content) {
        return WRITTEN.computeIfAbsent(s.digest() + "/" + s.name(), key -> {
            try {
                Path folder = Files.createTempDirectory("langevin-shipped-");
                Path temporary = folder.resolve("." + s.name() + ".part");
                Files.write(temporary, content);
                Path file = folder.resolve(s.name());
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                folder.toFile().deleteOnExit(); // deleted after the file: the last registered goes first
                file.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
