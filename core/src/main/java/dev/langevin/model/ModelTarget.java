package dev.langevin.model;

import dev.langevin.target.DataTarget;
import dev.langevin.target.Target;

import java.util.List;

/**
 * A {@link Model} seen as a {@link Target}, so that everything written against targets (the
 * reference engine, the gradient estimators, MALA's potentials, the summaries) runs it. The
 * model's kernel methods compute in float, on a copy of theta rounded to float; the potential
 * sums their terms in double. A model with data rows is a {@link DataTarget} ({@link #of}).
 */
public class ModelTarget implements Target {
    private final Model model;
    private final Kernels kernels;
    private final float[] parameters;
    private final ThreadLocal<float[][]> scratch;
    private volatile String openClSource;
    private volatile String openClOrigin;

    ModelTarget(Model model, Kernels kernels) {
        this.model = model;
        this.kernels = kernels;
        this.parameters = model.parameters().clone();
        int d = model.dim();
        this.scratch = ThreadLocal.withInitial(() -> new float[][] {new float[d], new float[d]});
    }

    /** The target of a model: a {@link DataTarget} when the model has data rows. */
    public static ModelTarget of(Model model) {
        if (model.parameterNames().size() != model.dim()) {
            throw new dev.langevin.error.InvalidParameterException("model", "Model " + model.name() + " names "
                    + model.parameterNames().size() + " parameters but has dimension " + model.dim() + ".");
        }
        if (model.reportedNames().size() != model.dim()) {
            throw new dev.langevin.error.InvalidParameterException("model", "Model " + model.name() + " reports "
                    + model.reportedNames().size() + " quantities but has dimension " + model.dim() + ".");
        }
        Kernels kernels = Kernels.of(model.getClass(), model.rows() > 0);
        return model.rows() > 0 ? new Data(model, kernels) : new ModelTarget(model, kernels);
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Its kernel methods. */
    public Kernels kernels() {
        return kernels;
    }

    /**
     * Gives the model's functions in OpenCL C (see kernels/README.md), which the opencl engine
     * splices into its kernels.
     *
     * @param source the OpenCL C source
     * @param origin where it came from (a file name), for messages
     * @return this target
     */
    public ModelTarget withOpenCl(String source, String origin) {
        this.openClSource = source;
        this.openClOrigin = origin;
        return this;
    }

    /** The model's functions in OpenCL C, when it has them. */
    public java.util.Optional<String> openClSource() {
        return java.util.Optional.ofNullable(openClSource);
    }

    /** Where the OpenCL C functions came from (a file name), or null. */
    public String openClOrigin() {
        return openClOrigin;
    }

    /** Its flat parameter array (a private copy: kernels read it, nobody writes it). */
    public float[] parameters() {
        return parameters;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int dim() {
        return model.dim();
    }

    @Override
    public List<String> parameterNames() {
        return model.parameterNames();
    }

    @Override
    public List<String> reportedNames() {
        return model.reportedNames();
    }

    @Override
    public double reported(int j, double value) {
        return model.reported(j, value);
    }

    @Override
    public boolean transformsReports() {
        try {
            return model.getClass().getMethod("reported", int.class, double.class).getDeclaringClass() != Model.class;
        } catch (NoSuchMethodException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public double potential(double[] theta) {
        return kernels.priorPotential().apply(rounded(theta), 0, 1, parameters);
    }

    @Override
    public void potentialGradient(double[] theta, double[] gradient) {
        priorGradient(theta, gradient);
    }

    /** grad U_prior, computed by the model in float. */
    void priorGradient(double[] theta, double[] gradient) {
        float[][] s = scratch.get();
        kernels.priorGradient().apply(rounded(theta), 0, 1, parameters, s[1], 0);
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] = s[1][j];
        }
    }

    /** theta rounded to float, in this thread's scratch. */
    float[] rounded(double[] theta) {
        float[] t = scratch.get()[0];
        for (int j = 0; j < t.length; j++) {
            t[j] = (float) theta[j];
        }
        return t;
    }

    float[] gradientScratch() {
        return scratch.get()[1];
    }

    /** A model with data rows. */
    static final class Data extends ModelTarget implements DataTarget {
        private final float[] x;
        private final int rowLength;

        Data(Model model, Kernels kernels) {
            super(model, kernels);
            this.x = model.data();
            this.rowLength = model.rowLength();
            if ((long) model.rows() * rowLength != x.length) {
                throw new dev.langevin.error.InvalidParameterException("model", "Model " + model.name() + " has "
                        + model.rows() + " rows of " + rowLength + " floats but " + x.length + " floats of data.");
            }
        }

        @Override
        public int rows() {
            return model().rows();
        }

        @Override
        public double potential(double[] theta) {
            float[] t = rounded(theta);
            double u = kernels().priorPotential().apply(t, 0, 1, parameters());
            for (int i = 0; i < rows(); i++) {
                u += kernels().rowPotential().apply(t, 0, 1, parameters(), x, i * rowLength);
            }
            return u;
        }

        @Override
        public void potentialGradient(double[] theta, double[] gradient) {
            DataTarget.super.potentialGradient(theta, gradient);
        }

        @Override
        public double rowPotential(double[] theta, int row) {
            return kernels().rowPotential().apply(rounded(theta), 0, 1, parameters(), x, row * rowLength);
        }

        @Override
        public double priorPotential(double[] theta) {
            return kernels().priorPotential().apply(rounded(theta), 0, 1, parameters());
        }

        @Override
        public void priorGradient(double[] theta, double[] gradient) {
            super.priorGradient(theta, gradient);
        }

        @Override
        public void addRowGradient(double[] theta, int row, double weight, double[] gradient) {
            float[] g = gradientScratch();
            java.util.Arrays.fill(g, 0f);
            kernels().rowGradient().apply(rounded(theta), 0, 1, parameters(), x, row * rowLength, 1f, g, 0);
            for (int j = 0; j < gradient.length; j++) {
                gradient[j] += weight * g[j];
            }
        }

        /** The data, for engines that run the kernel methods themselves. */
        public float[] data() {
            return x;
        }

        /** Floats per row. */
        public int rowLength() {
            return rowLength;
        }
    }
}
