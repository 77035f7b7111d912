package org.hengjie;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Objects;

/**
 * Dated parameters: the embedded defaults (national ← guangxi ← liuzhou ← yanghe), with any number
 * of parameter layers on top (docs/contract.md#parameter-layer-files). Immutable and thread-safe:
 * read a layer once, share the policy across threads, and assess any number of households with it.
 *
 * <p>A layered policy holds native memory (its parameter series, a few kilobytes). It is freed when
 * the policy becomes unreachable (a {@link Cleaner}) or at once by {@link #close()}; a call on a
 * closed policy throws {@link IllegalStateException}, and a call already running when another
 * thread closes the policy completes normally. {@link #defaults()} is shared and its
 * {@code close()} does nothing.
 */
public final class Policy implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Policy DEFAULTS = new Policy(0);

    private final long handle;
    private final Cleaner.Cleanable cleanable;

    private Policy(long handle) {
        this.handle = handle;
        this.cleanable = handle == 0 ? null : CLEANER.register(this, new Free(handle));
    }

    /** Frees a handle; holds no reference to the Policy, so the Cleaner can run. */
    private static final class Free implements Runnable {
        private final long handle;

        Free(long handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            Native.free(handle);
        }
    }

    /** The embedded parameters, as the CLI uses them without {@code --params}. */
    public static Policy defaults() {
        return DEFAULTS;
    }

    /**
     * This policy with a layer on top, given as JSON text:
     * {@code {"jurisdiction": "...", "parameters": {"dibao.standard_monthly": [{"from": "2024-01-01", "value": "500"}]}}}.
     * This policy is unchanged.
     *
     * @throws ParameterException {@code invalid_parameter} errors at the layer's JSON Pointers
     */
    public Policy withLayer(String layerJson) {
        Objects.requireNonNull(layerJson, "layerJson must not be null");
        NativeLoader.ensure();
        try {
            return new Policy(Native.withLayer(handle, layerJson));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The name of the topmost layer ({@code yanghe} for the defaults). */
    public String jurisdiction() {
        NativeLoader.ensure();
        try {
            return Native.text(Native.jurisdiction(handle));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Like {@link Hengjie#assess(String, String)}, with this policy. */
    public String assess(String householdJson, String asOf) {
        return assess(householdJson, asOf, true);
    }

    /** Like {@link Hengjie#assess(String, String, boolean)}, with this policy. */
    public String assess(String householdJson, String asOf, boolean explain) {
        return assess(householdJson, asOf, explain, null);
    }

    /** Like {@link Hengjie#assess(String, String, boolean, List)}, with this policy. */
    public String assess(String householdJson, String asOf, boolean explain, List<String> outputs) {
        Objects.requireNonNull(householdJson, "householdJson must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        String[] names = names(outputs);
        NativeLoader.ensure();
        try {
            return Native.text(Native.assess(handle, householdJson, asOf, explain, names));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Like {@link Hengjie#validate(String, String)} (validation reads no parameter). */
    public String validate(String householdJson, String asOf) {
        return Hengjie.validate(householdJson, asOf);
    }

    /** Like {@link Hengjie#params(String)}, with this policy. */
    public String params(String asOf) {
        Objects.requireNonNull(asOf, "asOf must not be null");
        return paramsOn(asOf);
    }

    /** Like {@link Hengjie#params()}, with this policy. */
    public String params() {
        return paramsOn(null);
    }

    private String paramsOn(String asOf) {
        NativeLoader.ensure();
        try {
            return Native.text(Native.params(handle, asOf));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Like {@link Hengjie#assessJsonLines(String, String)}, with this policy. */
    public String assessJsonLines(String jsonl, String asOf) {
        return assessJsonLines(jsonl, asOf, true);
    }

    /** Like {@link Hengjie#assessJsonLines(String, String, boolean)}, with this policy. */
    public String assessJsonLines(String jsonl, String asOf, boolean explain) {
        return assessJsonLines(jsonl, asOf, explain, null);
    }

    /** Like {@link Hengjie#assessJsonLines(String, String, boolean, List)}, with this policy. */
    public String assessJsonLines(String jsonl, String asOf, boolean explain, List<String> outputs) {
        Objects.requireNonNull(jsonl, "jsonl must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        String[] names = names(outputs);
        NativeLoader.ensure();
        try {
            return Native.text(Native.assessJsonLines(handle, jsonl, asOf, explain, names));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The names of an outputs selection for the native side: null (every output) stays null. */
    private static String[] names(List<String> outputs) {
        if (outputs == null) {
            return null;
        }
        String[] names = outputs.toArray(new String[0]);
        for (String name : names) {
            Objects.requireNonNull(name, "outputs must not contain null");
        }
        return names;
    }

    /** Like {@link Hengjie#village(String, String)}, with this policy. */
    public String village(String villageJson, String asOf) {
        Objects.requireNonNull(villageJson, "villageJson must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        NativeLoader.ensure();
        try {
            return Native.text(Native.village(handle, villageJson, asOf));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Frees the native memory now; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return "Policy(" + (handle == 0 ? "defaults" : "#" + handle) + ")";
    }
}
