package org.hengjie;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal JSON reader for the tests (no third-party library): objects as LinkedHashMap, arrays as
 * List, strings, {@link Num} (exact text, compared as decimals), Boolean, and {@link #NULL}. It also
 * gives the exact text of each member of a top-level object, so a vector's input reaches the binding
 * as the bytes of the file, never re-encoded.
 */
final class Json {
    /** JSON null (a Map cannot tell a null value from a missing key otherwise). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, kept as its text. */
    static final class Num {
        final String text;

        Num(String text) {
            this.text = text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num && new BigDecimal(text).compareTo(new BigDecimal(((Num) o).text)) == 0;
        }

        @Override
        public int hashCode() {
            return new BigDecimal(text).stripTrailingZeros().hashCode();
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json p = new Json(text);
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    /** The exact text of each member of the top-level object, in order. */
    static Map<String, String> members(String text) {
        Json p = new Json(text);
        Map<String, String> out = new LinkedHashMap<>();
        p.ws();
        p.expect('{');
        p.ws();
        if (p.peek() == '}') {
            return out;
        }
        while (true) {
            p.ws();
            String key = p.string();
            p.ws();
            p.expect(':');
            p.ws();
            int start = p.i;
            p.value();
            out.put(key, text.substring(start, p.i));
            p.ws();
            if (p.peek() == ',') {
                p.i++;
                continue;
            }
            p.expect('}');
            return out;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + i);
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end");
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected " + c);
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
    }

    private Object value() {
        ws();
        char c = peek();
        switch (c) {
            case '{': {
                i++;
                Map<String, Object> map = new LinkedHashMap<>();
                ws();
                if (peek() == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    map.put(k, value());
                    ws();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    return map;
                }
            }
            case '[': {
                i++;
                List<Object> list = new ArrayList<>();
                ws();
                if (peek() == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    ws();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect(']');
                    return list;
                }
            }
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", NULL);
            default: {
                int start = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                if (start == i) {
                    throw error("unexpected " + c);
                }
                return new Num(s.substring(start, i));
            }
        }
    }

    private Object word(String w, Object v) {
        if (!s.startsWith(w, i)) {
            throw error("expected " + w);
        }
        i += w.length();
        return v;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            i++;
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek();
            i++;
            switch (e) {
                case 'n': b.append('\n'); break;
                case 't': b.append('\t'); break;
                case 'r': b.append('\r'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'u':
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default: b.append(e);
            }
        }
    }

    /** JSON text of a value (strings escaped; non-ASCII kept). */
    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Object v, StringBuilder b) {
        if (v instanceof Map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                writeString(e.getKey(), b);
                b.append(':');
                write(e.getValue(), b);
            }
            b.append('}');
        } else if (v instanceof List) {
            b.append('[');
            boolean first = true;
            for (Object o : (List<Object>) v) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(o, b);
            }
            b.append(']');
        } else if (v instanceof String) {
            writeString((String) v, b);
        } else {
            b.append(v);
        }
    }

    static void writeString(String s, StringBuilder b) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    /**
     * Where {@code actual} fails to match {@code expected} as a subset
     * (docs/contract.md#conformance-vectors): objects by the keys expected names, arrays element by
     * element with equal length, scalars type-strictly ({@code "129.96"} is not {@code 129.96}).
     */
    @SuppressWarnings("unchecked")
    static List<String> subsetDiffs(Object expected, Object actual, String at) {
        List<String> out = new ArrayList<>();
        if (expected instanceof Map) {
            if (!(actual instanceof Map)) {
                out.add(at + ": expected an object, got " + write(actual));
                return out;
            }
            Map<String, Object> a = (Map<String, Object>) actual;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) expected).entrySet()) {
                if (!a.containsKey(e.getKey())) {
                    out.add(at + "/" + e.getKey() + ": missing");
                } else {
                    out.addAll(subsetDiffs(e.getValue(), a.get(e.getKey()), at + "/" + e.getKey()));
                }
            }
        } else if (expected instanceof List) {
            List<Object> x = (List<Object>) expected;
            if (!(actual instanceof List) || ((List<Object>) actual).size() != x.size()) {
                out.add(at + ": expected " + x.size() + " items, got " + write(actual));
                return out;
            }
            List<Object> a = (List<Object>) actual;
            for (int k = 0; k < x.size(); k++) {
                out.addAll(subsetDiffs(x.get(k), a.get(k), at + "/" + k));
            }
        } else if (!Objects.equals(expected, actual)) {
            out.add(at + ": expected " + write(expected) + ", got " + write(actual));
        }
        return out;
    }
}
