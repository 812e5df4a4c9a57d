package dev.langevin.model;

import dev.langevin.data.Dataset;
import dev.langevin.error.InputFileException;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.target.Params;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a user's model comes from: one Java source file compiled at run time (as
 * {@code java File.java} does), or a compiled class on a class path. Either way the class is
 * instantiated with the model's parameters and data and checked against the kernel subset's
 * signatures before any work starts.
 */
public final class ModelSource {
    /** Compile errors shown, at most. */
    static final int ERRORS_SHOWN = 3;

    private ModelSource() {
    }

    /**
     * Compiles a single source file and loads its public class (the one named as the file).
     *
     * @throws InputFileException naming the file and the first errors (file:line: message)
     */
    public static Class<?> compile(Path source) {
        if (!Files.isRegularFile(source)) {
            throw new InputFileException(source, "Model file " + source + (Files.isDirectory(source)
                    ? " is a directory; give the .java file." : " does not exist."));
        }
        String file = source.getFileName().toString();
        if (!file.endsWith(".java")) {
            throw new InputFileException(source, "Model file " + source + " is not a .java source file.");
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new InputFileException(source, "Compiling " + source + " needs a JDK's compiler (jdk.compiler), "
                    + "which this Java runtime lacks; run langevin with a JDK, or compile the model and give its class.");
        }
        Path classes;
        try {
            classes = Files.createTempDirectory("langevin-model-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleteOnExit(classes);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // -g: TornadoVM reads the local variable tables of the kernel methods
            List<String> options = List.of("-g", "-proc:none", "-classpath", System.getProperty("java.class.path"),
                    "-d", classes.toString());
            boolean ok = compiler.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(source.toFile())).call();
            if (!ok) {
                throw new InputFileException(source, "Model " + source + " does not compile: " + errors(diagnostics) + ".");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String simple = file.substring(0, file.length() - ".java".length());
        try (Stream<Path> walk = Files.walk(classes)) {
            Path compiled = walk.filter(p -> p.getFileName().toString().equals(simple + ".class")).findFirst()
                    .orElseThrow(() -> new InputFileException(source, "Model " + source + " declares no class "
                            + simple + "; the file's public class must be named as the file."));
            String name = classes.relativize(compiled).toString().replace(File.separatorChar, '.');
            name = name.substring(0, name.length() - ".class".length());
            return load(classes, name, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a compiled model class from a class path (jars and folders, separated as the
     * platform separates paths), else from the thread's context class loader or langevin's own.
     *
     * @throws InvalidParameterException when the class cannot be found
     */
    public static Class<?> load(String classPath, String className) {
        List<URL> urls = new ArrayList<>();
        if (classPath != null && !classPath.isBlank()) {
            for (String entry : classPath.split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!Files.exists(p)) {
                    throw new InputFileException(p, "Class path entry " + p + " does not exist.");
                }
                urls.add(url(p));
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), parentLoader());
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidParameterException("modelClass", "Model class " + className + " is not on the class path"
                    + (urls.isEmpty() ? "" : " " + classPath) + " (" + e.getMessage() + ").");
        }
    }

    /**
     * Where a model class not on the given class path is looked for: the thread's context class
     * loader where it sees langevin's own classes (a container, such as a Spark executor, puts the
     * jars it was given there), else langevin's class loader.
     */
    private static ClassLoader parentLoader() {
        ClassLoader own = ModelSource.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null || context == own) {
            return own;
        }
        try {
            return Class.forName(Model.class.getName(), false, context) == Model.class ? context : own;
        } catch (ClassNotFoundException | LinkageError e) {
            return own;
        }
    }

    /**
     * A model of {@code type}, built with its (Params, Dataset), (Params) or no-argument public
     * constructor; the parameters it did not read are refused.
     *
     * @throws InvalidParameterException when the class is not a model, has no such
     *                                   constructor, or its constructor refuses the input
     */
    public static Model instantiate(Class<?> type, Params params, Dataset data) {
        if (!Model.class.isAssignableFrom(type)) {
            throw new InvalidParameterException("model", "Class " + type.getName() + " does not implement "
                    + Model.class.getName() + ".");
        }
        try {
            Model model;
            Constructor<?> withData = constructor(type, Params.class, Dataset.class);
            Constructor<?> withParams = constructor(type, Params.class);
            Constructor<?> plain = constructor(type);
            if (withData != null) {
                model = (Model) withData.newInstance(params, data);
            } else if (data != null) {
                throw new InvalidParameterException("data", "Model " + type.getSimpleName() + " takes no data (it has no"
                        + " public constructor (Params, Dataset)).");
            } else if (withParams != null) {
                model = (Model) withParams.newInstance(params);
            } else if (plain != null) {
                model = (Model) plain.newInstance();
            } else {
                throw new InvalidParameterException("model", "Model class " + type.getName() + " needs a public "
                        + "constructor (Params, Dataset), (Params) or ().");
            }
            params.requireAllUsed(model.name(), params.read());
            if (model.dim() < 1) {
                throw new InvalidParameterException("model", "Model " + model.name() + " has dimension " + model.dim()
                        + "; it must be at least 1.");
            }
            return model;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof dev.langevin.error.LangevinException known) {
                throw known;
            }
            // the model's constructor refused its options or data: the user's to fix, in the model's words
            Throwable cause = e.getCause();
            throw new InvalidParameterException("model", "Model " + type.getSimpleName() + " refused its options or "
                    + "data: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (InstantiationException | IllegalAccessException e) {
            throw new InvalidParameterException("model", "Model class " + type.getName() + " cannot be instantiated: "
                    + e.getMessage() + ".");
        }
    }

    /**
     * Reads a model's source file in another language (its OpenCL C functions).
     *
     * @throws InputFileException naming the file when it cannot be read
     */
    public static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file, "Model file " + file + (Files.isDirectory(file) ? " is a directory."
                    : " does not exist."));
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw dev.langevin.error.FileErrors.cannotRead(file, e);
        }
    }

    /**
     * An OpenCL C source shipped under kernels/ in the jar: the engines' kernels, and the built-in
     * models' twins of their Java kernel methods.
     */
    public static String kernel(String name) {
        try (java.io.InputStream in = ModelSource.class.getResourceAsStream("/kernels/" + name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source kernels/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Constructor<?> constructor(Class<?> type, Class<?>... parameters) {
        try {
            return type.getConstructor(parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Class<?> load(Path classes, String name, Path source) {
        ClassLoader loader = new URLClassLoader(new URL[] {url(classes)}, ModelSource.class.getClassLoader());
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InputFileException(source, "Model " + source + " compiled but its class cannot be loaded: "
                    + e.getMessage() + ".");
        }
    }

    private static String errors(DiagnosticCollector<JavaFileObject> diagnostics) {
        List<String> shown = new ArrayList<>();
        int total = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            total++;
            if (shown.size() < ERRORS_SHOWN) {
                String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                        + d.getLineNumber() + ": ";
                // javac's first line names the error, its second (if any) the symbol or the types involved
                List<String> lines = d.getMessage(Locale.ROOT).lines().map(l -> l.strip().replaceAll("\\s+", " "))
                        .filter(l -> !l.isEmpty()).limit(2).toList();
                shown.add(where + lines.get(0) + (lines.size() > 1 ? " (" + lines.get(1) + ")" : ""));
            }
        }
        return String.join("; ", shown) + (total > shown.size() ? " (and " + (total - shown.size()) + " more)" : "");
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException ignored) {
                // a temporary folder of class files; the system cleans its temporary directory
            }
        }, "langevin-model-classes"));
    }
}
