package dev.ferry.kernel.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a config value must look like. {@link #check} throws with Kafka's wording of the reason, which the caller
 * puts after "Invalid value x for configuration y: ".
 */
@FunctionalInterface
public interface ValueRule {

    /** @throws IllegalArgumentException with the reason the value is refused */
    void check(String value);

    /** A whole number in [min, max]. */
    static ValueRule longBetween(long min, long max) {
        return value -> range(parseLong(value, "LONG"), min, max);
    }

    static ValueRule longAtLeast(long min) {
        return longBetween(min, Long.MAX_VALUE);
    }

    /** An int in [min, max]. */
    static ValueRule intBetween(long min, long max) {
        return value -> {
            long number = parseLong(value, "INT");
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Not a number of type INT");
            }
            range(number, min, max);
        };
    }

    static ValueRule intAtLeast(long min) {
        return intBetween(min, Integer.MAX_VALUE);
    }

    /** A double in [min, max]. */
    static ValueRule doubleBetween(double min, double max) {
        return value -> {
            double number;
            try {
                number = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a number of type DOUBLE");
            }
            if (number < min) {
                throw new IllegalArgumentException("Value must be at least " + min);
            }
            if (number > max) {
                throw new IllegalArgumentException("Value must be no more than " + max);
            }
        };
    }

    /** {@code true} or {@code false}, in any case. */
    static ValueRule bool() {
        return value -> {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("Expected value to be either true or false");
            }
        };
    }

    /** One of the given strings, exactly. */
    static ValueRule oneOf(String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return value -> {
            if (!values.contains(value.trim())) {
                throw new IllegalArgumentException("String must be one of: " + String.join(", ", values));
            }
        };
    }

    /** Either rule passes; the first one's reason is reported. */
    default ValueRule or(ValueRule other) {
        return value -> {
            try {
                check(value);
            } catch (IllegalArgumentException e) {
                try {
                    other.check(value);
                } catch (IllegalArgumentException ignored) {
                    throw e;
                }
            }
        };
    }

    /** Any value. */
    static ValueRule any() {
        return value -> {
        };
    }

    private static long parseLong(String value, String type) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a number of type " + type);
        }
    }

    private static void range(long number, long min, long max) {
        if (number < min) {
            throw new IllegalArgumentException("Value must be at least " + min);
        }
        if (number > max) {
            throw new IllegalArgumentException("Value must be no more than " + max);
        }
    }
}
