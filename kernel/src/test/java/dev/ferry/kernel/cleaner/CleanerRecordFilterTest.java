package dev.ferry.kernel.cleaner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.partition.ProducerLastBatch;
import dev.ferry.kernel.retention.CompactPolicy;
import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.retention.Compaction;
import dev.ferry.spi.retention.CompactionContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The second pass over batches built as producers and the transaction coordinator write them. */
class CleanerRecordFilterTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long DELETE_RETENTION_MS = 60_000;
    private static final long PRODUCER = 42;

    private final List<Long> droppedMarkers = new ArrayList<>();

    @Test
    void keepsTheLatestRecordOfEachKeyAndATombstoneUntilItsDeleteHorizon() throws Exception {
        // Given
        ByteBuffer log = concat(
                batch(0, record("a", "1"), record("b", "1")),
                batch(2, record("a", "2"), record("b", null)));

        // When
        ByteBuffer firstCleaning = clean(log, NOW, List.of(), Map.of());
        ByteBuffer beforeHorizon = clean(firstCleaning, NOW + DELETE_RETENTION_MS - 1, List.of(), Map.of());
        ByteBuffer afterHorizon = clean(firstCleaning, NOW + DELETE_RETENTION_MS, List.of(), Map.of());

        // Then
        assertEquals(List.of("2:a=2", "3:b=null"), records(firstCleaning));
        RecordBatch withTombstone = batches(firstCleaning).get(0);
        assertEquals(NOW + DELETE_RETENTION_MS, withTombstone.deleteHorizonMs().getAsLong());
        assertEquals(List.of("2:a=2", "3:b=null"), records(beforeHorizon));
        assertEquals(List.of("2:a=2"), records(afterHorizon));
    }

    @Test
    void dropsAnAbortedTransactionAndItsMarkerOnlyOnceItsBatchesAreGone() throws Exception {
        // Given
        ByteBuffer log = concat(
                transactional(0, record("a", "aborted")),
                marker(1, ControlRecordType.ABORT),
                batch(2, record("b", "1")));
        List<AbortedTransaction> aborted = List.of(new AbortedTransaction(PRODUCER, 0));

        // When: the marker may go once a cleaning finds no batch of its transaction, delete.retention.ms later
        ByteBuffer firstCleaning = clean(log, NOW, aborted, Map.of());
        ByteBuffer secondCleaning = clean(firstCleaning, NOW, aborted, Map.of());
        ByteBuffer thirdCleaning = clean(secondCleaning, NOW + DELETE_RETENTION_MS, aborted, Map.of());

        // Then
        assertEquals(List.of("1:control", "2:b=1"), records(firstCleaning));
        assertEquals(List.of("1:control", "2:b=1"), records(secondCleaning));
        assertEquals(NOW + DELETE_RETENTION_MS, batches(secondCleaning).get(0).deleteHorizonMs().getAsLong());
        assertEquals(List.of("2:b=1"), records(thirdCleaning));
        assertEquals(List.of(1L), droppedMarkers, "fetches are no longer told of the transaction once its marker goes");
    }

    @Test
    void keepsACommittedTransactionsMarkerWhileItsRecordsStay() throws Exception {
        // Given
        ByteBuffer log = concat(
                transactional(0, record("a", "committed")),
                marker(1, ControlRecordType.COMMIT));

        // When
        ByteBuffer cleaned = clean(log, NOW + 10 * DELETE_RETENTION_MS, List.of(), Map.of());

        // Then
        assertEquals(List.of("0:a=committed", "1:control"), records(cleaned));
    }

    @Test
    void keepsTheBatchAProducersStateWasLastWrittenWithEvenWhenItsRecordsGo() throws Exception {
        // Given: the producer's last batch only rewrites a key that a later batch of another writer replaces
        ByteBuffer log = concat(
                idempotent(0, record("a", "old")),
                batch(1, record("a", "new")));

        // When
        ByteBuffer cleaned = clean(log, NOW, List.of(), Map.of(PRODUCER, new ProducerLastBatch(0, (short) 0)));

        // Then
        List<RecordBatch> kept = batches(cleaned);
        assertEquals(2, kept.size());
        assertEquals(PRODUCER, kept.get(0).producerId());
        assertEquals(0, kept.get(0).countOrNull());
        assertEquals(List.of("1:a=new"), records(cleaned));
    }

    @Test
    void aCorruptBatchStopsTheCleaningBeforeAnythingIsWritten() {
        // Given: a flipped bit in the last record's value, which its batch's CRC covers
        ByteBuffer log = concat(batch(0, record("a", "1")), batch(1, record("a", "2")));
        log.put(log.limit() - 2, (byte) (log.get(log.limit() - 2) ^ 0x10));

        // When, then
        assertThrows(UnreadableBatchException.class, () -> clean(log, NOW, List.of(), Map.of()));
    }

    /** Both passes of a cleaning with the built-in compact policy. */
    private ByteBuffer clean(ByteBuffer log, long nowMs, List<AbortedTransaction> aborted,
                                    Map<Long, ProducerLastBatch> producers) throws Exception {
        Compaction compaction = new CompactPolicy().begin(new CompactionContext(new TopicPartition("t", 0), Map.of(),
                0, 1 << 20, nowMs));
        CleanedTransactions observed = new CleanedTransactions(aborted);
        for (RecordBatch batch : batches(log)) {
            if (batch.isControlBatch()) {
                observed.isDiscardableMarker(batch);
            } else if (!observed.isAborted(batch)) {
                for (Record record : batch) {
                    assertTrue(compaction.observe(new RecordView(batch, record, nowMs)));
                }
            }
        }
        CleanerRecordFilter filter = new CleanerRecordFilter(nowMs, DELETE_RETENTION_MS, compaction,
                new CleanedTransactions(aborted), producers, droppedMarkers::add);
        return filter.filter(log);
    }

    private static List<String> records(ByteBuffer buffer) {
        List<String> records = new ArrayList<>();
        for (RecordBatch batch : batches(buffer)) {
            for (Record record : batch) {
                records.add(record.offset() + ":" + (batch.isControlBatch() ? "control"
                        : text(record.key()) + "=" + (record.hasValue() ? text(record.value()) : "null")));
            }
        }
        return records;
    }

    private static List<RecordBatch> batches(ByteBuffer buffer) {
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(buffer.duplicate()).batches().forEach(batches::add);
        assertFalse(batches.isEmpty() && buffer.hasRemaining(), "unreadable batches");
        return batches;
    }

    private static SimpleRecord record(String key, String value) {
        return new SimpleRecord(NOW, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer batch(long baseOffset, SimpleRecord... records) {
        return MemoryRecords.withRecords(baseOffset, Compression.NONE, records).buffer();
    }

    private static ByteBuffer idempotent(long baseOffset, SimpleRecord... records) {
        return MemoryRecords.withIdempotentRecords(RecordBatch.CURRENT_MAGIC_VALUE, baseOffset, Compression.NONE,
                PRODUCER, (short) 0, 0, RecordBatch.NO_PARTITION_LEADER_EPOCH, records).buffer();
    }

    private static ByteBuffer transactional(long baseOffset, SimpleRecord... records) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, NOW, PRODUCER, (short) 0, 0, true,
                RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (SimpleRecord record : records) {
            builder.append(record);
        }
        return builder.build().buffer();
    }

    private static ByteBuffer marker(long offset, ControlRecordType type) {
        return MemoryRecords.withEndTransactionMarker(offset, NOW, 0, PRODUCER, (short) 0,
                new EndTransactionMarker(type, 0)).buffer();
    }

    private static ByteBuffer concat(ByteBuffer... buffers) {
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer buffer : buffers) {
            all.put(buffer.duplicate());
        }
        return all.flip();
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
