package dev.headshots.ingest.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Finds fields that fabric8's typed model did not recognise. Its classes never reject an unknown field: they keep it in
 * {@code additionalProperties}. A misspelt or misplaced field ({@code readinessProbe} under the pod instead of the container,
 * {@code imagePullPolicy: Allways} aside) would therefore parse silently; walking the object graph and reporting every
 * non-empty {@code additionalProperties} turns the typed parse into a schema check.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /**
     * Paths of the unrecognised fields in {@code resource}, such as {@code spec.template.spec.containers[0]: [readinesProbe]}.
     */
    static List<String> in(Object resource) {
        List<String> found = new ArrayList<>();
        walk(resource, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null || node instanceof CharSequence || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?> || node instanceof GenericKubernetesResource) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> walk(value, path + "." + key, found));
            return;
        }
        if (node instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", found);
            }
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (!isProperty(getter)) {
                continue;
            }
            Object value = invoke(getter, node, path);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add((path.isEmpty() ? "(root)" : path.substring(1)) + ": " + extra.keySet());
                }
            } else {
                walk(value, path + "." + property(getter), found);
            }
        }
    }

    private static boolean isProperty(Method method) {
        return method.getName().startsWith("get") && method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class
                && !method.getDeclaringClass().isInterface();
    }

    private static Object invoke(Method getter, Object target, String path) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(path + "." + property(getter) + " cannot be read: " + e.getCause(), e);
        }
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
