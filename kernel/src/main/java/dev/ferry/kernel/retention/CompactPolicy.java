package dev.ferry.kernel.retention;

import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import dev.ferry.spi.retention.CompactionPolicy;
import dev.ferry.spi.retention.LogRecord;

/**
 * Kafka's {@code compact} cleanup policy: a log keeps at least the latest record of each key. A tombstone (a null
 * value) stays, as the latest of its key, until {@code delete.retention.ms} after its first cleaning; records
 * without a key go, as Kafka's cleaner drops them.
 */
public final class CompactPolicy implements CompactionPolicy {

    public static final String NAME = "compact";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Compaction begin(CompactionContext context) {
        return new LatestPerKey(new KeyOffsetMap(context.memoryBytes()));
    }

    /** The first pass maps each key to its latest offset; the second keeps a record only at that offset. */
    private record LatestPerKey(KeyOffsetMap latest) implements Compaction {

        @Override
        public boolean observe(LogRecord record) {
            return record.key() == null || latest.put(record.key(), record.offset());
        }

        @Override
        public boolean retain(LogRecord record) {
            if (record.key() == null) {
                return false;
            }
            boolean newest = record.offset() >= latest.get(record.key());
            return newest && (record.value() != null || !record.deleteHorizonPassed());
        }
    }
}
