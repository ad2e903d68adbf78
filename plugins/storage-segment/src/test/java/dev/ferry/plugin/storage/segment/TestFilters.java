package dev.ferry.plugin.storage.segment;

import dev.ferry.spi.storage.BatchFilter;
import dev.ferry.spi.storage.PartitionLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.Utils;

/** Batch filters built as the broker's log cleaner builds its own, on kafka-clients' {@code MemoryRecords.filterTo}. */
final class TestFilters {

    private TestFilters() {
    }

    /** A record as a test compares it. */
    record KeyedRecord(long offset, String key, String value, long timestamp) {
    }

    /**
     * Kafka's compaction: of the records below {@code endOffset}, keeps the latest of each key, as the cleaner's
     * offset map (built here by reading the log) says.
     */
    static BatchFilter keepLatestPerKey(PartitionLog log, long endOffset) throws IOException {
        Map<String, Long> latest = new HashMap<>();
        for (KeyedRecord record : records(log)) {
            if (record.offset() < endOffset) {
                latest.put(record.key(), record.offset());
            }
        }
        return keepRecords(record -> Long.valueOf(record.offset()).equals(latest.get(Utils.utf8(record.key()))));
    }

    /** Keeps the records {@code kept} accepts; a batch left without records goes. */
    static BatchFilter keepRecords(Predicate<Record> kept) {
        MemoryRecords.RecordFilter filter = new MemoryRecords.RecordFilter(0, 0) {
            @Override
            protected BatchRetentionResult checkBatchRetention(RecordBatch batch) {
                return new BatchRetentionResult(BatchRetention.DELETE_EMPTY, false);
            }

            @Override
            protected boolean shouldRetainRecord(RecordBatch batch, Record record) {
                return kept.test(record);
            }
        };
        return batches -> {
            MemoryRecords.FilterResult result = MemoryRecords.readableRecords(batches)
                    .filterTo(filter, ByteBuffer.allocate(batches.remaining()), BufferSupplier.NO_CACHING);
            return result.outputBuffer().flip();
        };
    }

    /** Every record of the log, in order. */
    static List<KeyedRecord> records(PartitionLog log) throws IOException {
        return recordsOf(TestLogs.readAll(log));
    }

    /** Every record of the batches, in order. */
    static List<KeyedRecord> recordsOf(byte[] batches) {
        List<KeyedRecord> records = new ArrayList<>();
        for (RecordBatch batch : Batches.batchesOf(batches)) {
            for (Record record : batch) {
                records.add(new KeyedRecord(record.offset(), Utils.utf8(record.key()), Utils.utf8(record.value()),
                        record.timestamp()));
            }
        }
        return records;
    }
}
