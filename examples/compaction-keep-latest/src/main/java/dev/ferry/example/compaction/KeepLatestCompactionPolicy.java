package dev.ferry.example.compaction;

import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.retention.CompactionPolicy;
import dev.ferry.spi.retention.LogRecord;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps at least the latest {@code keep.latest.values} values of each key (default 3), where Kafka's {@code compact}
 * keeps one: a topic sets {@code cleanup.policy=keep-latest} and {@code keep.latest.values=N}.
 *
 * <p>The broker accepts any text for a key a policy declares, so the value is checked here, at each cleaning: one
 * that is not a whole number from 1 up leaves the log as it is (every record stays) and logs a warning naming the
 * topic, until the topic's config is fixed.
 */
@Extension
public final class KeepLatestCompactionPolicy implements CompactionPolicy {

    static final String NAME = "keep-latest";
    static final String VALUES_TO_KEEP = "keep.latest.values";
    static final int DEFAULT_VALUES_TO_KEEP = 3;

    private static final Logger LOG = LoggerFactory.getLogger(KeepLatestCompactionPolicy.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> topicConfigKeys() {
        return Set.of(VALUES_TO_KEEP);
    }

    @Override
    public Compaction begin(CompactionContext context) {
        OptionalInt valuesToKeep = valuesToKeep(context.topicConfig());
        if (valuesToKeep.isEmpty()) {
            LOG.warn("{} sets {}={}, which is not a whole number from 1 up: this cleaning keeps every record; fix it"
                    + " with kafka-configs --alter --add-config {}=N", context.partition(), VALUES_TO_KEEP,
                    context.topicConfig().get(VALUES_TO_KEEP), VALUES_TO_KEEP);
            return new KeepEverything();
        }
        return new KeepLatestCompaction(valuesToKeep.getAsInt(), context.memoryBytes());
    }

    /** The topic's {@code keep.latest.values}, its default when unset, or empty when it is not a whole number >= 1. */
    static OptionalInt valuesToKeep(Map<String, String> topicConfig) {
        String value = topicConfig.get(VALUES_TO_KEEP);
        if (value == null) {
            return OptionalInt.of(DEFAULT_VALUES_TO_KEEP);
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            return parsed >= 1 ? OptionalInt.of(parsed) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** What a cleaning does when the topic's value is bad: nothing is dropped, so nothing is lost by a typo. */
    private static final class KeepEverything implements Compaction {

        @Override
        public boolean observe(LogRecord record) {
            return true;
        }

        @Override
        public boolean retain(LogRecord record) {
            return true;
        }
    }
}
