package org.hengjie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The Java API's own behaviour: values, coded errors, nulls, bad strings, layers, lifetimes. */
class ApiTest {
    static final String HOUSEHOLD = "{\"id\": \"HH-1\", \"poverty_alleviated\": false,"
            + " \"members\": [{\"id\": \"P1\", \"birth_date\": \"1980-05-01\", \"labor_capacity\": \"full\","
            + " \"medical_insured\": true}], \"income\": {\"wages\": \"5000\"}}";
    static final String AS_OF = "2023-06-30";
    static final String DIBAO_520 = "{\"jurisdiction\": \"what-if\", \"parameters\": {\"dibao.standard_monthly\":"
            + " [{\"from\": \"2023-01-01\", \"value\": \"520\"}]}}";

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @SuppressWarnings("unchecked")
    static String benefit(String assessment) {
        return (String) ((Map<String, Object>) object(assessment).get("dibao")).get("monthly_benefit");
    }

    static List<String> codesAndPaths(HengjieException e) {
        List<String> out = new ArrayList<>();
        for (ErrorDetail d : e.errors()) {
            out.add(d.code() + " " + d.path());
        }
        return out;
    }

    @Test
    void assessGivesTheDibaoOfTheReadme() {
        String a = Hengjie.assess(HOUSEHOLD, AS_OF);
        assertEquals("83.33", benefit(a)); // (500 × 12 − 5000) / 12, the standard of 2022-12-01
        assertEquals("HH-1", object(a).get("household_id"));
        assertEquals(a, Policy.defaults().assess(HOUSEHOLD, AS_OF));
        assertEquals(a, Hengjie.assess(HOUSEHOLD, AS_OF, true));
        assertFalse(((List<?>) object(a).get("reasons")).isEmpty());
    }

    @Test
    void withoutExplanationsTheDecisionsAreTheSame() {
        Map<String, Object> full = object(Hengjie.assess(HOUSEHOLD, AS_OF, true));
        Map<String, Object> quiet = object(Hengjie.assess(HOUSEHOLD, AS_OF, false));
        assertEquals(List.of(), quiet.get("reasons"));
        assertEquals(List.of(), quiet.get("parameters"));
        for (String key : List.of("monitoring", "dibao", "members", "margins", "warnings", "coverage_gaps")) {
            assertEquals(Json.write(full.get(key)), Json.write(quiet.get(key)), key);
        }
    }

    @Test
    void invalidInputCarriesEveryErrorWithItsCodeAndPath() {
        String bad = "{\"id\": \"HH-2\", \"members\": [{\"id\": \"P1\", \"birth_date\": \"1980-13-01\","
                + " \"labor_capacity\": \"full\", \"medical_insured\": true}]}";
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hengjie.assess(bad, AS_OF));
        assertTrue(codesAndPaths(e).contains("missing_field /poverty_alleviated"), codesAndPaths(e).toString());
        assertTrue(codesAndPaths(e).contains("invalid_value /members/0/birth_date"), codesAndPaths(e).toString());
        assertEquals(e.errorsJson(), Hengjie.validate(bad, AS_OF));
        // errors() and errorsJson() are the same list.
        List<?> parsed = (List<?>) Json.parse(e.errorsJson());
        assertEquals(parsed.size(), e.errors().size());
        for (int i = 0; i < parsed.size(); i++) {
            Map<?, ?> m = (Map<?, ?>) parsed.get(i);
            ErrorDetail d = e.errors().get(i);
            assertEquals(new ErrorDetail((String) m.get("code"), (String) m.get("path"),
                    (String) m.get("message_en"), (String) m.get("message_zh")), d);
            assertFalse(d.messageZh().isEmpty());
        }
        assertTrue(e.getMessage().startsWith("invalid input: " + parsed.size() + " errors"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> e.errors().clear());
        assertTrue(e instanceof HengjieException && e instanceof RuntimeException);
    }

    @Test
    void aRepeatedKeyComesWithTheDocumentsOtherErrors() {
        // `poverty_alleviated` twice: the first occurrence ("no") is read and is not a boolean;
        // the second is the repeated key. Both are reported, sorted, as the CLI gives them.
        String text = "{\"poverty_alleviated\": \"no\", " + HOUSEHOLD.substring(1);
        List<String> expected = Arrays.asList(
                "invalid_type /poverty_alleviated", "duplicate_key /poverty_alleviated");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hengjie.assess(text, AS_OF));
        assertEquals(expected, codesAndPaths(e));
        assertEquals(e.errorsJson(), Hengjie.validate(text, AS_OF));
        // A village's text: its first `id` is not a string, and it lacks the required fields.
        InvalidInputException v = assertThrows(InvalidInputException.class,
                () -> Hengjie.village("{\"id\": 7, \"id\": \"V-1\"}", AS_OF));
        assertEquals(Arrays.asList("missing_field /clinic", "invalid_type /id", "duplicate_key /id",
                "missing_field /period_end", "missing_field /period_start", "missing_field /platform_staff"),
                codesAndPaths(v));
    }

    @Test
    void aValidHouseholdValidatesEmpty() {
        assertEquals("[]", Hengjie.validate(HOUSEHOLD, AS_OF));
        assertEquals("[]", Policy.defaults().validate(HOUSEHOLD, AS_OF));
    }

    @Test
    void aDateThatIsNotADateIsInvalidInput() {
        for (String date : List.of("2023-02-30", "30/06/2023", "")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hengjie.assess(HOUSEHOLD, date));
            assertEquals(List.of("invalid_value "), codesAndPaths(e));
            assertThrows(InvalidInputException.class, () -> Hengjie.validate(HOUSEHOLD, date));
        }
    }

    @Test
    void parametersUndefinedOnTheDateAreAParameterError() {
        ParameterException e = assertThrows(ParameterException.class, () -> Hengjie.assess(HOUSEHOLD, "2019-06-30"));
        assertTrue(e.errors().stream().allMatch(d -> d.code().equals("parameter_undefined")), e.errorsJson());
        assertFalse(e.errors().isEmpty());
        // Parameters come before the document, as in the CLI.
        assertThrows(ParameterException.class, () -> Hengjie.assess("not json", "2019-06-30"));
        assertThrows(ParameterException.class, () -> Hengjie.params("2019-06-30"));
    }

    @Test
    void aLayerChangesTheAnswerAsInRust() {
        try (Policy reform = Policy.defaults().withLayer(DIBAO_520)) {
            assertEquals("what-if", reform.jurisdiction());
            assertEquals("103.33", benefit(reform.assess(HOUSEHOLD, AS_OF))); // (520 × 12 − 5000) / 12
            assertEquals("103.33", benefit(reform.assess(HOUSEHOLD, AS_OF, false)));
            assertTrue(reform.params(AS_OF).contains("\"value\":\"520\""));
            String line = reform.assessJsonLines(HOUSEHOLD + "\n" + HOUSEHOLD + "\n", AS_OF);
            assertEquals(reform.assess(HOUSEHOLD, AS_OF) + "\n" + reform.assess(HOUSEHOLD, AS_OF) + "\n", line);
            // Before the layer's first date the defaults still hold.
            assertEquals(benefit(Hengjie.assess(HOUSEHOLD, "2022-06-30")), benefit(reform.assess(HOUSEHOLD, "2022-06-30")));
        }
        assertEquals("83.33", benefit(Hengjie.assess(HOUSEHOLD, AS_OF)));
        assertEquals("yanghe", Policy.defaults().jurisdiction());
    }

    @Test
    void aBadLayerIsAParameterErrorAtItsPointers() {
        ParameterException e = assertThrows(ParameterException.class, () -> Policy.defaults().withLayer(
                "{\"jurisdiction\": \"x\", \"parameters\": {\"dibao.standard_monthly\": [{\"from\": \"2023-01-01\", \"value\": \"-5\"}]}}"));
        assertEquals(List.of("invalid_parameter /parameters/dibao.standard_monthly/0/value"), codesAndPaths(e));
        ParameterException notJson = assertThrows(ParameterException.class, () -> Policy.defaults().withLayer("{"));
        assertEquals("invalid_parameter", notJson.errors().get(0).code());
    }

    @Test
    void nullArgumentsAreNullPointerExceptionsNamingThem() {
        Map<String, Executable> calls = Map.of(
                "householdJson", () -> Hengjie.assess(null, AS_OF),
                "asOf", () -> Hengjie.assess(HOUSEHOLD, null, false),
                "jsonl", () -> Hengjie.assessJsonLines(null, AS_OF),
                "layerJson", () -> Policy.defaults().withLayer(null),
                "villageJson", () -> Hengjie.village(null, AS_OF),
                "projectJson", () -> Hengjie.farmland(null));
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            NullPointerException e = assertThrows(NullPointerException.class, c.getValue());
            assertEquals(c.getKey() + " must not be null", e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> Hengjie.validate(HOUSEHOLD, null));
        assertThrows(NullPointerException.class, () -> Hengjie.params(null));
        // The native side checks too: a null that gets past Java is an exception, not a crash.
        NativeLoader.ensure();
        NullPointerException e = assertThrows(NullPointerException.class, () -> Native.assess(0, null, AS_OF, true, null));
        assertEquals("household must not be null", e.getMessage());
        assertThrows(NullPointerException.class, () -> Native.assessJsonLines(0, null, AS_OF, true, null));
        assertThrows(NullPointerException.class, () -> Native.withLayer(0, null));
    }

    @Test
    void anUnpairedSurrogateIsACodedErrorNotACrash() {
        String lone = HOUSEHOLD.replace("\"HH-1\"", "\"HH-\uD800\"");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hengjie.assess(lone, AS_OF));
        assertEquals(List.of("malformed_json "), codesAndPaths(e));
        assertTrue(e.errors().get(0).messageEn().contains("surrogate"));
        assertEquals(e.errorsJson(), Hengjie.validate(lone, AS_OF));
        String lowAlone = HOUSEHOLD.replace("\"HH-1\"", "\"\uDC00\"");
        assertThrows(InvalidInputException.class, () -> Hengjie.assess(lowAlone, AS_OF));
        // A real pair is fine: U+1F600 in an id.
        String pair = HOUSEHOLD.replace("\"HH-1\"", "\"HH-\uD83D\uDE00\"");
        assertEquals("HH-\uD83D\uDE00", object(Hengjie.assess(pair, AS_OF)).get("household_id"));
        ParameterException layer = assertThrows(ParameterException.class,
                () -> Policy.defaults().withLayer(DIBAO_520.replace("what-if", "\uDFFF")));
        assertEquals(List.of("invalid_parameter "), codesAndPaths(layer));
        assertThrows(InvalidInputException.class, () -> Hengjie.assess(HOUSEHOLD, "2023-06-3\uD800"));
        // In JSON Lines the line fails in place; the others are assessed.
        String[] out = Hengjie.assessJsonLines(HOUSEHOLD + "\n" + lone + "\n" + HOUSEHOLD, AS_OF).split("\n");
        assertEquals(3, out.length);
        assertEquals(Hengjie.assess(HOUSEHOLD, AS_OF), out[0]);
        assertEquals("{\"household_id\":null,\"line\":2,\"errors\":" + e.errorsJson() + "}", out[1]);
        assertEquals(out[0], out[2]);
    }

    static String padded(int bytes) {
        char[] pad = new char[bytes];
        Arrays.fill(pad, 'x');
        return HOUSEHOLD.replace("\"HH-1\"", "\"HH-1\", \"note\": \"" + new String(pad) + "\"");
    }

    @Test
    void aHugeStringIsTooLarge() {
        String over = padded(1024 * 1024);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Hengjie.assess(over, AS_OF));
        assertEquals(List.of("too_large "), codesAndPaths(e));
        int bytes = over.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(e.errors().get(0).messageEn().contains(bytes + " bytes"), e.errors().get(0).messageEn());
        assertEquals(e.errorsJson(), Hengjie.validate(over, AS_OF));
        // Far over the limit: refused by its length, never copied.
        String huge = padded(64 * 1024 * 1024);
        InvalidInputException far = assertThrows(InvalidInputException.class, () -> Hengjie.assess(huge, AS_OF));
        assertEquals(List.of("too_large "), codesAndPaths(far));
        assertThrows(InvalidInputException.class, () -> Hengjie.village(huge, AS_OF));
        assertThrows(ParameterException.class, () -> Policy.defaults().withLayer(huge));
        // Just under the limit is read (and then judged): a note is no field of the contract.
        String under = padded(1024 * 1024 - HOUSEHOLD.length() - 200);
        assertTrue(Hengjie.validate(under, AS_OF).contains("/note"));
        // In JSON Lines the limit is per line: a big line fails in place, a big batch is fine.
        String[] out = Hengjie.assessJsonLines(HOUSEHOLD + "\n" + over + "\n", AS_OF, false).split("\n");
        assertEquals("{\"household_id\":\"HH-1\",\"line\":2,\"errors\":" + e.errorsJson() + "}", out[1]);
    }

    @Test
    void aPanicInsideTheLibraryBecomesAHengjieException() {
        NativeLoader.ensure();
        HengjieException e = assertThrows(HengjieException.class, Native::panicForTest);
        assertSame(HengjieException.class, e.getClass());
        assertTrue(e.getMessage().contains("internal error") && e.getMessage().contains("deliberate panic"), e.getMessage());
        assertEquals(List.of(), e.errors());
        assertEquals("[]", e.errorsJson());
        // The library goes on working.
        assertEquals("83.33", benefit(Hengjie.assess(HOUSEHOLD, AS_OF)));
    }

    @Test
    void closeFreesAndLaterCallsAreRefused() {
        long before = Native.heldPolicies();
        Policy reform = Policy.defaults().withLayer(DIBAO_520);
        assertEquals(before + 1, Native.heldPolicies());
        Policy layered = reform.withLayer("{\"jurisdiction\": \"twice\", \"parameters\": {}}");
        assertEquals("103.33", benefit(layered.assess(HOUSEHOLD, AS_OF)));
        reform.close();
        reform.close();
        assertEquals(before + 1, Native.heldPolicies());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reform.assess(HOUSEHOLD, AS_OF));
        assertTrue(e.getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, () -> reform.withLayer(DIBAO_520));
        // A policy layered on a closed one is independent of it.
        assertEquals("103.33", benefit(layered.assess(HOUSEHOLD, AS_OF)));
        layered.close();
        assertEquals(before, Native.heldPolicies());
        Policy.defaults().close();
        assertEquals("83.33", benefit(Policy.defaults().assess(HOUSEHOLD, AS_OF)));
    }

    @Test
    void theCleanerFreesUnreachablePolicies() throws InterruptedException {
        long before = Native.heldPolicies();
        for (int i = 0; i < 200; i++) {
            Policy.defaults().withLayer(DIBAO_520);
        }
        assertTrue(Native.heldPolicies() >= before + 1);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Native.heldPolicies() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(Native.heldPolicies() <= before, "held: " + Native.heldPolicies() + ", before: " + before);
    }

    @Test
    void paramsDutiesVillageFarmlandAndCodes() {
        String on = Hengjie.params(AS_OF);
        assertTrue(on.startsWith("[{\"name\":"), on.substring(0, 40));
        assertTrue(on.contains("\"name\":\"dibao.standard_monthly\",\"value\":\"500\",\"from\":\"2022-12-01\",\"provenance\":\"local\""), on);
        assertTrue(Hengjie.params().length() > on.length());
        String all = Hengjie.duties(null, null);
        String unit = Hengjie.duties("社会事务管理局", null);
        String clause = Hengjie.duties(null, "五(二)");
        assertTrue(((List<?>) Json.parse(unit)).size() >= 1 && all.length() > unit.length());
        assertEquals(1, ((List<?>) Json.parse(clause)).size());
        assertEquals("[]", Hengjie.duties("no such unit", null));
        String village = "{\"id\": \"V\", \"clinic\": {\"present\": false, \"standardised\": false,"
                + " \"qualified_doctors\": 0, \"visit_half_days_per_week\": 0}, \"platform_staff\": 2,"
                + " \"period_start\": \"2023-01\", \"period_end\": \"2023-01\", \"job_info_months\": [\"2023-01\"]}";
        assertEquals("{\"village_id\":\"V\",\"compliant\":false,\"gaps\":[\"no_clinic\"]}", Hengjie.village(village, AS_OF));
        InvalidInputException f = assertThrows(InvalidInputException.class, () -> Hengjie.farmland("{}"));
        assertFalse(f.errors().isEmpty());
        List<?> codes = (List<?>) Json.parse(Hengjie.errorCodes());
        assertTrue(codes.containsAll(List.of("too_large", "malformed_json", "missing_field", "invalid_parameter",
                "parameter_undefined")), codes.toString());
    }

    @SuppressWarnings("unchecked")
    static String firstCode(Map<String, Object> record) {
        return (String) ((Map<String, Object>) ((List<?>) record.get("errors")).get(0)).get("code");
    }

    @Test
    void noRecordOfABatchIsLostWhateverTheBadOnesAre() {
        // Issue 20: a byte order mark and a truncated first record, a blank line, a 2 MiB record
        // and a truncated last record: one answer per record, in order, the good ones assessed.
        String second = HOUSEHOLD.replace("\"HH-1\"", "\"HH-2\"");
        String fifth = HOUSEHOLD.replace("\"HH-1\"", "\"HH-5\"");
        String jsonl = "\uFEFF{\"id\": \"X\", \"poverty_alleviated\": tru\n" + second + "\n\n"
                + padded(2 * 1024 * 1024) + "\n" + fifth + "\n{\"id\": \"HH-6\", \"members\": [";
        String[] out = Hengjie.assessJsonLines(jsonl, AS_OF, false).split("\n");
        assertEquals(5, out.length);
        Map<String, Object> first = object(out[0]);
        assertEquals("1", ((Json.Num) first.get("line")).text);
        assertEquals("malformed_json", firstCode(first));
        assertEquals(Hengjie.assess(second, AS_OF, false), out[1]);
        Map<String, Object> big = object(out[2]);
        assertEquals("4", ((Json.Num) big.get("line")).text);
        assertEquals("too_large", firstCode(big));
        assertEquals(Hengjie.assess(fifth, AS_OF, false), out[3]);
        Map<String, Object> last = object(out[4]);
        assertEquals("6", ((Json.Num) last.get("line")).text);
        assertEquals("malformed_json", firstCode(last));
    }

    @Test
    void jsonLinesGiveOneLinePerRecordAsTheCliWritesThem() {
        String jsonl = HOUSEHOLD + "\n\n   \r\n{\"id\": \"HH-2\", \"members\": []}\r\nnot json\n" + HOUSEHOLD;
        String out = Hengjie.assessJsonLines(jsonl, AS_OF);
        assertTrue(out.endsWith("\n"));
        String[] lines = out.split("\n");
        assertEquals(4, lines.length);
        assertEquals(Hengjie.assess(HOUSEHOLD, AS_OF), lines[0]);
        assertEquals(lines[0], lines[3]);
        Map<String, Object> second = object(lines[1]);
        // An error record names its physical input line, blank lines counted
        // (docs/contract.md#1-batches-never-lose-a-record-command-line).
        assertEquals(List.of("household_id", "line", "errors"), new ArrayList<>(second.keySet()));
        assertEquals("HH-2", second.get("household_id"));
        assertEquals("4", ((Json.Num) second.get("line")).text);
        Map<String, Object> third = object(lines[2]);
        assertSame(Json.NULL, third.get("household_id"));
        assertEquals("5", ((Json.Num) third.get("line")).text);
        assertEquals("malformed_json", ((Map<?, ?>) ((List<?>) third.get("errors")).get(0)).get("code"));
        assertEquals(Hengjie.assess(HOUSEHOLD, AS_OF, false) + "\n", Hengjie.assessJsonLines(HOUSEHOLD, AS_OF, false));
        assertEquals("", Hengjie.assessJsonLines("\n\n", AS_OF));
        assertThrows(InvalidInputException.class, () -> Hengjie.assessJsonLines(HOUSEHOLD, "2023-13-01"));
        assertThrows(ParameterException.class, () -> Hengjie.assessJsonLines(HOUSEHOLD, "2019-06-30"));
    }

    @Test
    void theLibraryIsLoadedFromTheJar() {
        assertEquals("jar:/native/" + NativeLoader.platform() + "/libhengjie_jvm.so", NativeLoader.source());
        assertEquals("linux-x86_64", NativeLoader.platform());
    }

    @Test
    void errorDetailIsAValue() {
        ErrorDetail a = new ErrorDetail("missing_field", "/id", "en", "zh");
        assertEquals(a, new ErrorDetail("missing_field", "/id", "en", "zh"));
        assertEquals(a.hashCode(), new ErrorDetail("missing_field", "/id", "en", "zh").hashCode());
        assertNotEquals(a, new ErrorDetail("missing_field", "/id", "en", "zh2"));
        assertEquals("missing_field at \"/id\": en", a.toString());
        assertThrows(NullPointerException.class, () -> new ErrorDetail(null, "", "", ""));
    }
}
