package org.hengjie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Calls from many threads agree with the single-threaded results. */
class ThreadsTest {
    static final int THREADS = 8;
    static final int PER_THREAD = 10_000;

    /** A result or the errors in its place, as text. */
    static String outcome(Policy policy, String household, String asOf, boolean explain) {
        try {
            return policy.assess(household, asOf, explain);
        } catch (HengjieException e) {
            return e.getClass().getSimpleName() + e.errorsJson();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eightThreadsTimesTenThousandAssessmentsAgreeWithOneThread() throws Exception {
        // Every household vector on the default parameters: valid ones and ones with errors.
        List<String[]> cases = new ArrayList<>();
        for (var p : Vectors.files()) {
            String text = Vectors.read(p);
            Map<String, Object> doc = (Map<String, Object>) Json.parse(text);
            Object params = doc.get("params");
            if (!"household".equals(doc.getOrDefault("kind", "household")) || (params != null && params != Json.NULL)) {
                continue;
            }
            cases.add(new String[] {Json.members(text).get("input"), (String) doc.get("as_of")});
        }
        assertTrue(cases.size() > 300, "household vectors: " + cases.size());
        try (Policy reform = Policy.defaults().withLayer(ApiTest.DIBAO_520)) {
            Policy[] policies = {Policy.defaults(), reform};
            int n = cases.size();
            String[][] expected = new String[2 * n][2];
            for (int k = 0; k < 2 * n; k++) {
                String[] c = cases.get(k % n);
                for (int e = 0; e < 2; e++) {
                    expected[k][e] = outcome(policies[k / n], c[0], c[1], e == 0);
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    final int thread = t;
                    futures.add(pool.submit(() -> {
                        int mismatches = 0;
                        for (int i = 0; i < PER_THREAD; i++) {
                            // Each thread walks the cases in its own order: both policies, both modes.
                            int k = (int) ((thread * 7919L + i * 31L) % (2L * n));
                            int e = (i + thread) & 1;
                            String[] c = cases.get(k % n);
                            if (!expected[k][e].equals(outcome(policies[k / n], c[0], c[1], e == 0))) {
                                mismatches++;
                            }
                        }
                        return mismatches;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(10, TimeUnit.MINUTES);
                }
                assertEquals(0, total, "assessments that differ from the single-threaded result");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void jsonLinesFromManyThreadsAgree() throws Exception {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            batch.append(ApiTest.HOUSEHOLD.replace("HH-1", "HH-" + i)).append('\n');
            batch.append("{\"id\": \"BAD-").append(i).append("\"}\n");
        }
        String expected = Hengjie.assessJsonLines(batch.toString(), ApiTest.AS_OF);
        assertEquals(400, expected.split("\n").length);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS * 4; t++) {
                futures.add(pool.submit(() -> Hengjie.assessJsonLines(batch.toString(), ApiTest.AS_OF)));
            }
            for (Future<String> f : futures) {
                assertEquals(expected, f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
