package dev.ferry.kernel.partition;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Checks produced batches at batch level, as Kafka's leader does: magic 2, CRC, sizes, a record count that matches
 * the offset range, and the timestamps of the header against the topic's window. Records are decoded only for a
 * compacted topic, whose records must all have a key.
 */
final class BatchValidator {

    private BatchValidator() {
    }

    static ValidatedBatches validate(TopicPartition partition, ByteBuffer buffer, AppendRules rules, long nowMs) {
        MemoryRecords records = MemoryRecords.readableRecords(buffer);
        List<MutableRecordBatch> batches = new ArrayList<>();
        int validBytes = 0;
        try {
            for (MutableRecordBatch batch : records.batches()) {
                check(batch, rules, nowMs);
                if (rules.keysRequired()) {
                    checkKeys(partition, batch);
                }
                validBytes += batch.sizeInBytes();
                batches.add(batch);
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE, e.getMessage());
        }
        if (batches.isEmpty()) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE, "No complete record batch in the request");
        }
        if (validBytes != buffer.remaining()) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE, "Record data has " + buffer.remaining()
                    + " bytes but its batches account for " + validBytes);
        }
        return new ValidatedBatches(buffer, batches);
    }

    private static void checkKeys(TopicPartition partition, MutableRecordBatch batch) {
        for (Record record : batch) {
            if (!record.hasKey()) {
                throw new BrokerException(BrokerError.INVALID_RECORD, "Compacted topic cannot accept message without"
                        + " key in topic partition " + partition + ".");
            }
        }
    }

    private static void check(MutableRecordBatch batch, AppendRules rules, long nowMs) {
        if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE,
                    "Record batch magic " + batch.magic() + " is not supported; produce magic 2");
        }
        if (batch.sizeInBytes() > rules.maxBatchBytes()) {
            throw new BrokerException(BrokerError.MESSAGE_TOO_LARGE, "The batch is " + batch.sizeInBytes()
                    + " bytes, larger than the topic's maximum of " + rules.maxBatchBytes());
        }
        batch.ensureValid();
        long countFromOffsets = batch.lastOffset() - batch.baseOffset() + 1;
        Integer count = batch.countOrNull();
        if (countFromOffsets <= 0 || count == null || count <= 0 || count != countFromOffsets) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE, "Batch record count " + count
                    + " does not match its offset range of " + countFromOffsets);
        }
        if (batch.isControlBatch()) {
            throw new BrokerException(BrokerError.CORRUPT_MESSAGE, "Clients may not write control batches");
        }
        if (batch instanceof DefaultRecordBatch v2) {
            rules.checkTimestamp(v2.baseTimestamp(), batch.baseOffset(), nowMs);
        }
        rules.checkTimestamp(batch.maxTimestamp(), batch.baseOffset(), nowMs);
    }
}
