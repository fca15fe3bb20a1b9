import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.FieldModel;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Does what GraalVM's {@code native-image} driver does before it starts the builder (the driver is not on Maven
 * Central): translates the driver arguments that Quarkus writes to {@code target/native-sources/native-image.args},
 * and the {@code Args} of every {@code META-INF/native-image/**}/native-image.properties on the image class path, into
 * the builder's own arguments, and writes the builder JVM's command line.
 *
 * <p>
 * Driver options are translated from the builder's own {@code @APIOption} annotations, read from the builder jars
 * (the table the driver itself uses), with GraalVM's own value transformers; {@code -J}, {@code -jar}, {@code -cp},
 * {@code --exclude-config} and the image name are handled as the driver handles them. Any other argument, and any
 * property or {@code ${...}} substitution this class does not know, stops the translation with an error: nothing is
 * silently dropped. Every argument and what it became is written to {@code translation.txt}.
 *
 * <p>
 * Usage: {@code java BuilderArgs.java NATIVE_SOURCES BUILDER_JARS JDK CLIBRARIES OUT [EXTRA_IMAGE_CP...]} with the
 * environment variables {@code ANALYSE_XMX} (builder heap) and {@code ANALYSE_EXTRA_ARGS} (builder options, one per
 * line, appended). Writes {@code OUT/builder.vmargs} (a java {@code @argfile}) and {@code OUT/builder.imageargs}
 * (the NUL-separated file the builder reads with {@code --image-args-file=}).
 */
public class BuilderArgs {
    static final String GRAAL_VERSION = "25.0.4";
    static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    static final String BUILDER_MAIN = "com.oracle.svm.hosted.NativeImageGeneratorRunner";
    static final String API_OPTION = "Lcom/oracle/svm/core/option/APIOption;";
    static final String API_OPTION_LIST = "Lcom/oracle/svm/core/option/APIOption$List;";
    static final String NULL_GROUP = "Lcom/oracle/svm/core/option/APIOption$NullGroup;";
    static final String ORIGIN_USER = "user";
    static final String API_SUFFIX = "+api";
    static final List<String> CONFIG_FILES = List.of("reachability-metadata.json:ReachabilityMetadataResources",
                    "jni-config.json:JNIConfigurationResources", "foreign-config.json:ForeignResources",
                    "reflect-config.json:ReflectionConfigurationResources", "resource-config.json:ResourceConfigurationResources",
                    "proxy-config.json:DynamicProxyConfigurationResources", "serialization-config.json:SerializationConfigurationResources",
                    "serialization-deny-config.json:SerializationDenyConfigurationResources",
                    "predefined-classes-config.json:PredefinedClassesConfigurationResources");
    static final Set<String> PROPERTY_KEYS = Set.of("Args", "JavaArgs", "ImageName");

    /** One {@code @APIOption} of the builder: the driver option, and the builder option it stands for. */
    record ApiOption(String name, String builderOption, boolean isBoolean, String defaultValue, boolean defaultFinal, List<Character> separators,
                    List<String> transformers, String deprecated) {
    }

    record Exclude(Pattern jar, Pattern resource) {
    }

    final List<ApiOption> apiOptions = new ArrayList<>();
    final List<String> vmArgs = new ArrayList<>();
    final List<String> imageArgs = new ArrayList<>();
    final List<String> translation = new ArrayList<>();
    final LinkedHashSet<Path> imageClasspath = new LinkedHashSet<>();
    final List<Exclude> excludes = new ArrayList<>();
    final List<String> leftovers = new ArrayList<>();
    final URLClassLoader builderLoader;
    String jar;
    Path workDir;

    BuilderArgs(List<Path> builderJars) throws IOException {
        URL[] urls = new URL[builderJars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = builderJars.get(i).toUri().toURL();
        }
        builderLoader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
        for (Path jarPath : builderJars) {
            readApiOptions(jarPath);
        }
        if (apiOptions.isEmpty()) {
            throw fail("no @APIOption found in the builder jars");
        }
    }

    public static void main(String[] args) throws Exception {
        Path sources = Path.of(args[0]).toAbsolutePath();
        Path builderJarsDir = Path.of(args[1]).toAbsolutePath();
        Path jdk = Path.of(args[2]).toAbsolutePath();
        Path clibraries = Path.of(args[3]).toAbsolutePath();
        Path out = Path.of(args[4]).toAbsolutePath();
        List<Path> extraClasspath = Stream.of(args).skip(5).map(p -> Path.of(p).toAbsolutePath()).toList();
        List<Path> builderJars;
        try (Stream<Path> files = Files.list(builderJarsDir)) {
            builderJars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        BuilderArgs builder = new BuilderArgs(builderJars);
        builder.workDir = sources;
        builder.translate(sources, extraClasspath, jdk, clibraries, out, builderJars);
    }

    void translate(Path sources, List<Path> extraClasspath, Path jdk, Path clibraries, Path out, List<Path> builderJars) throws IOException {
        String argsLine = Files.readString(sources.resolve("native-image.args")).strip();
        List<String> driverArgs = List.of(argsLine.split(" "));
        translation.add("# native-image.args (origin: command line)");
        processArgs(new ArrayDeque<>(driverArgs), ORIGIN_USER, false);
        if (jar == null) {
            throw fail("native-image.args has no -jar: this translator only knows Quarkus's -jar builds");
        }
        Path runnerJar = sources.resolve(jar);
        addJar(runnerJar, true);
        for (Path extra : extraClasspath) {
            translation.add("# extra image class path entry " + extra);
            addClasspathEntry(extra);
        }
        if (leftovers.size() > 1) {
            throw fail("more than one plain argument (image name) in native-image.args: " + leftovers);
        }
        String imageName = leftovers.isEmpty() ? runnerJar.getFileName().toString().replaceFirst("\\.jar$", "") : leftovers.getFirst();
        imageArgs.add(injectOrigin("-H:Name=" + imageName, "explicit image name"));

        Files.createDirectories(out);
        Path image = out.resolve("image");
        Files.createDirectories(image);
        List<String> driverDefaults = new ArrayList<>();
        driverDefaults.add("-H:CLibraryPath=" + clibraries);
        driverDefaults.add(injectOrigin("-H:Path=" + image, "driver"));
        driverDefaults.add(injectOrigin("-H:ImageBuildID=" + UUID.nameUUIDFromBytes(String.join("\0", imageArgs).getBytes(StandardCharsets.UTF_8)), "driver"));
        driverDefaults.add("-H:+UnlockExperimentalVMOptions");
        /* The relocatable object is written to the temporary directory, which the builder deletes unless it is given. */
        driverDefaults.add("-H:TempDirectory=" + out.resolve("tmp"));
        driverDefaults.add("-H:+ExitAfterRelocatableImageWrite");
        driverDefaults.add("-H:-UnlockExperimentalVMOptions");
        String extra = System.getenv().getOrDefault("ANALYSE_EXTRA_ARGS", "");
        extra.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(driverDefaults::add);
        translation.add("# added as the driver adds them, and to stop after the relocatable object");
        driverDefaults.forEach(a -> translation.add("  -> " + a));
        imageArgs.addAll(0, driverDefaults);

        List<String> finalImageArgs = new ArrayList<>();
        finalImageArgs.add("-imagecp");
        finalImageArgs.add(imageClasspath.stream().map(Path::toString).collect(Collectors.joining(":")));
        finalImageArgs.addAll(imageArgs);
        Files.writeString(out.resolve("builder.imageargs"), String.join("\0", finalImageArgs));
        Files.write(out.resolve("builder.vmargs"), builderVmArgs(jdk, builderJars).stream().map(BuilderArgs::quote).toList());
        Files.write(out.resolve("translation.txt"), translation);
        System.out.println("translated " + driverArgs.size() + " driver arguments and the native-image.properties of " + imageClasspath.size()
                        + " class path entries into " + finalImageArgs.size() + " builder arguments (" + out.resolve("translation.txt") + ")");
    }

    /** The builder JVM's arguments: what the driver passes (prepareImageBuildArgs, completeImageBuild), then -J. */
    List<String> builderVmArgs(Path jdk, List<Path> builderJars) {
        List<String> vm = new ArrayList<>();
        vm.add("-XX:+UnlockExperimentalVMOptions");
        vm.add("-XX:+EnableJVMCI");
        vm.add("-XX:-UseJVMCICompiler");
        vm.add("-Xss10m");
        vm.add("-Xmx" + System.getenv().getOrDefault("ANALYSE_XMX", "8g"));
        vm.add("-XX:+UseParallelGC");
        vm.add("-Djava.awt.headless=true");
        /*
         * The driver sets these from its GraalVM distribution. Quarkus's features read the GraalVM version from the vendor
         * version ("GraalVM CE <version>[+build][-opt]"): the builder's version, and the JDK the builder really runs on.
         */
        vm.add("-Dorg.graalvm.vendor=GraalVM Community (builder from Maven Central)");
        vm.add("-Dorg.graalvm.vendorurl=https://www.graalvm.org/");
        vm.add("-Dorg.graalvm.vendorversion=GraalVM CE " + GRAAL_VERSION + "+0-maven-central-builder-on-jdk-"
                        + System.getProperty("java.runtime.version").replaceAll("[^-a-zA-Z0-9.]", "."));
        vm.add("-Dorg.graalvm.version=" + GRAAL_VERSION);
        vm.add("-Dcom.oracle.graalvm.isaot=true");
        vm.add("-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader");
        vm.add("-Dorg.graalvm.nativeimage.imagecode=buildtime");
        vm.add("-Xshare:off");
        vm.add("-Djdk.internal.lambda.disableEagerInitialization=true");
        vm.add("-Djdk.internal.lambda.eagerlyInitialize=false");
        vm.add("-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false");
        vm.add("-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1");
        vm.add("-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false");
        vm.addAll(addExports(builderJars));
        vm.addAll(vmArgs);
        Path compiler = builderJars.stream().filter(p -> p.getFileName().toString().startsWith("compiler-")).findFirst()
                        .orElseThrow(() -> fail("no compiler-*.jar among the builder jars"));
        List<Path> modulePath = builderJars.stream().filter(p -> !p.equals(compiler)).toList();
        vm.add("--upgrade-module-path");
        vm.add(compiler.toString());
        vm.add("--module-path");
        vm.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(":")));
        vm.add("--add-modules=ALL-DEFAULT");
        vm.add("--enable-native-access=" + String.join(",", moduleNames(builderJars)));
        vm.add("--module");
        vm.add(BUILDER_MODULE + "/" + BUILDER_MAIN);
        return vm;
    }

    /**
     * The driver exports to the builder the JDK packages the builder's distributions declare they need (a list computed
     * when GraalVM is built, in the driver jar). Without that list, every package a system module does not export is
     * exported to the builder's modules: broader than the driver, only for the builder's own code (the image's
     * classes are loaded by the builder's image class loader and see what the JDK exports).
     */
    List<String> addExports(List<Path> builderJars) {
        String targets = String.join(",", moduleNames(builderJars));
        Set<String> resolved = builderBootLayer(builderJars);
        List<String> exports = new ArrayList<>();
        for (ModuleReference module : ModuleFinder.ofSystem().findAll()) {
            ModuleDescriptor descriptor = module.descriptor();
            if (!resolved.contains(descriptor.name())) {
                continue;
            }
            Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                            .collect(Collectors.toSet());
            for (String pkg : new TreeSet<>(descriptor.packages())) {
                if (!exported.contains(pkg)) {
                    exports.add("--add-exports=" + descriptor.name() + "/" + pkg + "=" + targets);
                }
            }
        }
        Collections.sort(exports);
        return exports;
    }

    /** The modules of the builder JVM's boot layer: the builder's, and the JDK's default ones (--add-modules=ALL-DEFAULT). */
    static Set<String> builderBootLayer(List<Path> builderJars) {
        Set<String> roots = new TreeSet<>(moduleNames(builderJars));
        for (ModuleReference module : ModuleFinder.ofSystem().findAll()) {
            if (module.descriptor().exports().stream().anyMatch(e -> !e.isQualified())) {
                roots.add(module.descriptor().name());
            }
        }
        ModuleFinder finder = ModuleFinder.compose(ModuleFinder.of(builderJars.toArray(Path[]::new)), ModuleFinder.ofSystem());
        return Configuration.empty().resolve(finder, ModuleFinder.of(), roots).modules().stream().map(m -> m.name())
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> moduleNames(List<Path> jars) {
        return ModuleFinder.of(jars.toArray(Path[]::new)).findAll().stream().map(m -> m.descriptor().name())
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Translates one queue of driver arguments, from the command line or from a native-image.properties. */
    void processArgs(Deque<String> args, String origin, boolean strict) {
        while (!args.isEmpty()) {
            String arg = args.poll();
            if (arg.isEmpty()) {
                continue;
            }
            String from = "  " + arg;
            if (arg.startsWith("-J")) {
                String vmArg = arg.substring(2);
                vmArgs.add(vmArg);
                translation.add(from + "  -> builder JVM: " + vmArg);
            } else if (arg.equals("-jar") && !strict) {
                jar = required(args, arg);
                translation.add(from + " " + jar + "  -> image class path (with its manifest's Class-Path), main class from its manifest");
            } else if ((arg.equals("-cp") || arg.equals("-classpath") || arg.equals("--class-path")) && !strict) {
                String cp = required(args, arg);
                for (String entry : cp.split(":")) {
                    try {
                        addClasspathEntry(workDir.resolve(entry));
                    } catch (IOException e) {
                        throw fail("class path entry " + entry + ": " + e);
                    }
                }
                translation.add(from + " " + cp + "  -> image class path");
            } else if (arg.equals("--exclude-config") && !strict) {
                String jarPattern = required(args, arg);
                String resourcePattern = required(args, arg);
                excludes.add(new Exclude(Pattern.compile(jarPattern), Pattern.compile(resourcePattern)));
                translation.add(from + " " + jarPattern + " " + resourcePattern + "  -> those configuration files are not applied");
            } else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
                String builderArg = injectOrigin(arg, origin);
                imageArgs.add(builderArg);
                translation.add(from + "  -> " + builderArg);
            } else if (arg.startsWith("-")) {
                String builderArg = translateApiOption(arg, args, origin);
                if (builderArg == null) {
                    throw fail("unknown driver option '" + arg + "' from " + origin
                                    + ": deploy/native/BuilderArgs.java does not know how the native-image driver translates it");
                }
                imageArgs.add(builderArg);
                translation.add(from + "  -> " + builderArg);
            } else if (strict) {
                throw fail("Property 'Args' contains invalid entry '" + arg + "' (" + origin + ")");
            } else {
                leftovers.add(arg);
                translation.add(from + "  -> image name");
            }
        }
    }

    static String required(Deque<String> args, String option) {
        String value = args.poll();
        if (value == null) {
            throw fail(option + " requires an argument");
        }
        return value;
    }

    /** The driver's APIOptionHandler.translateOption, on the table read from the builder jars. */
    String translateApiOption(String head, Deque<String> rest, String origin) {
        for (ApiOption option : apiOptions) {
            String value = null;
            boolean matched = false;
            if ((option.defaultFinal() || option.defaultValue() != null) && head.equals(option.name())) {
                matched = true;
            } else {
                for (char separator : option.separators()) {
                    if (separator == ' ' && head.equals(option.name())) {
                        value = required(rest, head);
                        matched = true;
                        break;
                    }
                    String prefix = option.name() + (separator == 0 ? "" : String.valueOf(separator));
                    if (head.startsWith(prefix)) {
                        value = head.substring(prefix.length());
                        matched = true;
                        break;
                    }
                }
            }
            if (!matched) {
                continue;
            }
            if (!option.deprecated().isEmpty()) {
                translation.add("  (deprecated, as the driver would warn: " + option.deprecated() + ")");
            }
            if (value != null && option.defaultFinal()) {
                throw fail("Passing values to option " + option.name() + " from " + origin + " is not supported.");
            }
            String optionValue = value != null ? value : option.defaultValue();
            String builderOption = option.builderOption();
            if (optionValue != null && !option.isBoolean()) {
                Object transformed = optionValue;
                for (String transformer : option.transformers()) {
                    transformed = transform(transformer, transformed);
                }
                builderOption += transformed.toString();
            }
            return injectOrigin(builderOption, origin + API_SUFFIX);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    Object transform(String transformerClass, Object value) {
        try {
            var type = Class.forName(transformerClass, false, builderLoader);
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return ((Function<Object, Object>) constructor.newInstance()).apply(value);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw fail("cannot run the builder's value transformer " + transformerClass + ": " + e);
        }
    }

    /** The driver's injectHostedOptionOrigin: -H:Name@origin=value, -H:+Name@origin. */
    static String injectOrigin(String option, String origin) {
        if (origin == null || !(option.startsWith("-H:") || option.startsWith("-R:"))) {
            return option;
        }
        char first = option.length() > 3 ? option.charAt(3) : 0;
        int eq = option.indexOf('=');
        if (first == '+' || first == '-') {
            if (eq != -1) {
                throw fail("Malformed boolean native-image hosted-option '" + option + "' (boolean option with extraneous '=') from " + origin);
            }
            return option + "@" + origin;
        }
        if (eq == -1) {
            throw fail("Malformed native-image hosted-option '" + option + "' ('=' missing after option name) from " + origin);
        }
        return option.substring(0, eq) + "@" + origin + option.substring(eq);
    }

    void addJar(Path jarPath, boolean mainJar) throws IOException {
        try (JarFile jarFile = new JarFile(jarPath.toFile())) {
            Manifest manifest = jarFile.getManifest();
            if (manifest == null) {
                throw fail("no manifest in " + jarPath);
            }
            var attributes = manifest.getMainAttributes();
            if (mainJar) {
                String mainClass = attributes.getValue("Main-Class");
                if (mainClass == null) {
                    throw fail("No main manifest attribute, in " + jarPath);
                }
                imageArgs.add(injectOrigin("-H:Class=" + mainClass, "manifest from " + jarPath.toUri()));
                translation.add("# manifest of " + jarPath.getFileName() + ": Main-Class " + mainClass + "  -> -H:Class");
                for (String[] attribute : new String[][]{{"Add-Opens", "AddOpens"}, {"Add-Exports", "AddExports"}}) {
                    String value = attributes.getValue(attribute[0]);
                    if (value != null) {
                        for (String module : value.split(" ")) {
                            String builderArg = "-H:" + attribute[1] + "=" + module + "=ALL-UNNAMED";
                            imageArgs.add(builderArg);
                            translation.add("# manifest " + attribute[0] + ": " + module + "  -> " + builderArg);
                        }
                    }
                }
                String nativeAccess = attributes.getValue("Enable-Native-Access");
                if (nativeAccess != null) {
                    if (!nativeAccess.equals("ALL-UNNAMED")) {
                        throw fail("illegal value \"" + nativeAccess + "\" for Enable-Native-Access manifest attribute");
                    }
                    vmArgs.add("--enable-native-access=ALL-UNNAMED");
                    translation.add("# manifest Enable-Native-Access: ALL-UNNAMED  -> builder JVM: --enable-native-access=ALL-UNNAMED");
                }
                for (Object key : attributes.keySet()) {
                    String name = key.toString();
                    if (name.equals("Launcher-Agent-Class") || name.equals("Agent-Class") || name.equals("Premain-Class")) {
                        throw fail("manifest attribute " + name + " of " + jarPath + " is not translated");
                    }
                }
            }
        }
        addClasspathEntry(jarPath);
    }

    /** Adds an entry (then its manifest's Class-Path), and applies its META-INF/native-image, as the driver does. */
    void addClasspathEntry(Path entry) throws IOException {
        Path real = entry.toRealPath();
        if (!imageClasspath.add(real)) {
            return;
        }
        if (Files.isDirectory(real)) {
            walkMetaInf(real, real.resolve("META-INF/native-image"), real);
            return;
        }
        try (FileSystem jarFs = FileSystems.newFileSystem(URI.create("jar:" + real.toUri()), Map.of())) {
            walkMetaInf(real, jarFs.getPath("/META-INF/native-image"), jarFs.getPath("/"));
        }
        try (JarFile jarFile = new JarFile(real.toFile())) {
            Manifest manifest = jarFile.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String cp : classPath.trim().split(" +")) {
                    Path resolved = real.getParent().resolve(cp).normalize();
                    if (Files.exists(resolved)) {
                        addClasspathEntry(resolved);
                    } else {
                        translation.add("# Class-Path entry " + cp + " of " + real.getFileName() + " does not exist (tolerated, as by the driver)");
                    }
                }
            }
        }
    }

    void walkMetaInf(Path classpathEntry, Path base, Path resourceRoot) throws IOException {
        if (!Files.isDirectory(base)) {
            return;
        }
        List<String> types = new ArrayList<>();
        types.add("native-image.properties:");
        types.addAll(CONFIG_FILES);
        for (String type : types) {
            String fileName = type.substring(0, type.indexOf(':'));
            String option = type.substring(type.indexOf(':') + 1);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(base)) {
                files = walk.filter(p -> p.endsWith(fileName)).sorted().toList();
            }
            for (Path file : files) {
                if (excludes.stream().anyMatch(e -> e.jar().matcher(classpathEntry.toString()).find() && e.resource().matcher(file.toString()).find())) {
                    translation.add("# excluded by --exclude-config: " + classpathEntry.getFileName() + "!" + file);
                    continue;
                }
                String origin = file.toUri().toString();
                if (option.isEmpty()) {
                    applyProperties(file, origin);
                } else {
                    String builderArg = injectOrigin("-H:" + option + "=" + resourceRoot.relativize(file), origin + API_SUFFIX);
                    imageArgs.add(builderArg);
                    translation.add("# " + classpathEntry.getFileName() + "!" + file + "  -> " + builderArg);
                }
            }
        }
        try (Stream<Path> walk = Files.walk(base)) {
            List<String> known = types.stream().map(t -> t.substring(0, t.indexOf(':'))).toList();
            walk.filter(Files::isRegularFile).filter(p -> known.stream().noneMatch(p::endsWith))
                            .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".properties"))
                            .forEach(p -> translation.add("# not a file the driver reads (ignored by the driver too): " + classpathEntry.getFileName() + "!" + p));
        }
    }

    void applyProperties(Path file, String origin) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        translation.add("# " + origin);
        for (String key : properties.stringPropertyNames()) {
            if (!PROPERTY_KEYS.contains(key)) {
                throw fail("native-image.properties key '" + key + "' in " + origin + " is not translated by deploy/native/BuilderArgs.java");
            }
            String value = properties.getProperty(key);
            if (value.contains("${")) {
                throw fail("native-image.properties substitution in '" + value + "' (" + origin + ") is not translated");
            }
        }
        if (properties.getProperty("ImageName") != null) {
            imageArgs.add(injectOrigin("-H:Name=" + properties.getProperty("ImageName"), origin));
        }
        if (properties.getProperty("JavaArgs") != null) {
            for (String vmArg : properties.getProperty("JavaArgs").split(" ")) {
                if (!vmArg.isEmpty()) {
                    vmArgs.add(vmArg);
                    translation.add("  JavaArgs " + vmArg + "  -> builder JVM: " + vmArg);
                }
            }
        }
        if (properties.getProperty("Args") != null) {
            processArgs(new ArrayDeque<>(List.of(properties.getProperty("Args").split(" "))), origin, true);
        }
    }

    /** Reads every @APIOption on the option fields of a builder jar, with the builder option each stands for. */
    void readApiOptions(Path jarPath) throws IOException {
        try (ZipFile zip = new ZipFile(jarPath.toFile())) {
            for (var entry : Collections.list(zip.entries())) {
                if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                ClassModel model = ClassFile.of().parse(zip.getInputStream(entry).readAllBytes());
                for (FieldModel field : model.fields()) {
                    var annotations = field.findAttribute(Attributes.runtimeVisibleAnnotations());
                    if (annotations.isEmpty()) {
                        continue;
                    }
                    for (Annotation annotation : annotations.get().annotations()) {
                        String type = annotation.className().stringValue();
                        if (type.equals(API_OPTION)) {
                            addApiOption(model, field, annotation);
                        } else if (type.equals(API_OPTION_LIST)) {
                            for (AnnotationElement element : annotation.elements()) {
                                if (element.value() instanceof AnnotationValue.OfArray array) {
                                    for (AnnotationValue value : array.values()) {
                                        addApiOption(model, field, ((AnnotationValue.OfAnnotation) value).annotation());
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    void addApiOption(ClassModel owner, FieldModel field, Annotation annotation) {
        Map<String, AnnotationValue> values = new LinkedHashMap<>();
        annotation.elements().forEach(e -> values.put(e.name().stringValue(), e.value()));
        String fieldType = field.fieldTypeSymbol().descriptorString();
        String prefix = fieldType.contains("RuntimeOptionKey") ? "-R:" : "-H:";
        String signature = field.findAttribute(Attributes.signature()).map(s -> s.signature().stringValue()).orElse("");
        boolean isBoolean = signature.contains("<Ljava/lang/Boolean;>");
        List<String> names = strings(values.get("name"));
        String where = owner.thisClass().asInternalName().replace('/', '.') + "." + field.fieldName().stringValue();
        if (names.isEmpty()) {
            throw fail("@APIOption without name on " + where);
        }
        if (values.containsKey("group") && !((AnnotationValue.OfClass) values.get("group")).className().stringValue().equals(NULL_GROUP)) {
            /* Option groups (such as --gc=) are not translated: an argument using one fails as unknown. */
            return;
        }
        String kind = values.get("kind") instanceof AnnotationValue.OfEnum e ? e.constantName().stringValue() : "Default";
        List<String> fixed = strings(values.get("fixedValue"));
        List<String> defaults = strings(values.get("defaultValue"));
        List<Character> separators = new ArrayList<>();
        if (values.get("valueSeparator") instanceof AnnotationValue.OfArray array) {
            array.values().forEach(v -> separators.add(((AnnotationValue.OfChar) v).charValue()));
        } else {
            separators.add('=');
        }
        List<String> transformers = values.get("valueTransformer") instanceof AnnotationValue.OfArray array
                        ? array.values().stream().map(v -> ((AnnotationValue.OfClass) v).classSymbol().descriptorString())
                                        .map(d -> d.substring(1, d.length() - 1).replace('/', '.')).toList()
                        : List.of();
        String deprecated = values.get("deprecated") instanceof AnnotationValue.OfString s ? s.stringValue() : "";
        String rawName = field.fieldName().stringValue();
        String builderOption;
        String defaultValue = null;
        if (isBoolean) {
            builderOption = prefix + (kind.equals("Negated") ? "-" : "+") + rawName;
        } else {
            builderOption = prefix + rawName + "=";
            defaultValue = !fixed.isEmpty() ? fixed.getFirst() : defaults.isEmpty() ? null : defaults.getFirst();
        }
        boolean defaultFinal = isBoolean || !fixed.isEmpty();
        for (String name : names) {
            apiOptions.add(new ApiOption(name.startsWith("-") ? name : "--" + name, builderOption, isBoolean, defaultValue, defaultFinal, separators,
                            transformers, deprecated));
        }
    }

    static List<String> strings(AnnotationValue value) {
        if (value instanceof AnnotationValue.OfArray array) {
            return array.values().stream().map(v -> ((AnnotationValue.OfString) v).stringValue()).toList();
        }
        return List.of();
    }

    /** Quotes an argument for a java @argfile. */
    static String quote(String arg) {
        if (arg.matches("[A-Za-z0-9_./:=,@+%-]+")) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static IllegalStateException fail(String message) {
        System.err.println("analyse: " + message);
        System.exit(2);
        return new IllegalStateException(message);
    }
}
