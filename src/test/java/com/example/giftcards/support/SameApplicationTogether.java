package com.example.giftcards.support;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the test classes that start the same application one after another, so that they share one start
 * ({@link OneApplicationAtATime} keeps one application at a time): ordered by what decides the application - the
 * Spring annotations and {@code @DynamicPropertySource} methods of the class and its superclasses - then by name.
 * Classes without Spring configuration (an empty key) come first, while no application is cached yet.
 * Set as the default class order in src/test/resources/junit-platform.properties.
 */
public final class SameApplicationTogether implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> configuration(d.getTestClass()))
                .thenComparing(d -> d.getTestClass().getName()));
    }

    static String configuration(Class<?> testClass) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c); // the base class first, so that subclasses adding nothing sort together
        }
        StringBuilder key = new StringBuilder();
        for (Class<?> c : hierarchy) {
            for (Annotation annotation : c.getDeclaredAnnotations()) {
                if (annotation.annotationType().getName().startsWith("org.springframework.")) {
                    key.append(annotation).append(';');
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(DynamicPropertySource.class)) {
                    key.append(c.getName()).append('#').append(method.getName()).append(';');
                }
            }
        }
        return key.toString();
    }
}
