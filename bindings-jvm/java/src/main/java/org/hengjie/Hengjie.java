package org.hengjie;

import java.util.List;
import java.util.Objects;

/**
 * hengjie (衔接): the rules of 阳发〔2021〕30号 for the JVM, the same decisions, byte for byte, as
 * the Rust crate, the CLI, Python and WebAssembly. Every method takes and returns JSON text
 * (docs/contract.md); money is always a 2-decimal string. The methods here use the embedded
 * parameters ({@link Policy#defaults()}); a {@link Policy} with layers has the same methods.
 *
 * <p>Thread-safe; calls run in parallel. Failures are {@link InvalidInputException} (the input breaks
 * the contract; every error with its code and JSON Pointer), {@link ParameterException} (bad layer,
 * parameter undefined on the date) and, for a failure inside the library, {@link HengjieException}.
 * A null argument is a {@link NullPointerException} naming it.
 */
public final class Hengjie {
    private Hengjie() {}

    /**
     * Assesses a household on {@code asOf} ({@code YYYY-MM-DD}): the canonical JSON of the assessment,
     * with reasons and the parameters it read.
     */
    public static String assess(String householdJson, String asOf) {
        return Policy.defaults().assess(householdJson, asOf, true);
    }

    /**
     * Like {@link #assess(String, String)}; {@code explain = false} leaves {@code reasons} and
     * {@code parameters} empty (their texts are never rendered): every decision, margin and warning is
     * the same, and the answer is a fifth the size.
     */
    public static String assess(String householdJson, String asOf, boolean explain) {
        return Policy.defaults().assess(householdJson, asOf, explain);
    }

    /**
     * Like {@link #assess(String, String, boolean)}, computing only the outputs named in
     * {@code outputs} ({@code List.of("monitoring", "dibao")}; the names of docs/rust.md#outputs, as
     * Python's {@code outputs=[...]} and the CLI's {@code --outputs}) and the rules they depend on.
     * The answer holds {@code household_id}, {@code as_of}, {@code jurisdiction}, {@code provenance},
     * those outputs (each exactly as in the full assessment; {@code members} with {@code person_id},
     * {@code age} and their fields when a per-member output is named) and the {@code reasons},
     * {@code parameters} and {@code warnings} of the rules that ran. {@code outputs} null: every output.
     *
     * @throws InvalidInputException {@code invalid_value} at {@code ""} for each name that is not an
     *     output (the names allowed are in {@link HengjieException#errorsJson()}'s {@code params.allowed})
     * @throws NullPointerException for a null name
     */
    public static String assess(String householdJson, String asOf, boolean explain, List<String> outputs) {
        return Policy.defaults().assess(householdJson, asOf, explain, outputs);
    }

    /**
     * Every error of a household as a JSON array of {@code {code, path, message_en, message_zh}};
     * {@code []} when it is valid. Throws only for an as-of date that is not a date.
     */
    public static String validate(String householdJson, String asOf) {
        Objects.requireNonNull(householdJson, "householdJson must not be null");
        Objects.requireNonNull(asOf, "asOf must not be null");
        NativeLoader.ensure();
        return Native.text(Native.validate(householdJson, asOf));
    }

    /** The value in effect of every parameter on {@code asOf}: rows {@code {name, value, from, provenance, source}}. */
    public static String params(String asOf) {
        return Policy.defaults().params(asOf);
    }

    /** Every dated value of every parameter, sorted by name then {@code from}. */
    public static String params() {
        return Policy.defaults().params();
    }

    /**
     * Assesses JSON Lines, one household per line: one output line per non-blank input line, in
     * order, each ended by {@code \n} — the assessment, or {@code {"household_id": ..., "errors": [...]}}
     * in its place, exactly as {@code hengjie assess} writes them. A bad date or undefined parameters
     * throw instead, as they stop the CLI before any output.
     */
    public static String assessJsonLines(String jsonl, String asOf) {
        return Policy.defaults().assessJsonLines(jsonl, asOf, true);
    }

    /** Like {@link #assessJsonLines(String, String)}; {@code explain} as in {@link #assess(String, String, boolean)}. */
    public static String assessJsonLines(String jsonl, String asOf, boolean explain) {
        return Policy.defaults().assessJsonLines(jsonl, asOf, explain);
    }

    /**
     * Like {@link #assessJsonLines(String, String, boolean)}, each record of the outputs named in
     * {@code outputs} only, as in {@link #assess(String, String, boolean, List)}. A name that is not an
     * output throws, as it stops the CLI before any output.
     */
    public static String assessJsonLines(String jsonl, String asOf, boolean explain, List<String> outputs) {
        return Policy.defaults().assessJsonLines(jsonl, asOf, explain, outputs);
    }

    /** Checks a village against the service standards
     * (docs/rules/village.md#12-village-service-standards-村级服务标准): {@code {village_id, compliant,
     * gaps}}. */
    public static String village(String villageJson, String asOf) {
        return Policy.defaults().village(villageJson, asOf);
    }

    /** Checks a farmland project's occupation–supplement balance
     * (docs/rules/village.md#13-farmland-balance-耕地占补平衡): {@code {project_id, compliant, gaps}}. */
    public static String farmland(String projectJson) {
        Objects.requireNonNull(projectJson, "projectJson must not be null");
        NativeLoader.ensure();
        return Native.text(Native.farmland(projectJson));
    }

    /**
     * The responsibility ledger as a JSON array: the measures {@code unit} is named in, or else the
     * measure of {@code clause} (e.g. {@code "五(二)"}); either may be null, and with both null every
     * measure.
     */
    public static String duties(String unit, String clause) {
        NativeLoader.ensure();
        return Native.text(Native.duties(unit, clause));
    }

    /** Every error code of the contract, as a JSON array of strings. */
    public static String errorCodes() {
        NativeLoader.ensure();
        return Native.text(Native.errorCodes());
    }
}
