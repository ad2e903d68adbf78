package dev.ferry.services.config;

/**
 * A key that sets a config, with the value it holds there: the topic key itself, or the broker key it defaults to.
 *
 * @param value {@code null} when sensitive
 */
public record ConfigSynonym(String name, String value, ConfigSource source) {
}
