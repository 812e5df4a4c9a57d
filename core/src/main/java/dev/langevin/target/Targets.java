package dev.langevin.target;

import dev.langevin.data.CsvData;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;
import dev.langevin.model.ModelSource;
import dev.langevin.model.ModelTarget;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The registry of targets: names, parameters with defaults, and how each is built. */
public final class Targets {

    /** One parameter of a target, for listing and validation. */
    public record Parameter(String name, String fallback, String description) {
    }

    /** What a target needs to be built: its dimension (analytic targets), parameters and data. */
    public record Request(int dim, Params params, Dataset data, double priorSd) {
    }

    /** A registered target. */
    public record Entry(String name, String description, boolean needsData, List<Parameter> parameters,
                        Factory factory) {
        /** Parameter names, for error messages. */
        public Set<String> parameterNames() {
            Set<String> names = new LinkedHashSet<>();
            parameters.forEach(p -> names.add(p.name()));
            return names;
        }
    }

    /** Builds a target from a request; throws IllegalArgumentException naming the bad parameter. */
    @FunctionalInterface
    public interface Factory {
        Target create(Request request) throws DataFormatException;
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add(new Entry("gaussian", "independent Gaussian, U = sum (theta_j - mean_j)^2 / (2 sigma_j^2)", false,
                List.of(new Parameter("mean", "0", "mean, one value or one per dimension (a:b:c)"),
                        new Parameter("sigma", "1", "standard deviation, one value or one per dimension")),
                r -> new Gaussian(r.params().list("mean", new double[] {0}, r.dim()),
                        positive("sigma", r.params().list("sigma", new double[] {1}, r.dim())))));
        add(new Entry("correlated-gaussian", "Gaussian with AR(1) correlation rho^|i-j| or a given precision matrix", false,
                List.of(new Parameter("rho", "0.9", "correlation of neighbouring coordinates, in (-1, 1)"),
                        new Parameter("sigma", "1", "marginal standard deviation (with rho)"),
                        new Parameter("mean", "0", "mean, one value or one per dimension"),
                        new Parameter("precision", "", "file with a d x d precision matrix (replaces rho and sigma)")),
                Targets::correlatedGaussian));
        add(new Entry("quadratic", "quadratic bowl, U = sum lambda_j theta_j^2 / 2, lambda spread geometrically", false,
                List.of(new Parameter("curvature", "1", "smallest curvature lambda_0"),
                        new Parameter("condition", "1", "largest / smallest curvature")),
                r -> new Quadratic(r.dim(), positive("curvature", r.params().number("curvature", 1)),
                        atLeast("condition", r.params().number("condition", 1), 1))));
        add(new Entry("ackley", "Ackley's function: many local minima, global minimum 0 at the origin", false,
                List.of(new Parameter("a", "20", "depth of the global well"),
                        new Parameter("b", "0.2", "width of the global well"),
                        new Parameter("c", "6.283185307179586", "frequency of the ripples (2 pi)")),
                r -> new Ackley(r.dim(), r.params().number("a", 20), r.params().number("b", 0.2),
                        r.params().number("c", 2 * Math.PI))));
        add(new Entry("rosenbrock", "Rosenbrock's banana summed over consecutive pairs; minimum at (1, ..., 1)", false,
                List.of(new Parameter("a", "1", "valley floor"), new Parameter("b", "100", "valley steepness")),
                r -> {
                    if (r.dim() < 2) {
                        throw new InvalidParameterException("dimension", "Target rosenbrock needs a dimension of at least 2.");
                    }
                    return new Rosenbrock(r.dim(), r.params().number("a", 1), r.params().number("b", 100));
                }));
        add(new Entry("mixture", "mixture of K isotropic Gaussians centred on the diagonal (m_k, ..., m_k)", false,
                List.of(new Parameter("means", "-3:3", "component means m_k"),
                        new Parameter("sigmas", "1:1", "component standard deviations"),
                        new Parameter("weights", "0.5:0.5", "component weights (normalised)")),
                Targets::mixture));
        add(new Entry("double-well", "double well in every coordinate, U = h sum (theta_j^2 - 1)^2", false,
                List.of(new Parameter("barrier", "1", "barrier height h")),
                r -> new DoubleWell(r.dim(), positive("barrier", r.params().number("barrier", 1)))));
        add(new Entry("student-t", "Student-t with nu degrees of freedom, location mu and scale sigma in every "
                + "coordinate (a model written in the kernel subset)", false,
                List.of(new Parameter("nu", "5", "degrees of freedom"), new Parameter("mu", "0", "location"),
                        new Parameter("sigma", "1", "scale")),
                r -> ModelTarget.of(new StudentT(r.dim(), r.params().number("nu", 5), r.params().number("mu", 0),
                        r.params().number("sigma", 1))).withOpenCl(ModelSource.kernel("student-t.cl"), "kernels/student-t.cl")));
        add(new Entry("linear-regression", "Bayesian linear regression with intercept on data; Gaussian noise and prior", true,
                List.of(new Parameter("noise-sd", "1", "observation noise standard deviation")),
                r -> new LinearRegression(r.data(), positive("noise-sd", r.params().number("noise-sd", 1)), r.priorSd())));
        add(new Entry("logistic-regression", "Bayesian logistic regression with intercept on data; labels 0/1", true,
                List.of(),
                r -> {
                    for (int i = 0; i < r.data().rows(); i++) {
                        double y = r.data().labels()[i];
                        if (y != 0 && y != 1) {
                            throw new InvalidParameterException("labelColumn", "Target logistic-regression needs labels 0 or 1, but data row "
                                    + (i + 1) + " has label " + y + ".");
                        }
                    }
                    return new LogisticRegression(r.data(), r.priorSd());
                }));
        add(new Entry("softmax-regression", "Bayesian multinomial logistic regression on data; labels 0 .. K-1, "
                + "weights W[i,k] and biases b[k] with Gaussian priors (--prior-sd)", true,
                List.of(new Parameter("classes", "largest label + 1", "number of classes K")),
                r -> classifier("softmax-regression", r, new int[0], Mlp.TANH)));
        add(new Entry("mlp", "Bayesian neural network (multilayer perceptron) classifier on data; labels 0 .. K-1, "
                + "softmax outputs (or regression: likelihood=gaussian), Gaussian priors on weights and biases "
                + "(--prior-sd)", true,
                List.of(new Parameter("hidden", "50", "widths of the hidden layers, a:b for two"),
                        new Parameter("activation", "tanh", "activation of the hidden units, tanh or relu"),
                        new Parameter("classes", "largest label + 1", "number of classes K"),
                        new Parameter("likelihood", "softmax", "softmax (classes) or gaussian (regression on real "
                                + "labels, one output)"),
                        new Parameter("noise-sd", "1", "the Gaussian likelihood's noise sd sigma (likelihood=gaussian)")),
                Targets::mlp));
    }

    private Targets() {
    }

    private static void add(Entry entry) {
        ENTRIES.put(entry.name(), entry);
    }

    /** All targets, in listing order. */
    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry for a name, or an error listing the known names. */
    public static Entry entry(String name) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new InvalidParameterException("target", Names.unknown("target", name, ENTRIES.keySet()));
        }
        return entry;
    }

    /**
     * Builds a target, refusing unknown or invalid parameters.
     *
     * @param name the target's name
     * @param request dimension (ignored by data targets, whose dimension is columns + 1),
     *                parameters, data (required for data targets) and prior sd
     */
    public static Target create(String name, Request request) throws DataFormatException {
        Entry entry = entry(name);
        if (entry.needsData() && request.data() == null) {
            throw new InvalidParameterException("data", "Target " + name + " needs data.");
        }
        if (!entry.needsData() && request.data() != null) {
            throw new InvalidParameterException("data", "Target " + name + " is analytic and takes no data.");
        }
        if (!entry.needsData() && request.dim() < 1) {
            throw new InvalidParameterException("dimension", "The dimension must be at least 1, got " + request.dim() + ".");
        }
        Target target = entry.factory().create(request);
        request.params().requireAllUsed(name, entry.parameterNames());
        return target;
    }

    private static Target correlatedGaussian(Request r) throws DataFormatException {
        Params p = r.params();
        double[] mean = p.list("mean", new double[] {0}, r.dim());
        if (p.has("precision")) {
            if (p.has("rho")) {
                throw new InvalidParameterException("model.precision", "Parameters precision and rho exclude each other; give one.");
            }
            Path file = Path.of(p.string("precision", ""));
            double[] precision = CsvData.loadSquareMatrix(file, r.dim());
            try {
                return new CorrelatedGaussian(mean, precision);
            } catch (InvalidParameterException e) {
                throw new InvalidParameterException("model.precision", e.getMessage().replaceFirst("^The precision matrix",
                        "The precision matrix in " + java.util.regex.Matcher.quoteReplacement(file.toString())));
            }
        }
        double rho = p.number("rho", 0.9);
        if (!(rho > -1 && rho < 1)) {
            throw new InvalidParameterException("model.rho", "Parameter rho must lie in (-1, 1), got " + rho + ".");
        }
        return CorrelatedGaussian.autoregressive(mean, rho, positive("sigma", p.number("sigma", 1)));
    }

    private static Target mixture(Request r) {
        Params p = r.params();
        double[] means = p.list("means", new double[] {-3, 3}, 0);
        double[] sigmas = positive("sigmas", p.list("sigmas", new double[] {1}, means.length));
        double[] weights = positive("weights", p.list("weights", new double[] {1}, means.length));
        return new Mixture(r.dim(), means, sigmas, weights);
    }

    private static Target mlp(Request r) {
        double[] widths = r.params().list("hidden", new double[] {50}, 0);
        int[] hidden = new int[widths.length];
        for (int l = 0; l < widths.length; l++) {
            if (!(widths[l] >= 1 && widths[l] == Math.rint(widths[l]))) {
                throw new InvalidParameterException("model.hidden", "Parameter hidden must list whole numbers of units "
                        + "of at least 1, got " + r.params().string("hidden", "") + ".");
            }
            hidden[l] = (int) widths[l];
        }
        String activation = r.params().string("activation", "tanh");
        int code = switch (activation) {
            case "tanh" -> Mlp.TANH;
            case "relu" -> Mlp.RELU;
            default -> throw new InvalidParameterException("model.activation", Names.unknown("activation", activation,
                    List.of("tanh", "relu")));
        };
        String likelihood = r.params().string("likelihood", "softmax");
        switch (likelihood) {
            case "softmax" -> {
                if (r.params().has("noise-sd")) {
                    throw new InvalidParameterException("model.noise-sd", "Parameter noise-sd applies only with "
                            + "likelihood=gaussian.");
                }
                return classifier("mlp", r, hidden, code);
            }
            case "gaussian" -> {
                if (r.params().has("classes")) {
                    throw new InvalidParameterException("model.classes", "Parameter classes applies only with "
                            + "likelihood=softmax; a regression has one output.");
                }
                double noiseSd = positive("noise-sd", r.params().number("noise-sd", 1));
                return ModelTarget.of(new Mlp("mlp", r.data(), hidden, code, 1, r.priorSd(), noiseSd))
                        .withOpenCl(ModelSource.kernel("mlp.cl"), "kernels/mlp.cl");
            }
            default -> throw new InvalidParameterException("model.likelihood", Names.unknown("likelihood", likelihood,
                    List.of("softmax", "gaussian")));
        }
    }

    /** Softmax regression (no hidden layer) or the MLP, with K from the classes parameter or the labels. */
    private static Target classifier(String name, Request r, int[] hidden, int activation) {
        double largest = 0;
        for (double y : r.data().labels()) {
            largest = Math.max(largest, y);
        }
        double classes = r.params().number("classes", Math.floor(largest) + 1);
        if (!(classes >= 2 && classes == Math.rint(classes) && classes <= 1 << 16)) {
            throw new InvalidParameterException("model.classes", "Target " + name + " needs at least 2 classes (labels "
                    + "0 .. K-1), got " + (r.params().has("classes") ? "classes=" + classes : "labels up to " + largest)
                    + ".");
        }
        return ModelTarget.of(new Mlp(name, r.data(), hidden, activation, (int) classes, r.priorSd()))
                .withOpenCl(ModelSource.kernel("mlp.cl"), "kernels/mlp.cl");
    }

    private static double positive(String name, double value) {
        if (!(value > 0)) {
            throw new InvalidParameterException("model." + name, "Parameter " + name + " must be positive, got " + value + ".");
        }
        return value;
    }

    private static double[] positive(String name, double[] values) {
        for (double v : values) {
            positive(name, v);
        }
        return values;
    }

    private static double atLeast(String name, double value, double min) {
        if (!(value >= min)) {
            throw new InvalidParameterException("model." + name, "Parameter " + name + " must be at least " + min + ", got " + value + ".");
        }
        return value;
    }
}
