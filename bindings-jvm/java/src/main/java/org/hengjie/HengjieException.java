package org.hengjie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Any failure of a hengjie call. {@link InvalidInputException} (the household, village or project
 * breaks the contract) and {@link ParameterException} (a bad layer, or a parameter with no value on
 * the date) carry the coded error list; a plain HengjieException, with an empty list, is an
 * internal failure: the native library could not be loaded, or a bug in hengjie was caught before
 * it could reach the JVM.
 */
public class HengjieException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String errorsJson;
    private final List<ErrorDetail> errors;

    public HengjieException(String message) {
        this(message, "[]", new String[0]);
    }

    /** Built by the native side: {@code fields} holds code, path, message_en, message_zh of each error. */
    HengjieException(String message, String errorsJson, String[] fields) {
        super(message);
        this.errorsJson = errorsJson;
        List<ErrorDetail> list = new ArrayList<>(fields.length / 4);
        for (int i = 0; i + 3 < fields.length; i += 4) {
            list.add(new ErrorDetail(fields[i], fields[i + 1], fields[i + 2], fields[i + 3]));
        }
        this.errors = Collections.unmodifiableList(list);
    }

    /** The coded errors, in the contract's order; empty for an internal failure. */
    public List<ErrorDetail> errors() {
        return errors;
    }

    /**
     * The same list as the contract's JSON text: {@code [{"code", "path", "message_en",
     * "message_zh"}, ...]}, byte for byte what the CLI and the other bindings give.
     */
    public String errorsJson() {
        return errorsJson;
    }
}
