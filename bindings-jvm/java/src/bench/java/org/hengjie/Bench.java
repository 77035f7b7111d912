package org.hengjie;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * make bench-jvm: single-assessment latency from Java (with and without explanations) and
 * assessJsonLines throughput, on the typical household of core/benches/assess.rs, as of 2023-06-30.
 * Not a test. Wall and CPU time of the calling thread; medians of {@value #ROUNDS} rounds.
 */
public final class Bench {
    /** core/benches/assess.rs, TYPICAL, on one line. */
    static final String TYPICAL = "{\"id\":\"HH-1\",\"poverty_alleviated\":true,\"members\":["
            + "{\"id\":\"P1\",\"birth_date\":\"1975-04-02\",\"labor_capacity\":\"full\",\"medical_insured\":true,\"pension_insured\":true},"
            + "{\"id\":\"P2\",\"birth_date\":\"1978-09-10\",\"labor_capacity\":\"partial\",\"medical_insured\":true},"
            + "{\"id\":\"P3\",\"birth_date\":\"2010-01-20\",\"labor_capacity\":\"full\",\"medical_insured\":true,\"schooling\":{\"status\":\"enrolled\",\"stage\":\"junior_secondary\"}}],"
            + "\"income\":{\"wages\":\"18000\",\"business\":\"2500\",\"transfers\":\"1200\"},\"housing_grade\":\"B\"}";
    static final String AS_OF = "2023-06-30";
    static final int ROUNDS = 7;
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    static int sink;

    private Bench() {}

    /** Median wall and CPU nanoseconds per call of {@code calls} calls. */
    static double[] measure(int calls, Supplier<String> call) {
        double[] wall = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += call.get().length();
            }
            wall[r] = (System.nanoTime() - t0) / (double) calls;
            cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / (double) calls;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[ROUNDS / 2], cpu[ROUNDS / 2]};
    }

    static void warm(long millis, Supplier<String> call) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            sink += call.get().length();
        }
    }

    public static void main(String[] args) {
        System.out.printf("java %s (%s), %d processors; library from %s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), NativeLoader.source());
        Supplier<String> explained = () -> Hengjie.assess(TYPICAL, AS_OF);
        Supplier<String> quiet = () -> Hengjie.assess(TYPICAL, AS_OF, false);
        warm(3000, explained);
        warm(2000, quiet);
        double[] e = measure(5000, explained);
        double[] q = measure(5000, quiet);
        System.out.printf("assess, explanations on:  %.1f µs wall, %.1f µs CPU per call (answer %d chars)%n",
                e[0] / 1e3, e[1] / 1e3, explained.get().length());
        System.out.printf("assess, explanations off: %.1f µs wall, %.1f µs CPU per call (answer %d chars)%n",
                q[0] / 1e3, q[1] / 1e3, quiet.get().length());

        int lines = 10_000;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(TYPICAL.replace("\"HH-1\"", "\"HH-" + i + "\"")).append('\n');
        }
        String jsonl = b.toString();
        for (boolean explain : new boolean[] {true, false}) {
            Supplier<String> batch = () -> Hengjie.assessJsonLines(jsonl, AS_OF, explain);
            warm(2000, batch);
            // Wall time, and the CPU time of the whole process (the native side judges lines on
            // every core; the JVM decodes the answer and collects garbage on its own threads).
            double[] wall = new double[ROUNDS];
            double[] cpu = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) {
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                sink += batch.get().length();
                wall[r] = System.nanoTime() - t0;
                cpu[r] = OS.getProcessCpuTime() - c0;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            double w = wall[ROUNDS / 2];
            double c = cpu[ROUNDS / 2];
            System.out.printf("assessJsonLines, %d lines, explanations %s: %.1f ms wall (%.0f households/s), %.1f ms CPU"
                    + " (%.0f households/s of CPU, %.1f µs each)%n", lines, explain ? "on " : "off", w / 1e6,
                    lines / (w / 1e9), c / 1e6, lines / (c / 1e9), c / 1e3 / lines);
        }
        if (sink == 42) {
            System.out.println();
        }
    }
}
