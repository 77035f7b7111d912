package org.hengjie;

/**
 * The native methods of {@code libhengjie_jvm} (bindings-jvm/src/exports.rs). Every JSON value in
 * and out is text; a failure is thrown by the native side as an {@link InvalidInputException},
 * {@link ParameterException}, {@link HengjieException}, {@link NullPointerException} or
 * {@link IllegalStateException} (a closed policy). Handle 0 is the embedded default policy.
 * Callers run {@link NativeLoader#ensure()} first. Text results come as UTF-16 code units ({@link #text}).
 */
final class Native {
    private Native() {}

    /** A result's text from its UTF-16 code units. */
    static String text(char[] utf16) {
        return new String(utf16);
    }

    /** {@code outputs} null: every output. */
    static native char[] assess(long policy, String household, String asOf, boolean explain, String[] outputs);

    static native char[] validate(String household, String asOf);

    /** {@code asOf} null: every dated value. */
    static native char[] params(long policy, String asOf);

    /** {@code outputs} null: every output. */
    static native char[] assessJsonLines(long policy, String jsonl, String asOf, boolean explain, String[] outputs);

    static native char[] village(long policy, String village, String asOf);

    static native char[] farmland(String project);

    /** Either argument may be null ("not given"). */
    static native char[] duties(String unit, String clause);

    /** The handle of a new policy: {@code policy} with the layer on top. */
    static native long withLayer(long policy, String layer);

    /** Forgets a handle; freeing one twice, or 0, does nothing. */
    static native void free(long policy);

    static native char[] jurisdiction(long policy);

    static native char[] errorCodes();

    /** How many layered policies the native side holds (tests of close and the Cleaner). */
    static native long heldPolicies();

    /** Panics inside an entry point: the guard must turn it into a HengjieException (tests). */
    static native void panicForTest();
}
