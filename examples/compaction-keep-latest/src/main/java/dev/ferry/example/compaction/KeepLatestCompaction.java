package dev.ferry.example.compaction;

import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.LogRecord;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One cleaning by {@code keep-latest}. The first pass notes, for each key of the dirty part, the offsets of its latest
 * N records; the second keeps a record unless N newer records of its key were noted, or a newer tombstone deleted
 * its key. The older part of the log, cleaned before, is not shown to the first pass: a key written fewer than N
 * times since then keeps its older values too, which is why the policy keeps "at least" N.
 *
 * <p>Tombstones (null values) count as values, with Kafka's rules on top: a tombstone that is its key's latest record
 * removes the key's older values at once (left behind, they would come back as the key's value when the tombstone
 * goes), and goes itself once {@link LogRecord#deleteHorizonPassed()}, so that consumers had
 * {@code delete.retention.ms} to see the delete.
 */
final class KeepLatestCompaction implements Compaction {

    /**
     * What a key costs besides its bytes and its offsets, roughly, on a 64-bit JVM with compressed references: the
     * copy's array header (16), the {@link ByteBuffer} around it (56), the map's entry and table slot (40) and the
     * {@link LatestOffsets} with its array header (48).
     */
    static final long BYTES_PER_KEY = 160;

    private final int valuesToKeep;
    private final long memoryBytes;
    /** By key (a copy, compared by content with the records' read-only buffers): its latest observed offsets. */
    private final Map<ByteBuffer, LatestOffsets> observed = new HashMap<>();
    private long bytesUsed;

    KeepLatestCompaction(int valuesToKeep, long memoryBytes) {
        this.valuesToKeep = valuesToKeep;
        this.memoryBytes = memoryBytes;
    }

    /** The memory a key takes in this compaction. */
    static long bytesPerKey(int keyBytes, int valuesToKeep) {
        return BYTES_PER_KEY + keyBytes + 8L * valuesToKeep;
    }

    @Override
    public boolean observe(LogRecord record) {
        ByteBuffer key = record.key();
        if (key == null) {
            return true;
        }
        LatestOffsets latest = observed.get(key);
        if (latest == null) {
            long bytes = bytesPerKey(key.remaining(), valuesToKeep);
            if (bytesUsed + bytes > memoryBytes) {
                return false;
            }
            bytesUsed += bytes;
            latest = new LatestOffsets(valuesToKeep);
            observed.put(copyOf(key), latest);
        }
        latest.add(record.offset(), record.value() == null);
        return true;
    }

    @Override
    public boolean retain(LogRecord record) {
        ByteBuffer key = record.key();
        if (key == null) {
            return true;
        }
        LatestOffsets latest = observed.get(key);
        boolean expiredTombstone = record.value() == null && record.deleteHorizonPassed();
        if (latest == null || record.offset() >= latest.newest()) {
            // the key's latest record as far as this cleaning knows (a key not written since the last cleaning keeps
            // what it has); a tombstone there goes after its delete horizon, as compact drops it
            return !expiredTombstone;
        }
        return !latest.newestIsTombstone() && latest.amongLatest(record.offset());
    }

    /** The record's buffer is only valid during the call: the map keeps its own copy. */
    private static ByteBuffer copyOf(ByteBuffer key) {
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
