package dev.langevin.cli;

import dev.langevin.data.CsvData;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;
import dev.langevin.data.Holdout;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What is sampled, shared by {@code run}, {@code compare} and {@code check-model}: a built-in
 * target (--target) or the user's model (--model, --model-class), its options and its data.
 */
final class ModelOptions {
    @Option(names = "--target", paramLabel = "NAME",
            description = "Target density; 'langevin targets' lists them. Or give --model or --model-class.")
    String target;

    @Option(names = "--model", paramLabel = "FILE.java",
            description = "Your own model: a Java source file whose public class implements dev.langevin.model.Model "
                    + "(see the README), compiled when the run starts; its options come from --param, its data from "
                    + "--data.")
    Path model;

    @Option(names = "--model-cl", paramLabel = "FILE.cl",
            description = "The model's functions in OpenCL C (kernels/README.md), for --engine opencl.")
    Path modelCl;

    @Option(names = "--model-class", paramLabel = "NAME",
            description = "Your own model, compiled: the class's full name, found on --classpath.")
    String modelClass;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Jars and folders (separated by ':') holding --model-class.")
    String classpath;

    @Option(names = "--dim", defaultValue = "2", paramLabel = "D",
            description = "Dimension of an analytic target (default: ${DEFAULT-VALUE}); data targets take theirs from the data.")
    int dim;

    @Option(names = "--param", paramLabel = "K=V,...",
            description = "Target parameters, name=value pairs separated by commas; lists as a:b:c. Repeatable.")
    List<String> params = new ArrayList<>();

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV (or whitespace-separated, optionally .gz) data for regression targets.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "Labels in a separate file, one a line (then --data holds only features).")
    Path labels;

    @Option(names = "--skip-rows", defaultValue = "0", paramLabel = "N",
            description = "Header lines to skip in the data files (default: ${DEFAULT-VALUE}).")
    int skipRows;

    @Option(names = "--label-column", defaultValue = "-1", paramLabel = "J",
            description = "Column of --data holding the label, from 0; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
    int labelColumn;

    @Option(names = "--standardize", description = "Centre and scale every feature column to mean 0, sd 1.")
    boolean standardize;

    @Option(names = "--prior-sd", defaultValue = "1", paramLabel = "TAU",
            description = "Standard deviation of the Gaussian prior on regression coefficients (default: ${DEFAULT-VALUE}).")
    double priorSd;

    @Option(names = "--holdout", paramLabel = "F",
            description = "Hold out this fraction of the data rows (a seeded shuffle, recorded in run.json) from "
                    + "sampling; run then evaluates a classifier's predictions on them (see 'langevin predict').")
    Double holdout;

    @Option(names = "--holdout-seed", defaultValue = "0", paramLabel = "SEED",
            description = "Seed of the --holdout shuffle, so that runs with different --seed share a split (default: "
                    + "${DEFAULT-VALUE}).")
    long holdoutSeed;

    /** The --holdout split, once the data are read; null without --holdout. */
    Holdout split;

    /** The held-out rows, standardised as the training rows were; null without --holdout. */
    Dataset heldOut;

    /** The target or model, its data (or null) and its parsed options. */
    record Chosen(Target target, Dataset data, Params params) {
    }

    /** Refuses anything but exactly one of --target, --model and --model-class. */
    void checkSource(Consumer<String> usage) {
        int sources = (target != null ? 1 : 0) + (model != null ? 1 : 0) + (modelClass != null ? 1 : 0);
        if (sources != 1) {
            usage.accept(sources == 0 ? "Give what to sample: --target NAME (see 'langevin targets'), --model "
                    + "FILE.java or --model-class NAME." : "--target, --model and --model-class exclude each other; "
                    + "give one.");
        }
        if (modelCl != null && !userModel()) {
            usage.accept("--model-cl gives the OpenCL C functions of --model or --model-class; give one of those too.");
        }
        if (classpath != null && modelClass == null) {
            usage.accept("--classpath is where --model-class is found; give --model-class too.");
        }
    }

    /**
     * Builds the target or compiles and builds the model, reading its data; {@code usage}
     * receives (and throws) a usage mistake's sentence.
     */
    Chosen choose(Consumer<String> usage) throws DataFormatException {
        checkSource(usage);
        Params parsed = Params.parse(String.join(",", params));
        if (userModel()) {
            Dataset dataset = data == null ? null : loadData(usage);
            Class<?> type = model != null ? ModelSource.compile(model) : ModelSource.load(classpath, modelClass);
            ModelTarget built = ModelTarget.of(ModelSource.instantiate(type, parsed, dataset));
            if (modelCl != null) {
                built.withOpenCl(ModelSource.read(modelCl), modelCl.toString());
            }
            return new Chosen(built, dataset, parsed);
        }
        Targets.Entry entry = Targets.entry(target);
        Dataset dataset = null;
        if (entry.needsData()) {
            if (data == null) {
                usage.accept("Target " + target + " needs --data FILE.");
            }
            dataset = loadData(usage);
        } else if (data != null || labels != null || standardize) {
            usage.accept("Target " + target + " is analytic; --data, --labels and --standardize apply only to data "
                    + "targets.");
        }
        if (!(priorSd > 0 && Double.isFinite(priorSd))) {
            usage.accept("--prior-sd must be positive, got " + priorSd + ".");
        }
        return new Chosen(Targets.create(target, new Targets.Request(dim, parsed, dataset, priorSd)), dataset, parsed);
    }

    private Dataset loadData(Consumer<String> usage) throws DataFormatException {
        if (skipRows < 0) {
            usage.accept("--skip-rows must be at least 0, got " + skipRows + ".");
        }
        Dataset dataset = labels == null ? CsvData.load(data, skipRows, labelColumn) : CsvData.load(data, labels, skipRows);
        if (holdout != null) {
            split = Holdout.split(dataset.rows(), holdout, holdoutSeed);
            Holdout.Parts parts = split.apply(dataset, standardize);
            heldOut = parts.test();
            return parts.train();
        }
        return standardize ? dataset.standardize() : dataset;
    }

    /** Whether what is sampled is the user's model (--model or --model-class) rather than a built-in target. */
    boolean userModel() {
        return model != null || modelClass != null;
    }

    /** Where the user's model came from, for run.json; null for a built-in target. */
    String modelSource() {
        return model != null ? model.toString()
                : modelClass != null ? modelClass + (classpath == null ? "" : " on " + classpath) : null;
    }
}
