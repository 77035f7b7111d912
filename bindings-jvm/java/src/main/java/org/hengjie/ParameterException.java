package org.hengjie;

/**
 * The parameters cannot serve the call: a layer that breaks the layer format
 * ({@code invalid_parameter}), or a parameter with no value on the as-of date
 * ({@code parameter_undefined}).
 */
public final class ParameterException extends HengjieException {
    private static final long serialVersionUID = 1L;

    ParameterException(String message, String errorsJson, String[] fields) {
        super(message, errorsJson, fields);
    }
}
