package dev.ferry.kernel.quota;

import java.util.Arrays;
import java.util.Optional;

/** Kafka 4.1's client quota keys, with the type each value must fit ({@code QuotaConfig}). */
enum QuotaKey {
    PRODUCER_BYTE_RATE("producer_byte_rate", ValueType.LONG, false),
    CONSUMER_BYTE_RATE("consumer_byte_rate", ValueType.LONG, false),
    REQUEST_PERCENTAGE("request_percentage", ValueType.DOUBLE, false),
    CONTROLLER_MUTATION_RATE("controller_mutation_rate", ValueType.DOUBLE, false),
    CONNECTION_CREATION_RATE("connection_creation_rate", ValueType.INT, true);

    /** What a value must be, with Kafka's bound for the integral types. */
    enum ValueType {
        INT("an INT", Integer.MAX_VALUE),
        LONG("a LONG", Long.MAX_VALUE),
        DOUBLE(null, Double.MAX_VALUE);

        private final String article;
        private final double max;

        ValueType(String article, double max) {
            this.article = article;
            this.max = max;
        }
    }

    private final String key;
    private final ValueType type;
    private final boolean ipKey;

    QuotaKey(String key, ValueType type, boolean ipKey) {
        this.key = key;
        this.type = type;
        this.ipKey = ipKey;
    }

    String key() {
        return key;
    }

    /** The key of that name that an IP entity ({@code ip}) or a user/client-id entity takes. */
    static Optional<QuotaKey> find(String name, boolean ipEntity) {
        return Arrays.stream(values()).filter(key -> key.key.equals(name) && key.ipKey == ipEntity).findFirst();
    }

    /**
     * Kafka's check of a value.
     *
     * @return Kafka's message, or null when the value is valid
     */
    String validate(double value) {
        if (!(value > 0)) {
            return "Quota " + key + " must be greater than 0";
        }
        if (type == ValueType.DOUBLE) {
            return null;
        }
        if (value > type.max) {
            return "Proposed value for " + key + " is too large for " + type.article + ".";
        }
        if (Math.abs(value % 1) > 1e-6) {
            return key + " cannot be a fractional value.";
        }
        return null;
    }
}
