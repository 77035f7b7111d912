package org.hengjie;

import java.util.Objects;

/**
 * One coded error of the contract: {@code code} (e.g. {@code missing_field}), the JSON Pointer
 * {@code path} of the offending value ({@code ""} for the whole document), and the message in
 * English and in Chinese. Immutable, with value equality; the accessors are named as a Java 16
 * record's would be.
 */
public final class ErrorDetail {
    private final String code;
    private final String path;
    private final String messageEn;
    private final String messageZh;

    public ErrorDetail(String code, String path, String messageEn, String messageZh) {
        this.code = Objects.requireNonNull(code, "code");
        this.path = Objects.requireNonNull(path, "path");
        this.messageEn = Objects.requireNonNull(messageEn, "messageEn");
        this.messageZh = Objects.requireNonNull(messageZh, "messageZh");
    }

    /** The error code, one of {@link Hengjie#errorCodes()}. */
    public String code() {
        return code;
    }

    /** The JSON Pointer of the offending value; {@code ""} is the whole document. */
    public String path() {
        return path;
    }

    public String messageEn() {
        return messageEn;
    }

    public String messageZh() {
        return messageZh;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ErrorDetail)) {
            return false;
        }
        ErrorDetail other = (ErrorDetail) o;
        return code.equals(other.code) && path.equals(other.path) && messageEn.equals(other.messageEn)
                && messageZh.equals(other.messageZh);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, path, messageEn, messageZh);
    }

    @Override
    public String toString() {
        return code + " at \"" + path + "\": " + messageEn;
    }
}
