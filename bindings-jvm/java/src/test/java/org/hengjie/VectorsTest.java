package org.hengjie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance vector through the Java API (docs/contract.md#conformance-vectors), as
 * bindings-wasm/tests/vectors.test.mjs does through Node: {@code expected} as a subset of the
 * assessment, or {@code expected_errors} as a set of {code, path} — from {@code validate} for input
 * errors, from {@code assess} for parameter errors.
 */
class VectorsTest {
    @Test
    void thereAreVectors() {
        assertTrue(Vectors.files().size() >= 40, "tests/vectors not found under " + Vectors.root());
    }

    @TestFactory
    Stream<DynamicTest> everyVector() {
        Path base = Vectors.root().resolve("tests").resolve("vectors");
        return Vectors.files().stream()
                .map(p -> DynamicTest.dynamicTest(base.relativize(p).toString(), () -> run(Vectors.read(p))));
    }

    /** A vector's input and layer as the exact JSON text of the file. */
    @SuppressWarnings("unchecked")
    static void run(String text) {
        Map<String, Object> doc = (Map<String, Object>) Json.parse(text);
        Map<String, String> raw = Json.members(text);
        Object kindValue = doc.getOrDefault("kind", "household");
        String kind = kindValue instanceof String ? (String) kindValue : "household";
        if (kind.equals("reconcile")) {
            return; // the department comparison has no JVM door (CLI, Python and HTTP check these)
        }
        assertTrue(doc.get("as_of") instanceof String, "as_of is required");
        String asOf = (String) doc.get("as_of");
        String input = raw.get("input");
        assertTrue(input != null, "input is required");
        Policy policy = doc.get("params") == null || doc.get("params") == Json.NULL
                ? Policy.defaults() : null;
        boolean wantErrors = doc.containsKey("expected_errors");
        try {
            if (policy == null) {
                policy = Policy.defaults().withLayer(raw.get("params"));
            }
            Object actual;
            switch (kind) {
                case "household":
                    if (wantErrors) {
                        checkErrors(doc, Json.parse(householdErrors(policy, input, asOf)));
                        return;
                    }
                    actual = Json.parse(policy.assess(input, asOf));
                    break;
                case "village":
                    actual = Json.parse(policy.village(input, asOf));
                    break;
                case "farmland":
                    actual = Json.parse(Hengjie.farmland(input));
                    break;
                default:
                    fail("unknown kind `" + kind + "`");
                    return;
            }
            assertFalse(wantErrors, "expected errors, got " + Json.write(actual));
            assertTrue(doc.containsKey("expected"), "neither expected nor expected_errors");
            List<String> diffs = Json.subsetDiffs(doc.get("expected"), actual, "");
            assertEquals(List.of(), diffs, "output differs");
        } catch (HengjieException e) {
            if (!wantErrors) {
                fail("failed: " + e.errorsJson());
            }
            checkErrors(doc, Json.parse(e.errorsJson()));
        }
    }

    /** The parameter errors of assess (a bad layer, parameter_undefined), else the list of validate. */
    private static String householdErrors(Policy policy, String input, String asOf) {
        try {
            policy.assess(input, asOf);
        } catch (ParameterException e) {
            return e.errorsJson();
        } catch (InvalidInputException e) {
            // validate gives the same list (checked below), for a valid date.
        }
        return policy.validate(input, asOf);
    }

    @SuppressWarnings("unchecked")
    private static void checkErrors(Map<String, Object> doc, Object got) {
        assertEquals(pairs((List<Object>) doc.get("expected_errors")), pairs((List<Object>) got),
                "error {code, path} sets differ");
    }

    @SuppressWarnings("unchecked")
    private static TreeSet<String> pairs(List<Object> list) {
        TreeSet<String> out = new TreeSet<>();
        for (Object o : list) {
            Map<String, Object> e = (Map<String, Object>) o;
            out.add(e.get("code") + " " + Json.write(e.get("path")));
        }
        return out;
    }

    // The runner's own rules, on vectors made here (so they hold whatever the corpus holds).

    @Test
    void theRunnerFailsAVectorWhoseExpectationIsWrong() {
        String vector = "{\"as_of\": \"2023-06-30\", \"input\": {\"id\": \"HH-1\", \"poverty_alleviated\": false,"
                + " \"members\": [{\"id\": \"P1\", \"birth_date\": \"1980-05-01\", \"labor_capacity\": \"full\","
                + " \"medical_insured\": true}], \"income\": {\"wages\": 4999.50}},"
                + " \"expected\": {\"dibao\": {\"monthly_benefit\": \"%s\"}}}";
        // (500 × 12 − 4999.50) / 12 = 83.375, rounded half away from zero.
        run(String.format(vector, "83.38"));
        assertThrows(AssertionError.class, () -> run(String.format(vector, "83.37")));
        assertThrows(AssertionError.class, () -> run(vector.replace("\"%s\"", "83.38")));
    }

    @Test
    void theRunnerFailsAVectorWhoseErrorsDiffer() {
        String vector = "{\"as_of\": \"2023-06-30\", \"input\": {\"id\": \"HH-1\", \"members\": []},"
                + " \"expected_errors\": [{\"code\": \"missing_field\", \"path\": \"/poverty_alleviated\"}]}";
        assertThrows(AssertionError.class, () -> run(vector));
    }

    @Test
    void theSubsetMatchIsTypeStrictAndLengthStrict() {
        assertEquals(List.of(), Json.subsetDiffs(Json.parse("{\"a\": \"1.00\"}"), Json.parse("{\"a\": \"1.00\", \"b\": 2}"), ""));
        assertEquals(1, Json.subsetDiffs(Json.parse("{\"a\": \"129.96\"}"), Json.parse("{\"a\": 129.96}"), "").size());
        assertEquals(1, Json.subsetDiffs(Json.parse("{\"a\": null}"), Json.parse("{\"a\": \"0.00\"}"), "").size());
        assertEquals(1, Json.subsetDiffs(Json.parse("{\"a\": [{}]}"), Json.parse("{\"a\": [{}, {}]}"), "").size());
        assertEquals(1, Json.subsetDiffs(Json.parse("{\"a\": {}}"), Json.parse("{}"), "").size());
        List<String> none = new ArrayList<>();
        assertEquals(none, Json.subsetDiffs(Json.parse("{\"m\": [{\"age\": 43}, {}]}"),
                Json.parse("{\"m\": [{\"age\": 43, \"x\": 1}, {\"y\": 2}]}"), ""));
    }
}
