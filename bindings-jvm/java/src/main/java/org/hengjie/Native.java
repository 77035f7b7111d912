package org.hengjie;

import java.nio.charset.StandardCharsets;

/**
 * The native methods of {@code libhengjie_jvm} (bindings-jvm/src/exports.rs). Every JSON value in
 * and out is text; a failure is thrown by the native side as an {@link InvalidInputException},
 * {@link ParameterException}, {@link HengjieException}, {@link NullPointerException} or
 * {@link IllegalStateException} (a closed policy). Handle 0 is the embedded default policy.
 * Callers run {@link NativeLoader#ensure()} first. Text results come as UTF-8 bytes ({@link #text}).
 */
final class Native {
    private Native() {}

    /** A result's text from its UTF-8 bytes. */
    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static native byte[] assess(long policy, String household, String asOf, boolean explain);

    static native byte[] validate(String household, String asOf);

    /** {@code asOf} null: every dated value. */
    static native byte[] params(long policy, String asOf);

    static native byte[] assessJsonLines(long policy, String jsonl, String asOf, boolean explain);

    static native byte[] village(long policy, String village, String asOf);

    static native byte[] farmland(String project);

    /** Either argument may be null ("not given"). */
    static native byte[] duties(String unit, String clause);

    /** The handle of a new policy: {@code policy} with the layer on top. */
    static native long withLayer(long policy, String layer);

    /** Forgets a handle; freeing one twice, or 0, does nothing. */
    static native void free(long policy);

    static native byte[] jurisdiction(long policy);

    static native byte[] errorCodes();

    /** How many layered policies the native side holds (tests of close and the Cleaner). */
    static native long heldPolicies();

    /** Panics inside an entry point: the guard must turn it into a HengjieException (tests). */
    static native void panicForTest();
}
