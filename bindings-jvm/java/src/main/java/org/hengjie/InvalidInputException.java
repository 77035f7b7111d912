package org.hengjie;

/**
 * The input breaks the contract (docs/contract.md): every error of the document, each with its code
 * and JSON Pointer path ({@link #errors()}); also an as-of date that is not a real {@code YYYY-MM-DD}
 * date ({@code invalid_value} at {@code ""}).
 */
public final class InvalidInputException extends HengjieException {
    private static final long serialVersionUID = 1L;

    InvalidInputException(String message, String errorsJson, String[] fields) {
        super(message, errorsJson, fields);
    }
}
