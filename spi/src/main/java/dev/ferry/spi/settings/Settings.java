package dev.ferry.spi.settings;

import java.util.Map;

/**
 * The broker's configuration as a plugin reads it: every key of {@code broker.conf} and of the defaults (the kernel's
 * and each plugin's {@code reference.conf}), by Kafka's flat key names such as {@code socket.request.max.bytes}.
 *
 * <p>A missing key or a value of the wrong type fails with an {@link IllegalArgumentException} naming the key and
 * where it was set; so does {@link #invalid}, for a value a plugin refuses. Thrown from a plugin's {@code start},
 * either stops the broker with that message.
 */
public interface Settings {

    String string(String key);

    /** A whole number that fits an {@code int}. */
    int intValue(String key);

    long longValue(String key);

    boolean bool(String key);

    /** A size in bytes: a number, or in {@code broker.conf} a number with a unit ({@code 100MiB}). */
    long bytes(String key);

    /** The failure a plugin throws for a value it refuses: it names the key, the reason and where it was set. */
    IllegalArgumentException invalid(String key, String reason);

    /**
     * Settings from a map of keys to values (strings, numbers or booleans), as a plugin's tests give them; a
     * string converts to the type asked for.
     */
    static Settings of(Map<String, ?> values) {
        return new MapSettings(values);
    }
}
