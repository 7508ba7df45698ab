package dev.mirrorsync.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of mirror-sync's public values: the abstract type is the API, the generated
 * {@code Immutable*} class stays package-private, and each value exposes a nested {@code Builder} of its own.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
        visibility = Value.Style.ImplementationVisibility.PACKAGE,
        overshadowImplementation = true,
        defaults = @Value.Immutable(copy = false),
        strictBuilder = false,
        redactedMask = "****",
        get = {"is*", "get*"})
public @interface MirrorStyle {}
