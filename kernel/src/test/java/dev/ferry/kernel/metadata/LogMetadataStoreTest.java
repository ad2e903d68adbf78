package dev.ferry.kernel.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.quota.ClientQuotaEntity;
import dev.ferry.services.security.ScramCredential;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.record.ControlRecordUtils;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMetadataStoreTest {

    private static final int NODE = 1;
    private static final long NO_SNAPSHOTS = Long.MAX_VALUE;

    @TempDir
    Path logDir;

    private final ManualScheduler clock = new ManualScheduler();
    private final TopicDescription orders = new TopicDescription("orders", UUID.randomUUID(), 3, 1,
            Map.of("retention.ms", "1000"));
    private final TopicDescription payments = new TopicDescription("payments", UUID.randomUUID(), 1, 1, Map.of());

    @Test
    void changesAreReplayedAfterReopening() throws IOException {
        // Given
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
            store.createTopic(payments);
            store.setPartitionCount(orders.topicId(), 5);
        }

        // When
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {

            // Then
            assertEquals(Map.of(orders.topicId(), withPartitions(orders, 5), payments.topicId(), payments),
                    store.image().topics());
        }
    }

    @Test
    void topicConfigsAreSetAndDeleted() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
            store.setTopicConfigs(orders.topicId(), Map.of("cleanup.policy", "compact", "segment.bytes", "1024"));
            store.setTopicConfigs(orders.topicId(), Map.of("cleanup.policy", "compact"));
        }

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of("cleanup.policy", "compact"), store.image().topics().get(orders.topicId()).configs());
        }
    }

    @Test
    void brokerConfigsAreSetAndDeleted() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.setBrokerConfigs("", Map.of("log.retention.ms", "5000", "log.segment.bytes", "2048"));
            store.setBrokerConfigs("1", Map.of("log.retention.ms", "7000"));
            store.setBrokerConfigs("", Map.of("log.segment.bytes", "4096"));
            store.setBrokerConfigs("1", Map.of());
        }

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of("", Map.of("log.segment.bytes", "4096")), store.image().brokerConfigs());
        }
    }

    @Test
    void aRemovedTopicGoesWithItsConfigsAndItsNameCanBeReused() throws IOException {
        TopicDescription again = new TopicDescription("orders", UUID.randomUUID(), 1, 1, Map.of());
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
            store.deleteTopic(orders.topicId());
            store.createTopic(again);
        }

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of(again.topicId(), again), store.image().topics());
        }
    }

    @Test
    void aSnapshotReplacesTheLogBeforeItAndChangesAfterItAreReplayed() throws IOException {
        // Given: a snapshot after every change of more than a few bytes
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 100, clock)) {
            store.createTopic(orders);
            store.setBrokerConfigs("", Map.of("log.retention.ms", "5000"));
            store.createTopic(payments);
        }
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.setPartitionCount(payments.topicId(), 2);
        }

        // When
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {

            // Then
            assertEquals(Map.of(orders.topicId(), orders, payments.topicId(), withPartitions(payments, 2)),
                    store.image().topics());
            assertEquals(Map.of("", Map.of("log.retention.ms", "5000")), store.image().brokerConfigs());
            assertEquals(List.of("00000000000000000008-0000000000.checkpoint", "00000000000000000008.log"),
                    files());
        }
    }

    @Test
    void aTornTailIsCutOffAndWritingGoesOn() throws IOException {
        // Given: the last change was half written when the broker died
        createOrdersAndPaymentsThenDamageTheLog(channel -> channel.truncate(channel.size() - 10));

        // When
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(payments);
        }

        // Then
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of(orders.topicId(), orders, payments.topicId(), payments), store.image().topics());
        }
    }

    @Test
    void aCorruptBatchAtTheEndIsCutOff() throws IOException {
        createOrdersAndPaymentsThenDamageTheLog(
                channel -> channel.write(ByteBuffer.wrap(new byte[] {42}), channel.size() - 3));

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of(orders.topicId(), orders), store.image().topics());
        }
    }

    @Test
    void aSnapshotHasKafkasHeaderAndFooter() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 1, clock)) {
            store.createTopic(orders);
        }

        Path snapshot = logDir.resolve(LogMetadataStore.DIRECTORY).resolve("00000000000000000005-0000000000.checkpoint");
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(snapshot))).batches().forEach(batches::add);
        assertEquals(3, batches.size());
        Record header = batches.get(0).iterator().next();
        assertEquals(0, ControlRecordUtils.deserializeSnapshotHeaderRecord(header).version());
        assertEquals(0, ControlRecordUtils.deserializeSnapshotFooterRecord(batches.get(2).iterator().next()).version());
        assertEquals(5, batches.get(1).countOrNull());
    }

    @Test
    void recordsAndSnapshotsAreStampedWithTheBrokersClock() throws IOException {
        // Given
        Path directory = logDir.resolve(LogMetadataStore.DIRECTORY);
        long created = clock.milliseconds();
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
        }
        assertEquals(List.of(created), batchTimestamps(directory.resolve("00000000000000000000.log")));

        // When: an hour later, a change that takes a snapshot
        clock.advance(3_600_000);
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 1, clock)) {
            store.createTopic(payments);
        }

        // Then: header, records and footer
        assertEquals(List.of(clock.milliseconds(), clock.milliseconds(), clock.milliseconds()),
                batchTimestamps(directory.resolve("00000000000000000007-0000000000.checkpoint")));
    }

    private static List<Long> batchTimestamps(Path file) throws IOException {
        List<Long> timestamps = new ArrayList<>();
        MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(file))).batches()
                .forEach(batch -> timestamps.add(batch.maxTimestamp()));
        return timestamps;
    }

    private void createOrdersAndPaymentsThenDamageTheLog(Damage damage) throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
            store.createTopic(payments);
        }
        Path segment = logDir.resolve(LogMetadataStore.DIRECTORY).resolve("00000000000000000000.log");
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            damage.apply(channel);
        }
    }

    private interface Damage {
        void apply(FileChannel channel) throws IOException;
    }

    @Test
    void aPartialSnapshotIsIgnoredAndDeleted() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);
        }
        Path partial = logDir.resolve(LogMetadataStore.DIRECTORY)
                .resolve("00000000000000000005-0000000000.checkpoint.part");
        Files.write(partial, new byte[] {1, 2, 3});

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of(orders.topicId(), orders), store.image().topics());
            assertFalse(Files.exists(partial));
        }
    }

    @Test
    void wrongChangesAreRefusedAndWriteNothing() throws IOException {
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            store.createTopic(orders);

            assertThrows(IllegalArgumentException.class, () -> store.createTopic(orders));
            assertThrows(IllegalArgumentException.class, () -> store.setPartitionCount(orders.topicId(), 2));
            assertThrows(IllegalArgumentException.class, () -> store.deleteTopic(UUID.randomUUID()));
            assertThrows(IllegalArgumentException.class,
                    () -> store.createTopic(new TopicDescription("twice", UUID.randomUUID(), 1, 2, Map.of())));
            assertTrue(store.image().topics().containsKey(orders.topicId()));
            assertEquals(1, store.image().topics().size());
        }
    }

    @Test
    void featureLevelsSurviveASnapshotAndLevelZeroRemovesOne() throws IOException {
        // Given: a snapshot after every change
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 1, clock)) {
            store.setFeatureLevels(Map.of("metadata.version", (short) 27, "group.version", (short) 1));
            store.setFeatureLevels(Map.of("group.version", (short) 0));
        }

        // When
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {

            // Then
            assertEquals(Map.of("metadata.version", (short) 27), store.image().featureLevels());
            assertEquals(3, store.endOffset());
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(logDir.resolve(LogMetadataStore.DIRECTORY))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static TopicDescription withPartitions(TopicDescription topic, int partitions) {
        return new TopicDescription(topic.name(), topic.topicId(), partitions, topic.replicationFactor(),
                topic.configs());
    }

    @Test
    void clientQuotasAreSetRemovedAndSurviveASnapshot() throws IOException {
        ClientQuotaEntity app = ClientQuotaEntity.of(ClientQuotaEntity.CLIENT_ID, "app");
        ClientQuotaEntity defaultUser = ClientQuotaEntity.of(ClientQuotaEntity.USER, null);
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 1, clock)) {
            store.alterClientQuotas(List.of(
                    new ClientQuotaAlteration(app, List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0),
                            new ClientQuotaAlteration.Op("consumer_byte_rate", 2048.0))),
                    new ClientQuotaAlteration(defaultUser,
                            List.of(new ClientQuotaAlteration.Op("request_percentage", 50.0)))));
            store.alterClientQuotas(List.of(new ClientQuotaAlteration(app,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null)))));
        }

        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {
            assertEquals(Map.of(app, Map.of("consumer_byte_rate", 2048.0), defaultUser,
                    Map.of("request_percentage", 50.0)), store.image().clientQuotas());
        }
    }

    @Test
    void scramCredentialsAreSetRemovedAndKeptInSnapshots() throws IOException {
        // Given: a snapshot after every change
        ScramCredential alice256 = new ScramCredential(new byte[] {1}, new byte[] {2}, new byte[] {3}, 4096);
        ScramCredential alice512 = new ScramCredential(new byte[] {4}, new byte[] {5}, new byte[] {6}, 8192);
        ScramCredential bob = new ScramCredential(new byte[] {7}, new byte[] {8}, new byte[] {9}, 4096);
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, 1, clock)) {
            store.alterScramCredentials(Map.of("alice", Map.of("SCRAM-SHA-256", alice256)), Map.of());
            store.alterScramCredentials(Map.of("alice", Map.of("SCRAM-SHA-512", alice512),
                    "bob", Map.of("SCRAM-SHA-256", bob)), Map.of());
            store.alterScramCredentials(Map.of(), Map.of("alice", Set.of("SCRAM-SHA-256")));
            assertThrows(IllegalArgumentException.class,
                    () -> store.alterScramCredentials(Map.of(), Map.of("carol", Set.of("SCRAM-SHA-256"))));
        }

        // When
        try (LogMetadataStore store = LogMetadataStore.open(logDir, NODE, NO_SNAPSHOTS, clock)) {

            // Then
            Map<String, Map<String, ScramCredential>> credentials = store.image().scramCredentials();
            assertEquals(Set.of("alice", "bob"), credentials.keySet());
            assertEquals(Set.of("SCRAM-SHA-512"), credentials.get("alice").keySet());
            assertEquals(8192, credentials.get("alice").get("SCRAM-SHA-512").iterations());
            assertArrayEquals(new byte[] {5}, credentials.get("alice").get("SCRAM-SHA-512").storedKey());
            assertArrayEquals(new byte[] {9}, credentials.get("bob").get("SCRAM-SHA-256").serverKey());
            assertTrue(files().stream().anyMatch(file -> file.endsWith(".checkpoint")));
        }
    }
}
