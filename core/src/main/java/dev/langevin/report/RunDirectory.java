package dev.langevin.report;

import dev.langevin.data.CsvData;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;
import dev.langevin.data.Holdout;
import dev.langevin.error.InputFileException;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.io.NpyDraws;
import dev.langevin.io.ShardedDraws;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.io.RunJson;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A finished run read back from the directory {@code langevin run --out} wrote: run.json,
 * summary.csv and draws.npy; or a sharded run (langevin-spark's), whose draws are the shards that
 * manifest.json lists, read as one array.
 *
 * @param dir         the run directory
 * @param record      run.json as nested maps
 * @param draws       the kept draws
 * @param summary     summary.csv
 * @param names       one name per dimension
 * @param listed      chains run.json lists as divergent
 * @param excluded    chains left out of every plot's statistics: the listed ones and any with
 *                    a non-finite draw
 */
public record RunDirectory(Path dir, Map<String, Object> record, Draws draws, SummaryTable summary,
                           List<String> names, Set<Integer> listed, Set<Integer> excluded) {

    /** Whether a directory is the output of 'compare --out': it has compare.json and no run.json. */
    public static boolean isComparison(Path dir) {
        return Files.isRegularFile(dir.resolve("compare.json")) && !Files.exists(dir.resolve("run.json"));
    }

    /** Reads a run directory; a missing or unreadable part is an InputFileException naming it. */
    public static RunDirectory read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InputFileException(dir, "Run directory " + dir + (Files.exists(dir) ? " is a file, not a directory." : " does not exist."));
        }
        if (isComparison(dir) && !Files.exists(dir.resolve("draws.npy"))) {
            throw new InputFileException(dir, dir + " is the output of compare, which keeps no draws: its predictions are "
                    + "in compare.json and compare.csv ('langevin report " + dir + "' shows them). For draws, run one "
                    + "algorithm with 'langevin run ... --out DIR'.");
        }
        boolean sharded = !Files.isRegularFile(dir.resolve("draws.npy")) && ShardedDraws.isSharded(dir);
        Path npy = sharded ? dir.resolve(ShardedDraws.MANIFEST) : require(dir.resolve("draws.npy"));
        Path json = require(dir.resolve("run.json"));
        Path csv = require(dir.resolve("summary.csv"));
        Map<String, Object> record;
        try {
            record = RunJson.read(json);
        } catch (IOException e) {
            throw new InputFileException(json, json + " cannot be read as JSON: " + firstLine(e) + ".", e);
        }
        Draws draws;
        // the mappings stay readable after the channels are closed (FileChannel.map's contract)
        try {
            DrawSource source = sharded ? ShardedDraws.open(dir) : NpyDraws.open(npy);
            draws = new Draws(source);
            if (source instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (InputFileException e) {
            if (sharded) {
                throw e; // it names the manifest or the shard at fault
            }
            String message = firstLine(e);
            throw new InputFileException(npy, message.contains(npy.toString()) ? message
                    : npy + " cannot be read as a .npy file: " + message + ".", e);
        } catch (Exception e) {
            String message = firstLine(e);
            throw new InputFileException(npy, message.contains(npy.toString()) ? message
                    : npy + " cannot be read as a .npy file: " + message + ".", e);
        }
        SummaryTable summary;
        try {
            summary = SummaryTable.read(csv);
        } catch (IOException e) {
            throw new InputFileException(csv, csv + " cannot be read: " + firstLine(e) + ".", e);
        }
        if (summary.rows().size() != draws.dims()) {
            throw new InputFileException(csv, csv + " has " + summary.rows().size() + " parameters but " + npy
                    + " has " + draws.dims() + " dimensions.");
        }

        Set<Integer> listed = new TreeSet<>();
        if (record.get("divergences") instanceof List<?> divergences) {
            for (Object d : divergences) {
                if (d instanceof Map<?, ?> m && m.get("chain") instanceof Number c
                        && c.intValue() >= 0 && c.intValue() < draws.chains()) {
                    listed.add(c.intValue());
                }
            }
        }
        Set<Integer> excluded = new TreeSet<>(listed);
        for (int c = 0; c < draws.chains(); c++) {
            if (draws.hasNonFinite(c)) {
                excluded.add(c);
            }
        }
        return new RunDirectory(dir, record, draws, summary, names(record, summary, draws.dims()),
                Set.copyOf(listed), Set.copyOf(excluded));
    }

    /** run.json's {@code plan}, or an empty map. */
    public Map<String, Object> plan() {
        return map(record.get("plan"));
    }

    /** run.json's {@code plan.target}, or an empty map. */
    public Map<String, Object> target() {
        return map(plan().get("target"));
    }

    /** The chains whose draws the plots use, in order. */
    public List<Integer> keptChains() {
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < draws.chains(); c++) {
            if (!excluded.contains(c)) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** A value of run.json as a map, or an empty map when it is absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> names(Map<String, Object> record, SummaryTable summary, int dims) {
        Object listed = map(map(record.get("plan")).get("target")).get("parameter_names");
        if (listed instanceof List<?> l && l.size() == dims) {
            return l.stream().map(String::valueOf).toList();
        }
        int k = summary.header().indexOf("parameter");
        if (k >= 0 && summary.rows().size() == dims) {
            return summary.rows().stream().map(r -> r.get(k)).toList();
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < dims; j++) {
            names.add("theta[" + j + "]");
        }
        return names;
    }

    private static Path require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file, "Run directory " + file.getParent() + " has no " + file.getFileName()
                    + " (expected " + file + ").");
        }
        return file;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /**
     * The run's target rebuilt from run.json: a built-in from its name, options and data, or a
     * model from its source file.
     *
     * @throws InputFileException when run.json names no target or a model whose source is not here
     */
    public Target rebuildTarget() throws DataFormatException {
        Map<String, Object> target = target();
        Path json = dir.resolve("run.json");
        Object nameValue = target.get("name");
        if (nameValue == null) {
            throw new InputFileException(json, json + " names no target.");
        }
        String name = String.valueOf(nameValue);
        Params params = Params.parse(map(target.get("params")).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        Map<String, Object> data = map(target.get("data"));
        Dataset dataset = data.isEmpty() ? null : dataset(data);
        Object source = target.get("source");
        if (source != null) {
            Path file = Path.of(String.valueOf(source));
            if (!String.valueOf(source).endsWith(".java") || !Files.isRegularFile(file)) {
                throw new InputFileException(json, "The run's model came from " + source + ", which is not a .java "
                        + "file here; run ksd where that file is.");
            }
            return ModelTarget.of(ModelSource.instantiate(ModelSource.compile(file), params, dataset));
        }
        int dim = ((Number) target.getOrDefault("dim", 0)).intValue();
        double priorSd = data.get("prior_sd") instanceof Number sd ? sd.doubleValue() : 1;
        return Targets.create(name, new Targets.Request(dim, params, dataset, priorSd));
    }

    private Dataset dataset(Map<String, Object> data) throws DataFormatException {
        return dataParts(data).train();
    }

    /**
     * The run's data as run.json describes them: the rows it sampled and, when it held rows out
     * (--holdout), those rows, standardised as the sampled ones were; null when the run had no data.
     *
     * @throws InputFileException when the data file no longer gives the held-out rows run.json records
     */
    public Holdout.Parts dataParts() throws DataFormatException {
        Map<String, Object> data = map(target().get("data"));
        return data.isEmpty() ? null : dataParts(data);
    }

    private Holdout.Parts dataParts(Map<String, Object> data) throws DataFormatException {
        Path file = Path.of(String.valueOf(data.get("file")));
        int skip = data.get("skip_rows") instanceof Number s ? s.intValue() : 0;
        Object labels = data.get("labels");
        Dataset dataset = labels != null ? CsvData.load(file, Path.of(String.valueOf(labels)), skip)
                : CsvData.load(file, skip, data.get("label_column") instanceof Number l ? l.intValue() : -1);
        boolean standardized = Boolean.TRUE.equals(data.get("standardized"));
        Map<String, Object> holdout = map(data.get("holdout"));
        if (holdout.isEmpty()) {
            return new Holdout.Parts(standardized ? dataset.standardize() : dataset, null);
        }
        Path json = dir.resolve("run.json");
        if (!(holdout.get("fraction") instanceof Number fraction) || !(holdout.get("seed") instanceof Number seed)) {
            throw new InputFileException(json, json + " records a holdout without its fraction and seed.");
        }
        Holdout split = Holdout.split(dataset.rows(), fraction.doubleValue(), seed.longValue());
        if (!split.heldOutHash().equals(holdout.get("held_out_sha256"))) {
            throw new InputFileException(file, "The held-out rows of " + file + " are not those " + json
                    + " records (their SHA-256 differs): the data file has changed since the run.");
        }
        return split.apply(dataset, standardized);
    }
}
