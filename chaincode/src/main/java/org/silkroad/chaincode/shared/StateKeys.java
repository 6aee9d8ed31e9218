package org.silkroad.chaincode.shared;

import java.util.Objects;

/**
 * Composite state keys as strings, the same as {@code stub.createCompositeKey(type, attributes).toString()}:
 * {@code U+0000 type U+0000 attribute U+0000 ...}.
 *
 * <p>fabric-chaincode-shim 2.5.8 compiles a regular expression for every segment of every key it makes (its
 * {@code CompositeKey} checks that no segment holds U+0000 or U+10FFFF); a payment reads six keys and writes seven, and
 * in a payment's profile of the chaincode service that was a tenth of the samples. This makes the same check with two
 * {@code indexOf}s. Keys for range queries ({@code getStateByPartialCompositeKey}) still come from the stub, which
 * takes a {@code CompositeKey}.
 */
public final class StateKeys {

    private static final char DELIMITER = '\u0000';
    /** U+10FFFF, which Fabric keeps for the end of a composite key range. */
    private static final String MAX_RUNE = new String(Character.toChars(Character.MAX_CODE_POINT));

    private StateKeys() {}

    /**
     * The composite key of an object type and its attributes.
     *
     * @throws NullPointerException     if the type or an attribute is null
     * @throws IllegalArgumentException if a segment holds U+0000 or U+10FFFF, as the shim refuses it
     */
    public static String composite(String objectType, String... attributes) {
        Objects.requireNonNull(objectType, "objectType cannot be null");
        int length = objectType.length() + 2;
        check(objectType);
        for (String attribute : attributes) {
            check(attribute);
            length += attribute.length() + 1;
        }
        StringBuilder key = new StringBuilder(length).append(DELIMITER).append(objectType).append(DELIMITER);
        for (String attribute : attributes) {
            key.append(attribute).append(DELIMITER);
        }
        return key.toString();
    }

    private static void check(String segment) {
        int at = segment.indexOf(DELIMITER);
        int max = segment.indexOf(MAX_RUNE);
        if (at >= 0 || max >= 0) {
            int first = at < 0 ? max : max < 0 ? at : Math.min(at, max);
            throw new IllegalArgumentException(
                    "composite key segment \"%s\" holds a character a key may not hold at index %d".formatted(
                            segment, first));
        }
    }
}
