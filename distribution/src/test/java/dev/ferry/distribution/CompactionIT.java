package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log compaction with the real clients against the distribution: a compacted topic keeps the latest record of each
 * key, tombstones go after {@code delete.retention.ms}, aborted transactions go, and the log shrinks.
 */
class CompactionIT {

    private static final int KEYS = 1_000;
    private static final int RECORDS = 100_000;
    private static final int DELETED_KEYS = 100;
    private static final long SEGMENT_MS = 2_000;
    private static final String SENTINEL = "sentinel";
    /** The least a v2 record of a 2-4 byte key and a 2-6 byte value takes in a batch: the log before cleaning. */
    private static final long MIN_RECORD_BYTES = 12;

    @RegisterExtension
    static final SharedBroker SHARED = SharedBroker.withConfig("log.cleaner.backoff.ms = 200");

    @Test
    void aConsumerFromTheStartSeesTheLatestValueOfEachLiveKeyAndNoDeletedOne() throws Exception {
        // Given
        TopicPartition partition = createCompactedTopic("latest-per-key");
        Map<String, String> latest = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer(new Properties())) {
            for (int i = 0; i < RECORDS; i++) {
                String key = "k" + (i % KEYS);
                producer.send(new ProducerRecord<>(partition.topic(), key, "v" + i));
                latest.put(key, "v" + i);
            }
            for (int i = 0; i < DELETED_KEYS; i++) {
                producer.send(new ProducerRecord<>(partition.topic(), "k" + i, null)).get();
                latest.remove("k" + i);
            }
        }

        // When
        rollTheActiveSegment(partition);
        latest.put(SENTINEL, SENTINEL);

        // Then
        awaitLatestPerKey(partition, "read_uncommitted", latest);
        long bytesLeft = PartitionFiles.segmentBytes(partitionDirectory(partition));
        assertTrue(bytesLeft * 20 < RECORDS * MIN_RECORD_BYTES, "the log holds " + bytesLeft + " bytes");
        assertEquals(0, earliestOffset(partition), "the log start stays where it was; only gaps appear");
        long firstKept = PartitionReader.readAll(SHARED.broker(), partition, "read_uncommitted").get(0).offset();
        assertEquals(firstKept, SHARED.admin().listOffsets(Map.of(partition, OffsetSpec.forTimestamp(0))).all().get()
                .get(partition).offset(), "offsetsForTimes skips the gap to the first record kept");
        PartitionFiles.verifyWithDumpLogSegments(partitionDirectory(partition));
    }

    @Test
    void recordsOfAbortedTransactionsGoAndCommittedOnesKeepTheirLatestValues() throws Exception {
        // Given: 100,000 records in transactions, a third of them aborted, then deletes committed and aborted
        TopicPartition partition = createCompactedTopic("transactions");
        Properties transactional = new Properties();
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "compacting-writer");
        Map<String, String> committed = new TreeMap<>();
        try (KafkaProducer<String, String> producer = producer(transactional)) {
            producer.initTransactions();
            int perTransaction = RECORDS / 100;
            for (int transaction = 0; transaction < 100; transaction++) {
                Map<String, String> written = new HashMap<>();
                for (int i = 0; i < perTransaction; i++) {
                    written.put("k" + ((transaction * 7 + i) % KEYS), "t" + transaction + "-" + i);
                }
                inTransaction(producer, partition, written, transaction % 3 != 2);
                if (transaction % 3 != 2) {
                    committed.putAll(written);
                }
            }
            Map<String, String> deletes = new HashMap<>();
            Map<String, String> abortedDeletes = new HashMap<>();
            for (int i = 0; i < DELETED_KEYS; i++) {
                deletes.put("k" + i, null);
                abortedDeletes.put("k" + (DELETED_KEYS + i), null);
                committed.remove("k" + i);
            }
            inTransaction(producer, partition, deletes, true);
            inTransaction(producer, partition, abortedDeletes, false);
        }

        // When
        rollTheActiveSegment(partition);
        committed.put(SENTINEL, SENTINEL);

        // Then
        awaitLatestPerKey(partition, "read_uncommitted", committed);
        assertEquals(committed, latestPerKey(PartitionReader.readAll(SHARED.broker(), partition, "read_committed")));
        PartitionFiles.verifyWithDumpLogSegments(partitionDirectory(partition));
    }

    /** Writes the records (a null value is a tombstone) in one transaction, which then commits or aborts. */
    private static void inTransaction(KafkaProducer<String, String> producer, TopicPartition partition,
                                      Map<String, String> records, boolean commit) {
        producer.beginTransaction();
        records.forEach((key, value) -> producer.send(new ProducerRecord<>(partition.topic(), key, value)));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    @Test
    void aRecordWithoutKeyIsRefusedWithKafkasErrorAndNothingOfItsBatchIsWritten() throws Exception {
        // Given
        TopicPartition partition = createCompactedTopic("keys-required");
        Properties lingering = new Properties();
        lingering.put(ProducerConfig.LINGER_MS_CONFIG, "1000");

        // When
        ExecutionException refused;
        try (KafkaProducer<String, String> producer = producer(lingering)) {
            Future<?> keyed = producer.send(new ProducerRecord<>(partition.topic(), "k", "v"));
            Future<?> keyless = producer.send(new ProducerRecord<>(partition.topic(), null, "v"));
            producer.flush();
            refused = assertThrows(ExecutionException.class, keyless::get);
            assertThrows(ExecutionException.class, keyed::get);
        }

        // Then
        assertInstanceOf(InvalidRecordException.class, refused.getCause());
        assertTrue(refused.getCause().getMessage().contains(
                "Compacted topic cannot accept message without key in topic partition keys-required-0."),
                refused.getCause().getMessage());
        assertEquals(0, SHARED.admin().listOffsets(Map.of(partition, OffsetSpec.latest())).all().get()
                .get(partition).offset());
    }

    private static TopicPartition createCompactedTopic(String name) throws Exception {
        SHARED.admin().createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "compact",
                "segment.bytes", "262144",
                "segment.ms", Long.toString(SEGMENT_MS),
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", "3000")))).all().get();
        return new TopicPartition(name, 0);
    }

    private static KafkaProducer<String, String> producer(Properties extra) {
        Properties properties = SHARED.broker().clientProperties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.putAll(extra);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /**
     * Writes one more record once {@code segment.ms} has passed since the last, so that it rolls a new active segment
     * and every record before it lies in closed segments the cleaner may take.
     */
    private static void rollTheActiveSegment(TopicPartition partition) throws Exception {
        long rollAfter = System.currentTimeMillis() + SEGMENT_MS + 100;
        Await.until(() -> "the clock did not pass " + rollAfter, () -> System.currentTimeMillis() > rollAfter);
        try (KafkaProducer<String, String> producer = producer(new Properties())) {
            producer.send(new ProducerRecord<>(partition.topic(), SENTINEL, SENTINEL)).get();
        }
    }

    private static void awaitLatestPerKey(TopicPartition partition, String isolationLevel,
                                          Map<String, String> expected) throws Exception {
        AtomicReference<List<ConsumerRecord<String, String>>> read = new AtomicReference<>(List.of());
        Await.until(() -> "expected one record per key with its latest value, read " + read.get().size()
                        + " records: " + summary(read.get()),
                () -> {
                    read.set(PartitionReader.readAll(SHARED.broker(), partition, isolationLevel));
                    return read.get().size() == expected.size() && latestPerKey(read.get()).equals(expected);
                });
    }

    private static Map<String, String> latestPerKey(List<ConsumerRecord<String, String>> records) {
        Map<String, String> latest = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else {
                latest.put(record.key(), record.value());
            }
        }
        return latest;
    }

    private static String summary(List<ConsumerRecord<String, String>> records) {
        long tombstones = records.stream().filter(record -> record.value() == null).count();
        return tombstones + " tombstones, " + latestPerKey(records).size() + " live keys";
    }

    private static long earliestOffset(TopicPartition partition) throws Exception {
        return SHARED.admin().listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition)
                .offset();
    }

    private static Path partitionDirectory(TopicPartition partition) {
        return SHARED.directory().resolve("data").resolve(partition.topic() + "-" + partition.partition());
    }
}
