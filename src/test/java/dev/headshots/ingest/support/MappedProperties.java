package dev.headshots.ingest.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * The {@code headshots.*} properties the service declares, derived from its compiled {@code @ConfigMapping} interfaces as
 * SmallRye names them: a method's name in kebab-case ({@code maxUrlLength} → {@code max-url-length}) unless {@code @WithName}
 * says otherwise, a nested group's properties under the group's own name (or under its parent's with {@code @WithParentName}),
 * {@code Optional} and {@code List} of a value as that value, a list of groups as {@code name[*].property}, and a map as
 * {@code name.*} (a map of groups: {@code name.*.property}).
 */
public final class MappedProperties {

    private static final Path CLASSES = Path.of("target", "classes");

    private MappedProperties() {
    }

    /** Every property, by name, with the method that declares it (for its {@code @WithDefault}). */
    public static Map<String, Method> all() {
        Map<String, Method> properties = new TreeMap<>();
        for (Class<?> mapping : mappings()) {
            collect(mapping, mapping.getAnnotation(ConfigMapping.class).prefix(), properties);
        }
        return properties;
    }

    /** The service's {@code @ConfigMapping}s under {@code headshots}, from its compiled classes. */
    public static List<Class<?>> mappings() {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<Class<?>> found = new ArrayList<>();
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                if (name.startsWith("dev.headshots.ingest.") && !name.contains("$")) {
                    Class<?> type = Class.forName(name, false, MappedProperties.class.getClassLoader());
                    ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                    if (mapping != null && (mapping.prefix() + ".").startsWith("headshots.")) {
                        found.add(type);
                    }
                }
            }
            if (found.isEmpty()) {
                throw new AssertionError("no @ConfigMapping found among " + CLASSES + ": compile first");
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(Class<?> group, String prefix, Map<String, Method> properties) {
        for (Method method : group.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name(method);
            Type type = method.getGenericReturnType();
            Class<?> raw = raw(type);
            if (raw == Optional.class) {
                type = argument(type, 0);
                raw = raw(type);
            }
            if (raw == Map.class) {
                key += ".*";
                type = argument(type, 1);
                raw = raw(type);
            } else if (raw == List.class && isGroup(raw(argument(type, 0)))) {
                key += "[*]";
                type = argument(type, 0);
                raw = raw(type);
            }
            if (isGroup(raw)) {
                collect(raw, key, properties);
            } else {
                properties.put(key, method);
            }
        }
    }

    private static String name(Method method) {
        WithName rename = method.getAnnotation(WithName.class);
        return rename != null ? rename.value() : kebab(method.getName());
    }

    /** SmallRye's default naming, kebab-case: {@code maxUrlLength} → {@code max-url-length}. */
    public static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A group is an interface of the service's own; any other type is a value, converted as a whole. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith("dev.headshots.ingest.");
    }

    private static Class<?> raw(Type type) {
        return (Class<?>) (type instanceof ParameterizedType parameterized ? parameterized.getRawType() : type);
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }
}
