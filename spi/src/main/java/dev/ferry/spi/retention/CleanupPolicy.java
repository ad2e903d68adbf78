package dev.ferry.spi.retention;

import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * What every policy a topic names in {@code cleanup.policy} has: a {@link RetentionPolicy} deletes old segments, a
 * {@link CompactionPolicy} rewrites them. Implement one of those two, not this.
 */
public interface CleanupPolicy extends ExtensionPoint {

    /** The name topics use in {@code cleanup.policy}, for example {@code delete} or {@code compact}. */
    String name();

    /**
     * The topic config keys this policy reads beyond Kafka's own, so that topics may set them. Kafka's keys
     * ({@code retention.ms}, {@code delete.retention.ms}...) are always allowed.
     */
    default Set<String> topicConfigKeys() {
        return Set.of();
    }

    /**
     * Checks a value of one of {@link #topicConfigKeys()} when a topic is created or its configs change, so that a
     * bad value is refused there with Kafka's {@code INVALID_CONFIG} instead of being met by a later cleaning. The
     * default takes any value.
     *
     * @throws IllegalArgumentException saying why the value is refused, in words that follow "Invalid value v for
     *     configuration k: "
     */
    default void checkTopicConfig(String key, String value) {
    }
}
