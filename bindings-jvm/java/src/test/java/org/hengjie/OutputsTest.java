package org.hengjie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * An outputs selection (docs/rust.md#outputs): only the outputs asked for, each byte for byte the
 * same member of the full assessment, as Python's {@code outputs=[...]} and the CLI's {@code --outputs}.
 */
class OutputsTest {
    /**
     * tests/vectors/dibao/benefit_129_96.json: two members, net 9240.50 + 1200 = 10440.50 a year under
     * 500 × 12 × 2 = 12000 → eligible, (12000 − 10440.50) / 12 = 129.958… → 129.96.
     */
    static final Map<String, String> VECTOR = Json.members(Vectors.read(
            Vectors.root().resolve("tests").resolve("vectors").resolve("dibao").resolve("benefit_129_96.json")));
    static final String HOUSEHOLD = VECTOR.get("input");
    static final String AS_OF = "2023-06-30";
    static final List<String> IDS = List.of("household_id", "as_of", "jurisdiction", "provenance");

    static List<String> keys(String... between) {
        List<String> out = new ArrayList<>(IDS);
        out.addAll(Arrays.asList(between));
        out.addAll(List.of("reasons", "parameters", "warnings"));
        return out;
    }

    @Test
    void theSelectedOutputsAreTheBytesOfTheFullAssessment() {
        assertEquals("\"" + AS_OF + "\"", VECTOR.get("as_of"));
        Map<String, String> full = Json.members(Hengjie.assess(HOUSEHOLD, AS_OF));
        String text = Hengjie.assess(HOUSEHOLD, AS_OF, true, List.of("dibao", "monitoring"));
        Map<String, String> some = Json.members(text);
        assertEquals(keys("monitoring", "dibao"), new ArrayList<>(some.keySet()));
        for (String key : List.of("household_id", "as_of", "jurisdiction", "provenance", "monitoring", "dibao")) {
            assertEquals(full.get(key), some.get(key), key);
        }
        assertEquals("129.96", ApiTest.benefit(text));
        assertEquals(Json.parse(Json.members(VECTOR.get("expected")).get("dibao")), Json.parse(some.get("dibao")));
        // Only §2's and §3's reasons, each one of the full assessment's.
        List<?> reasons = (List<?>) Json.parse(some.get("reasons"));
        List<?> all = (List<?>) Json.parse(full.get("reasons"));
        assertTrue(!reasons.isEmpty());
        for (Object r : reasons) {
            assertTrue(List.of("monitoring", "dibao").contains(((Map<?, ?>) r).get("rule")), r.toString());
            assertTrue(all.contains(r), r.toString());
        }
        // null is every output.
        assertEquals(Hengjie.assess(HOUSEHOLD, AS_OF), Hengjie.assess(HOUSEHOLD, AS_OF, true, null));
    }

    @Test
    void aPerMemberOutputGivesMembersWithPersonIdAgeAndItsFields() {
        Map<String, Object> full = ApiTest.object(Hengjie.assess(HOUSEHOLD, AS_OF));
        Map<String, Object> some = ApiTest.object(Hengjie.assess(HOUSEHOLD, AS_OF, false, List.of("pension")));
        assertEquals(keys("members"), new ArrayList<>(some.keySet()));
        assertEquals(List.of(), some.get("reasons"));
        List<?> members = (List<?>) some.get("members");
        List<?> fullMembers = (List<?>) full.get("members");
        assertEquals(2, members.size());
        // Born 1980-05-10 and 1982-03-03: 43 and 41 on 2023-06-30.
        List<String> ids = List.of("P1", "P2");
        List<String> ages = List.of("43", "41");
        for (int i = 0; i < 2; i++) {
            Map<?, ?> m = (Map<?, ?>) members.get(i);
            assertEquals(List.of("person_id", "age", "pension"), new ArrayList<>(m.keySet()));
            assertEquals(ids.get(i), m.get("person_id"));
            assertEquals(ages.get(i), ((Json.Num) m.get("age")).text);
            assertEquals(((Map<?, ?>) fullMembers.get(i)).get("pension"), m.get("pension"));
        }
    }

    @Test
    void aLayeredPolicyAndJsonLinesTakeTheSelection() {
        try (Policy policy = Policy.defaults().withLayer(ApiTest.DIBAO_520)) {
            String one = policy.assess(HOUSEHOLD, AS_OF, true, List.of("dibao"));
            assertEquals(keys("dibao"), new ArrayList<>(Json.members(one).keySet()));
            // (520 × 12 × 2 − 10440.50) / 12 = 2039.50 / 12 = 169.958… → 169.96
            assertEquals("169.96", ApiTest.benefit(one));
            assertEquals(Json.members(policy.assess(HOUSEHOLD, AS_OF)).get("dibao"), Json.members(one).get("dibao"));
            String lines = policy.assessJsonLines(HOUSEHOLD.replace("\n", " ") + "\n{\"id\": \"HH-X\"}\n", AS_OF, true,
                    List.of("dibao"));
            String[] out = lines.split("\n");
            assertEquals(2, out.length);
            assertEquals(one, out[0]);
            Map<String, Object> bad = ApiTest.object(out[1]);
            assertEquals("HH-X", bad.get("household_id"));
            assertEquals("2", ((Json.Num) bad.get("line")).text);
        }
        String lines = Hengjie.assessJsonLines(HOUSEHOLD.replace("\n", " ") + "\n", AS_OF, false, List.of("monitoring"));
        assertEquals(Hengjie.assess(HOUSEHOLD, AS_OF, false, List.of("monitoring")) + "\n", lines);
    }

    @Test
    void anUnknownNameIsTheCoresInvalidValue() {
        List<Runnable> calls = List.of(
                () -> Hengjie.assess(HOUSEHOLD, AS_OF, true, List.of("monitoring", "dibao_amount")),
                () -> Hengjie.assessJsonLines(HOUSEHOLD.replace("\n", " "), AS_OF, true,
                        List.of("monitoring", "dibao_amount")),
                () -> Policy.defaults().assess(HOUSEHOLD, AS_OF, true, List.of("monitoring", "dibao_amount")));
        for (Runnable call : calls) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call::run);
            assertEquals(1, e.errors().size());
            ErrorDetail d = e.errors().get(0);
            assertEquals("invalid_value", d.code());
            assertEquals("", d.path());
            assertTrue(d.messageEn().contains("\"dibao_amount\""), d.messageEn());
            assertTrue(d.messageZh().contains("“dibao_amount”"), d.messageZh());
            Map<?, ?> error = (Map<?, ?>) ((List<?>) Json.parse(e.errorsJson())).get(0);
            List<?> allowed = (List<?>) ((Map<?, ?>) error.get("params")).get("allowed");
            assertEquals(18, allowed.size());
            assertEquals("transition", allowed.get(0));
            assertTrue(allowed.contains("dibao"));
        }
        // The as-of date is checked first, as the CLI checks it.
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Hengjie.assess(HOUSEHOLD, "2023-02-30", true, List.of("x")));
        assertTrue(e.errors().get(0).messageEn().contains("2023-02-30"));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> Hengjie.assess(HOUSEHOLD, AS_OF, true, Arrays.asList("dibao", null)));
        assertEquals("outputs must not contain null", npe.getMessage());
    }
}
