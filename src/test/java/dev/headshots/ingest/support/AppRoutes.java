package dev.headshots.ingest.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import io.quarkus.arc.Arc;

/**
 * The HTTP routes of the running application, read from its CDI container: every bean that is a JAX-RS resource class
 * ({@code @Path} on a concrete class; REST client interfaces are not routes), each resource method as {@code METHOD template}.
 * Hidden operations (the console's pages) are included, so a route added tomorrow is listed the day it is added, documented or
 * not.
 */
public final class AppRoutes {

    /** One resource method: its HTTP method, its path template, the class that serves it and what it consumes (or null). */
    public record Route(String method, String template, Class<?> resource, String consumes) {
    }

    private AppRoutes() {
    }

    public static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        Set<Class<?>> seen = new java.util.HashSet<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null || type.isInterface() || Modifier.isAbstract(type.getModifiers()) || !seen.add(type)) {
                continue;
            }
            for (Method method : type.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    routes.add(new Route(verb, join(root.value(), sub == null ? "" : sub.value()), type,
                            consumes(method)));
                }
            }
        }
        return routes;
    }

    /** The distinct path templates of {@link #all()}. */
    public static Set<String> templates() {
        Set<String> templates = new TreeSet<>();
        all().forEach(route -> templates.add(route.template()));
        return templates;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String consumes(Method method) {
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = method.getDeclaringClass().getAnnotation(Consumes.class);
        }
        return consumes == null || consumes.value().length == 0 ? null : consumes.value()[0];
    }

    private static String join(String root, String sub) {
        String path = "/" + root + "/" + sub;
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
