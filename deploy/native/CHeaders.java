import java.io.IOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;

/**
 * Writes the C headers that the GraalVM builder from Maven Central asks for and that only a GraalVM JDK ships
 * (lib/svm/clibraries/.../include): amd64cpufeatures.h, svm_locale.h and their kin. Each is derived from the svm jar
 * itself: a {@code CContext.Directives} class that names {@code include/X.h} in the project
 * {@code com.oracle.svm.native.libchelper} gets a header with every {@code @CStruct}, {@code @CConstant} and
 * {@code @CFunction} of the classes in that context. The builder only compiles small query programs against these
 * headers (sizes and offsets of struct fields, values of constants): nothing is linked, so a constant's value here is
 * a placeholder (distinct small integers) that would matter only in a binary that runs.
 *
 * Usage: java CHeaders.java SVM_JAR OUTPUT_DIR   (writes OUTPUT_DIR/include/*.h)
 */
public class CHeaders {
    static final String CCONTEXT = "Lorg/graalvm/nativeimage/c/CContext;";
    static final String CSTRUCT = "Lorg/graalvm/nativeimage/c/struct/CStruct;";
    static final String CFIELD = "Lorg/graalvm/nativeimage/c/struct/CField;";
    static final String CCONSTANT = "Lorg/graalvm/nativeimage/c/constant/CConstant;";
    static final String CFUNCTION = "Lorg/graalvm/nativeimage/c/function/CFunction;";
    static final String PROJECT = "com.oracle.svm.native.libchelper";

    record Struct(String name, Map<String, String> fields) {
    }

    record Context(String header, List<String> classes, List<Struct> structs, List<String> constants, List<String> functions) {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[1]).resolve("include");
        Files.createDirectories(out);
        Map<String, ClassModel> classes = new TreeMap<>();
        try (ZipFile jar = new ZipFile(args[0])) {
            for (var entry : Collections.list(jar.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().endsWith("module-info.class")) {
                    ClassModel model = ClassFile.of().parse(jar.getInputStream(entry).readAllBytes());
                    classes.put(model.thisClass().asInternalName(), model);
                }
            }
        }
        Map<String, Context> contexts = new LinkedHashMap<>();
        classes.forEach((name, model) -> headerOf(model).ifPresent(header -> contexts.put("L" + name + ";",
                        new Context(header, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()))));
        Map<String, String> structNames = new TreeMap<>();
        classes.forEach((name, model) -> {
            if (annotation(model, CSTRUCT) != null) {
                Annotation struct = annotation(model, CSTRUCT);
                String value = string(struct, "value");
                structNames.put("L" + name + ";", value.isEmpty() ? simpleName(name) : value);
            }
        });
        for (ClassModel model : classes.values()) {
            Context context = contexts.get(contextOf(model, classes));
            if (context == null) {
                continue;
            }
            context.classes().add(model.thisClass().asInternalName().replace('/', '.'));
            Annotation struct = annotation(model, CSTRUCT);
            if (struct != null) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (MethodModel method : model.methods()) {
                    Annotation field = annotation(method, CFIELD);
                    if (field != null) {
                        MethodTypeDesc type = method.methodTypeSymbol();
                        ClassDesc fieldType = type.parameterCount() == 0 ? type.returnType() : type.parameterType(type.parameterCount() - 1);
                        String fieldName = string(field, "value");
                        fields.putIfAbsent(fieldName.isEmpty() ? method.methodName().stringValue() : fieldName, cType(fieldType, structNames, true));
                    }
                }
                context.structs().add(new Struct(structNames.get("L" + model.thisClass().asInternalName() + ";"), fields));
            }
            for (MethodModel method : model.methods()) {
                Annotation constant = annotation(method, CCONSTANT);
                if (constant != null) {
                    String constantName = string(constant, "value");
                    context.constants().add(constantName.isEmpty() ? method.methodName().stringValue() : constantName);
                }
                Annotation function = annotation(method, CFUNCTION);
                if (function != null) {
                    String functionName = string(function, "value");
                    MethodTypeDesc type = method.methodTypeSymbol();
                    List<String> parameters = new ArrayList<>();
                    for (ClassDesc parameter : type.parameterList()) {
                        parameters.add(cType(parameter, structNames, false));
                    }
                    context.functions().add(cType(type.returnType(), structNames, false) + " " +
                                    (functionName.isEmpty() ? method.methodName().stringValue() : functionName) +
                                    "(" + (parameters.isEmpty() ? "void" : String.join(", ", parameters)) + ");");
                }
            }
        }
        Map<String, List<Context>> byHeader = new TreeMap<>();
        contexts.values().forEach(c -> byHeader.computeIfAbsent(c.header(), h -> new ArrayList<>()).add(c));
        for (var entry : byHeader.entrySet()) {
            String file = Path.of(entry.getKey()).getFileName().toString();
            String guard = "GENERATED_" + file.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
            StringBuilder text = new StringBuilder();
            text.append("/* Generated by deploy/native/CHeaders.java from ").append(Path.of(args[0]).getFileName()).append(" for the builder's C queries only.\n");
            text.append(" * Declarations of: ");
            entry.getValue().forEach(c -> text.append(String.join(", ", c.classes())).append(' '));
            text.append("\n * Constant values are placeholders: nothing compiled against this header is linked or run. */\n");
            text.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n");
            int value = 0;
            for (Context c : entry.getValue()) {
                for (String constant : c.constants()) {
                    text.append("#define ").append(constant).append(' ').append(value++).append('\n');
                }
                for (Struct s : c.structs()) {
                    text.append("\ntypedef struct {\n");
                    s.fields().forEach((n, t) -> text.append("    ").append(t).append(' ').append(n).append(";\n"));
                    text.append("} ").append(s.name()).append(";\n");
                }
                text.append('\n');
                c.functions().forEach(f -> text.append(f).append('\n'));
            }
            text.append("\n#endif\n");
            Files.writeString(out.resolve(file), text);
            System.out.println("wrote " + out.resolve(file) + " (" + entry.getValue().stream().mapToInt(c -> c.classes().size()).sum() + " classes)");
        }
        if (byHeader.isEmpty()) {
            throw new IllegalStateException("no CContext.Directives naming " + PROJECT + " headers in " + args[0]);
        }
    }

    /** The header a Directives class names with ProjectHeaderFile.resolve(PROJECT, "include/X.h"), if any. */
    static java.util.Optional<String> headerOf(ClassModel model) {
        if (model.interfaces().stream().noneMatch(i -> i.asInternalName().equals("org/graalvm/nativeimage/c/CContext$Directives"))) {
            return java.util.Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        model.methods().forEach(m -> m.code().ifPresent(code -> code.forEach(element -> {
            if (element instanceof ConstantInstruction.LoadConstantInstruction ldc && ldc.constantValue() instanceof String s) {
                strings.add(s);
            }
        })));
        int project = strings.indexOf(PROJECT);
        if (project < 0 || project + 1 >= strings.size() || !strings.get(project + 1).endsWith(".h")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(strings.get(project + 1));
    }

    /** The CContext of a class: its own annotation, else its enclosing class's. */
    static String contextOf(ClassModel model, Map<String, ClassModel> classes) {
        for (ClassModel current = model; current != null;) {
            Annotation context = annotation(current, CCONTEXT);
            if (context != null) {
                return context.elements().getFirst().value() instanceof AnnotationValue.OfClass c ? c.className().stringValue() : null;
            }
            String name = current.thisClass().asInternalName();
            current = name.contains("$") ? classes.get(name.substring(0, name.lastIndexOf('$'))) : null;
        }
        return null;
    }

    static String cType(ClassDesc type, Map<String, String> structNames, boolean field) {
        return switch (type.descriptorString()) {
            case "V" -> "void";
            case "Z", "B" -> "char";
            case "S" -> "short";
            case "C" -> "unsigned short";
            case "I" -> "int";
            case "J" -> "long long";
            case "F" -> "float";
            case "D" -> "double";
            case "Lorg/graalvm/nativeimage/c/type/CCharPointer;" -> "char *";
            default -> structNames.containsKey(type.descriptorString()) ? structNames.get(type.descriptorString()) + " *" : "void *";
        };
    }

    static Annotation annotation(ClassModel model, String descriptor) {
        return model.findAttribute(Attributes.runtimeVisibleAnnotations()).flatMap(a -> a.annotations().stream()
                        .filter(an -> an.className().stringValue().equals(descriptor)).findFirst()).orElse(null);
    }

    static Annotation annotation(MethodModel model, String descriptor) {
        return model.findAttribute(Attributes.runtimeVisibleAnnotations()).flatMap(a -> a.annotations().stream()
                        .filter(an -> an.className().stringValue().equals(descriptor)).findFirst()).orElse(null);
    }

    static String string(Annotation annotation, String element) {
        return annotation.elements().stream().filter(e -> e.name().stringValue().equals(element)).findFirst()
                        .map(e -> e.value() instanceof AnnotationValue.OfString s ? s.stringValue() : "").orElse("");
    }

    static String simpleName(String internalName) {
        String name = internalName.substring(internalName.lastIndexOf('/') + 1);
        return name.substring(name.lastIndexOf('$') + 1);
    }
}
