package dev.ferry.example.compaction;

import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.retention.CompactionPolicy;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Keeps at least the latest {@code keep.latest.values} values of each key (default 3), where Kafka's {@code compact}
 * keeps one: a topic sets {@code cleanup.policy=keep-latest} and {@code keep.latest.values=N}.
 *
 * <p>The broker asks the policy to check {@code keep.latest.values} when a topic is created or altered, so a topic
 * never holds a value that is not a whole number from 1 up.
 */
@Extension
public final class KeepLatestCompactionPolicy implements CompactionPolicy {

    static final String NAME = "keep-latest";
    static final String VALUES_TO_KEEP = "keep.latest.values";
    static final int DEFAULT_VALUES_TO_KEEP = 3;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> topicConfigKeys() {
        return Set.of(VALUES_TO_KEEP);
    }

    @Override
    public void checkTopicConfig(String key, String value) {
        valuesToKeep(value);
    }

    @Override
    public Compaction begin(CompactionContext context) {
        String value = context.topicConfig().get(VALUES_TO_KEEP);
        int valuesToKeep = value == null ? DEFAULT_VALUES_TO_KEEP : valuesToKeep(value);
        return new KeepLatestCompaction(valuesToKeep, context.memoryBytes());
    }

    /**
     * A value of {@code keep.latest.values}.
     *
     * @throws IllegalArgumentException when it is not a whole number from 1 up
     */
    static int valuesToKeep(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a number of type INT");
        }
        if (parsed < 1) {
            throw new IllegalArgumentException("Value must be at least 1");
        }
        return parsed;
    }
}
