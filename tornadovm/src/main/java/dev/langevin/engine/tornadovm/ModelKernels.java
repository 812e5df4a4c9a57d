package dev.langevin.engine.tornadovm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.LangevinException;
import dev.langevin.model.ModelTarget;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.FieldModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.attribute.SourceFileAttribute;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's kernel: {@link ModelKernel} calling the model's static methods. TornadoVM compiles a
 * task from its class file, so the kernel has to call the model's class by name; and TornadoVM
 * 5.2 reads each compiled class's {@code @Parallel} annotations, and those of every method it
 * inlines, from the class file that the system class loader finds under the class's name,
 * which a model compiled at run time (or given on a class path of its own) does not have.
 * Hence this: the model's class file, reduced to its static members, becomes a class named
 * {@link ModelStub}, its calls to {@link Math}'s functions that TornadoVM cannot compile turned
 * into calls to {@link DeviceMath}'s; a class loader of its own defines it beside another copy
 * of {@link ModelKernel}, and TornadoVM, reading those two names from the system class loader,
 * finds the engine's ModelKernel (the same bytes, the same annotations) and ModelStub (no
 * annotations, as the model has none). One kernel per model class, kept as long as the class.
 */
final class ModelKernels {
    private static final String STUB = ModelStub.class.getName();
    private static final String KERNEL = ModelKernel.class.getName();
    private static final ClassDesc STUB_TYPE = ClassDesc.of(STUB);
    private static final ClassDesc MATH = ClassDesc.of(Math.class.getName());
    private static final ClassDesc STRICT_MATH = ClassDesc.of(StrictMath.class.getName());
    private static final ClassDesc DEVICE_MATH = ClassDesc.of(DeviceMath.class.getName());
    /** DeviceMath's functions, as name + descriptor. */
    private static final Set<String> REPLACED = signatures(DeviceMath.class);

    private static final ClassValue<Kernel> KERNELS = new ClassValue<>() {
        @Override
        protected Kernel computeValue(Class<?> type) {
            return build(type);
        }
    };

    /**
     * A model class's kernel, or why there is none.
     *
     * @param task    the kernel, or null
     * @param source  the model's source file name (or its class name), for messages
     * @param problem why there is no kernel, or null
     */
    record Kernel(ModelTask task, String source, String problem) {
    }

    private ModelKernels() {
    }

    /** Why the tornadovm engine cannot make a kernel of a model's class, or empty. */
    static Optional<String> unavailable(ModelTarget target) {
        return Optional.ofNullable(KERNELS.get(target.model().getClass()).problem());
    }

    /** The model's kernel; one sentence when there is none. */
    static Kernel of(ModelTarget target) {
        Kernel kernel = KERNELS.get(target.model().getClass());
        if (kernel.problem() != null) {
            throw new InvalidParameterException("engine", kernel.problem());
        }
        return kernel;
    }

    private static Kernel build(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        ClassLoader loader = type.getClassLoader();
        byte[] original;
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return new Kernel(null, type.getName(), "The tornadovm engine cannot read the class file of model class "
                        + type.getName() + " (" + resource + " is not where its class loader looks); use --engine cpu or reference.");
            }
            original = in.readAllBytes();
        } catch (IOException e) {
            return new Kernel(null, type.getName(), "The tornadovm engine cannot read the class file of model class "
                    + type.getName() + " (" + e.getMessage() + "); use --engine cpu or reference.");
        }
        String source = type.getName();
        try {
            ClassModel model = ClassFile.of().parse(original);
            source = model.findAttribute(Attributes.sourceFile()).map(s -> s.sourceFile().stringValue()).orElse(source);
            ClassLoader engine = ModelKernels.class.getClassLoader();
            byte[] stub = stub(model, ClassDesc.of(type.getName()), loader == null ? engine : loader);
            byte[] kernel;
            try (InputStream in = engine.getResourceAsStream(KERNEL.replace('.', '/') + ".class")) {
                kernel = in.readAllBytes();
            }
            KernelLoader kernels = new KernelLoader(engine, loader, Map.of(STUB, stub, KERNEL, kernel));
            // initialised here, so that a copy the JVM refuses is named now rather than inside TornadoVM
            Class.forName(STUB, true, kernels);
            ModelTask task = (ModelTask) Class.forName(KERNEL, true, kernels).getMethod("task").invoke(null);
            return new Kernel(task, source, null);
        } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            return new Kernel(null, source, "The tornadovm engine cannot make a kernel of model class " + type.getName()
                    + " (" + source + "): " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                    : " (" + firstLine(cause.getMessage()) + ")") + "; use --engine cpu or reference.");
        }
    }

    /**
     * The model's class file as {@link ModelStub}: its static fields and methods (the class
     * initialiser among them), its own static calls and fields now the copy's, Math's and
     * StrictMath's functions Math's or {@link DeviceMath}'s; and empty row methods when it
     * has none (a model without data rows).
     */
    static byte[] stub(ClassModel model, ClassDesc self, ClassLoader loader) {
        CodeTransform retarget = (code, element) -> {
            if (element instanceof InvokeInstruction invoke && invoke.opcode() == Opcode.INVOKESTATIC) {
                ClassDesc owner = invoke.owner().asSymbol();
                String name = invoke.name().stringValue();
                MethodTypeDesc type = invoke.typeSymbol();
                if (owner.equals(self)) {
                    code.invokestatic(STUB_TYPE, name, type);
                    return;
                }
                if (owner.equals(MATH) || owner.equals(STRICT_MATH)) {
                    code.invokestatic(REPLACED.contains(name + type.descriptorString()) ? DEVICE_MATH : MATH, name, type);
                    return;
                }
            }
            if (element instanceof FieldInstruction field && field.owner().asSymbol().equals(self)
                    && (field.opcode() == Opcode.GETSTATIC || field.opcode() == Opcode.PUTSTATIC)) {
                code.fieldAccess(field.opcode(), STUB_TYPE, field.name().stringValue(), field.typeSymbol());
                return;
            }
            code.with(element);
        };
        Set<String> present = new HashSet<>();
        ClassFile files = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
        return files.build(STUB_TYPE, builder -> {
            builder.withVersion(model.majorVersion(), model.minorVersion());
            builder.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            builder.withSuperclass(ConstantDescs.CD_Object);
            for (ClassElement element : model) {
                if (element instanceof FieldModel field && field.flags().has(AccessFlag.STATIC)) {
                    builder.with(field);
                } else if (element instanceof MethodModel method && method.flags().has(AccessFlag.STATIC)) {
                    present.add(method.methodName().stringValue() + method.methodType().stringValue());
                    builder.transformMethod(method, MethodTransform.transformingCode(retarget));
                } else if (element instanceof SourceFileAttribute file) {
                    builder.with(file);
                }
            }
            for (Method method : ModelStub.class.getDeclaredMethods()) {
                String signature = method.getName() + descriptor(method).descriptorString();
                if (Modifier.isPublic(method.getModifiers()) && !present.contains(signature)) {
                    boolean returnsFloat = method.getReturnType() == float.class;
                    builder.withMethodBody(method.getName(), descriptor(method), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
                            code -> {
                                if (returnsFloat) {
                                    code.fconst_0().freturn();
                                } else {
                                    code.return_();
                                }
                            });
                }
            }
        });
    }

    /**
     * One sentence for a model TornadoVM could not compile: the model, its source file, and what
     * TornadoVM said, shortened to its reason.
     */
    static InvalidParameterException compileError(ModelTarget target, Kernel kernel, int device, Throwable error) {
        Class<?> type = target.model().getClass();
        String reason = reason(error).replace(STUB, type.getName());
        return new InvalidParameterException("model", "TornadoVM cannot compile model " + target.name() + " ("
                + kernel.source() + ") for device " + device + ": " + reason + "; the model package's documentation "
                + "lists the kernel subset, and --engine cpu or reference run any model.");
    }

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
    private static final Pattern CLASS_READER = Pattern.compile("Class reader could not be instantiated for class file: (\\S+)\\.class"
            + "|failed to access class (\\S+) from class");
    private static final Pattern INLINING = Pattern.compile("Method Invoke#(\\S+)\\(.*cannot be inlined: node count \\((\\d+)\\) exceeds limit \\((\\d+)\\)");

    /** What went wrong, from TornadoVM's chain of exceptions. */
    static String reason(Throwable error) {
        StringBuilder all = new StringBuilder();
        Throwable deepest = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(ANSI.matcher(t.getMessage()).replaceAll("")).append('\n');
            }
            deepest = t;
        }
        Matcher reader = CLASS_READER.matcher(all);
        if (reader.find()) {
            String other = reader.group(1) != null ? reader.group(1).replace('/', '.') : reader.group(2);
            return "its kernel methods call methods of class " + other + ", which the tornadovm engine cannot compile "
                    + "with them (keep the kernel methods, and what they call, in the model's class)";
        }
        Matcher inlining = INLINING.matcher(all);
        if (inlining.find()) {
            return "method " + inlining.group(1) + " is too large for TornadoVM to inline (" + inlining.group(2)
                    + " graph nodes, at most " + inlining.group(3) + "); split it into smaller static methods";
        }
        if (all.indexOf("Error during code compilation with the OpenCL driver") >= 0) {
            return "the OpenCL driver could not build the kernel TornadoVM wrote (its build log is printed above)";
        }
        String message = deepest.getMessage() == null ? "" : firstLine(ANSI.matcher(deepest.getMessage()).replaceAll(""));
        if (message.isBlank() || message.equals("unimplemented")) {
            StackTraceElement[] frames = deepest.getStackTrace();
            String where = "";
            for (StackTraceElement frame : frames) {
                if (!frame.getClassName().endsWith("TornadoInternalError")) {
                    String simple = frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
                    where = " (" + simple + "." + frame.getMethodName() + ")";
                    break;
                }
            }
            return "its compiler has no translation for an operation the methods use" + where
                    + ", often a Math function or a long or bit-level operation";
        }
        return deepest.getClass().getSimpleName() + ": " + message;
    }

    /** Whether an exception from TornadoVM's first execution is TornadoVM's, not the engine's. */
    static boolean fromTornadoVm(Throwable error) {
        return !(error instanceof LangevinException) && (error instanceof RuntimeException
                || error instanceof uk.ac.manchester.tornado.api.exceptions.TornadoInternalError);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static Set<String> signatures(Class<?> type) {
        Set<String> out = new HashSet<>();
        for (Method method : type.getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && Modifier.isStatic(method.getModifiers())) {
                out.add(method.getName() + descriptor(method).descriptorString());
            }
        }
        return Set.copyOf(out);
    }

    private static MethodTypeDesc descriptor(Method method) {
        return java.lang.invoke.MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .describeConstable().orElseThrow();
    }

    /**
     * Defines the model's copy and the kernel's, and takes every other class from the engine's
     * class loader, or failing that the model's.
     */
    private static final class KernelLoader extends ClassLoader {
        private final ClassLoader model;
        private final Map<String, byte[]> classes;

        KernelLoader(ClassLoader engine, ClassLoader model, Map<String, byte[]> classes) {
            super("langevin-model-kernel", engine);
            this.model = model;
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    byte[] bytes = classes.get(name);
                    if (bytes != null) {
                        type = defineClass(name, bytes, 0, bytes.length);
                    } else {
                        try {
                            type = getParent().loadClass(name);
                        } catch (ClassNotFoundException e) {
                            if (model == null) {
                                throw e;
                            }
                            type = model.loadClass(name);
                        }
                    }
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }
}
