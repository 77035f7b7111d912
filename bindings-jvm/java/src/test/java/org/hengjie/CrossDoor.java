package org.hengjie;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The Java door of tests/cross/test_identity.py, as tests/cross/node_assess.cjs is Node's: reads a
 * JSON array of {@code {kind, input, as_of, params}} on stdin ({@code input} and {@code params} as
 * JSON text) and prints a JSON array with, per case, {@code {"ok": <canonical JSON text>}} or
 * {@code {"errors": [...]}}. Kind {@code lines} runs {@code assessJsonLines} on {@code input} (JSON
 * Lines text) and gives its whole output as {@code ok}.
 */
public final class CrossDoor {
    private CrossDoor() {}

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        List<Object> cases = (List<Object>) Json.parse(readAll(System.in));
        StringBuilder out = new StringBuilder("[");
        for (Object o : cases) {
            Map<String, Object> c = (Map<String, Object>) o;
            if (out.length() > 1) {
                out.append(',');
            }
            String kind = (String) c.get("kind");
            String input = (String) c.get("input");
            String asOf = (String) c.get("as_of");
            Object params = c.get("params");
            try {
                Policy policy = params instanceof String ? Policy.defaults().withLayer((String) params) : Policy.defaults();
                String ok;
                switch (kind) {
                    case "village":
                        ok = policy.village(input, asOf);
                        break;
                    case "farmland":
                        ok = Hengjie.farmland(input);
                        break;
                    case "lines":
                        ok = policy.assessJsonLines(input, asOf);
                        break;
                    default:
                        ok = policy.assess(input, asOf);
                }
                out.append("{\"ok\":");
                Json.writeString(ok, out);
                out.append('}');
            } catch (HengjieException e) {
                out.append("{\"errors\":").append(e.errorsJson()).append('}');
            }
        }
        out.append(']');
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        stdout.print(out);
        stdout.flush();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
