package dev.ferry.coordinator.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.services.broker.ProducerIdAndEpoch;
import dev.ferry.services.broker.TransactionState;
import dev.ferry.spi.TopicPartition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogKey;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our records against Apache Kafka's own generated classes of {@code __transaction_state} (its 4.1 jar). */
class TransactionLogRecordsTest {

    private static final long STARTED = 1_700_000_000_000L;
    private static final long UPDATED = STARTED + 5_000;

    @Test
    void ourKeyIsKafkasTransactionLogKeyVersion0() {
        // When
        ByteBuffer ours = TransactionLogRecords.key("payments");

        // Then
        ByteBuffer kafkas = MessageUtil.toVersionPrefixedByteBuffer((short) 0,
                new TransactionLogKey().setTransactionalId("payments"));
        assertEquals(kafkas, ours);
        assertEquals("payments", TransactionLogRecords.transactionalId(kafkas));
    }

    @Test
    void kafkaReadsOurOngoingTransaction() {
        // Given
        TransactionMetadata ongoing = metadata(TransactionState.ONGOING, Set.of(new TopicPartition("orders", 3),
                new TopicPartition("orders", 1), new TopicPartition("audit", 0)), STARTED);

        // When
        ByteBuffer value = TransactionLogRecords.value(ongoing);

        // Then
        assertEquals(0, value.duplicate().getShort());
        assertEquals(new TransactionLogValue()
                        .setProducerId(4000)
                        .setProducerEpoch((short) 7)
                        .setTransactionTimeoutMs(60_000)
                        .setTransactionStatus((byte) 1)
                        .setTransactionPartitions(List.of(
                                new TransactionLogValue.PartitionsSchema().setTopic("audit").setPartitionIds(List.of(0)),
                                new TransactionLogValue.PartitionsSchema().setTopic("orders")
                                        .setPartitionIds(List.of(1, 3))))
                        .setTransactionLastUpdateTimestampMs(UPDATED)
                        .setTransactionStartTimestampMs(STARTED),
                kafkaValue(value));
    }

    @Test
    void kafkaReadsNoPartitionsAtAllInEmpty() {
        ByteBuffer value = TransactionLogRecords.value(metadata(TransactionState.EMPTY, Set.of(), -1));

        assertNull(kafkaValue(value).transactionPartitions());
    }

    @Test
    void weReadKafkasPrepareCommit() {
        // Given
        TransactionLogValue kafkas = new TransactionLogValue()
                .setProducerId(4000)
                .setProducerEpoch((short) 7)
                .setTransactionTimeoutMs(60_000)
                .setTransactionStatus((byte) 2)
                .setTransactionPartitions(List.of(new TransactionLogValue.PartitionsSchema().setTopic("orders")
                        .setPartitionIds(List.of(1, 3))))
                .setTransactionLastUpdateTimestampMs(UPDATED)
                .setTransactionStartTimestampMs(STARTED);

        // When
        Optional<TransactionMetadata> read = TransactionLogRecords.metadata(
                MessageUtil.toVersionPrefixedByteBuffer((short) 0, kafkas));

        // Then
        assertEquals(Optional.of(metadata(TransactionState.PREPARE_COMMIT,
                Set.of(new TopicPartition("orders", 1), new TopicPartition("orders", 3)), STARTED)), read);
    }

    @ParameterizedTest
    @EnumSource(value = TransactionState.class, mode = EnumSource.Mode.EXCLUDE, names = "DEAD")
    void ourStatusByteIsKafkasForEveryState(TransactionState state) {
        // When
        TransactionLogValue read = kafkaValue(TransactionLogRecords.value(metadata(state, Set.of(), -1)));

        // Then
        assertEquals(state.kafkaName(),
                org.apache.kafka.coordinator.transaction.TransactionState.fromId(read.transactionStatus()).stateName());
    }

    @Test
    void anExpiredIdIsWrittenAsATombstoneAndReadBackAsOne() {
        // When
        ByteBuffer batch = TransactionLogRecords.CODEC.batch(List.of(new TransactionRecord.Tombstone("payments")),
                UPDATED, ProducerIdAndEpoch.NONE);

        // Then
        Record written = MemoryRecords.readableRecords(batch).records().iterator().next();
        assertNull(written.value());
        assertEquals(Optional.of(new TransactionRecord.Tombstone("payments")),
                TransactionLogRecords.CODEC.decode(written.key(), written.value()));
    }

    @Test
    void refusesValuesOfAnotherVersionAndMalformedKeys() {
        ByteBuffer flexible = MessageUtil.toVersionPrefixedByteBuffer((short) 1, new TransactionLogValue()
                .setTransactionStatus((byte) 0));

        assertThrows(IllegalArgumentException.class, () -> TransactionLogRecords.metadata(flexible));
        assertThrows(IllegalArgumentException.class,
                () -> TransactionLogRecords.transactionalId(ByteBuffer.wrap(new byte[] {0, 0, 0, 9, 'x'})));
    }

    private static TransactionMetadata metadata(TransactionState state, Set<TopicPartition> partitions,
                                                long startedMs) {
        return new TransactionMetadata(4000, (short) 7, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH,
                60_000, state, partitions, startedMs, UPDATED);
    }

    private static TransactionLogValue kafkaValue(ByteBuffer value) {
        ByteBuffer bytes = value.duplicate();
        short version = bytes.getShort();
        return new TransactionLogValue(new ByteBufferAccessor(bytes), version);
    }
}
