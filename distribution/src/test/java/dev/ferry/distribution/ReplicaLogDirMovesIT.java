package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult.ReplicaLogDirInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin.alterReplicaLogDirs moving a partition's log between two log directories while clients use it. */
class ReplicaLogDirMovesIT {

    private static final int NODE = 1;
    private static final String TOPIC = "moving";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final TopicPartitionReplica REPLICA = new TopicPartitionReplica(TOPIC, 0, NODE);
    private static final int PREFILLED = 30_000;

    @TempDir
    Path temp;

    @Test
    void aMovedLogKeepsEveryAcknowledgedRecordThroughTheMoveAndARestart() throws Exception {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        Path config = BrokerProcess.writeConfig(temp, first, "node.id = " + NODE,
                "log.dirs = \"" + first + "," + second + "\"");
        Set<String> acknowledged = new HashSet<>();
        Path movedTo;
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            // Given
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
                    .configs(Map.of("segment.bytes", "1048576")))).all().get();
            acknowledged.addAll(prefill(broker));
            Path from = Path.of(admin.describeReplicaLogDirs(List.of(REPLICA)).all().get().get(REPLICA)
                    .getCurrentReplicaLogDir());
            Path to = from.equals(first) ? second : first;
            ContinuousProducer producer = ContinuousProducer.start(broker, TOPIC);
            Reader reader = Reader.start(broker);

            // When
            admin.alterReplicaLogDirs(Map.of(REPLICA, to.toString())).all().get();
            boolean futureSeen = hasFuture(admin.describeLogDirs(List.of(NODE)).allDescriptions().get().get(NODE)
                    .get(to.toString()));
            admin.alterReplicaLogDirs(Map.of(REPLICA, to.toString())).all().get();
            Await.until(() -> "the log still in " + from, () -> {
                ReplicaLogDirInfo info = admin.describeReplicaLogDirs(List.of(REPLICA)).all().get().get(REPLICA);
                return to.toString().equals(info.getCurrentReplicaLogDir()) && info.getFutureReplicaLogDir() == null;
            });
            Thread.sleep(500); // the producer and the reader go on with the moved log
            acknowledged.addAll(producer.stopAndAcknowledged());
            producer.close();

            // Then
            assertTrue(futureSeen, "DescribeLogDirs showed the future replica in " + to);
            Await.until(() -> "the reader got " + reader.values().size() + " of " + acknowledged.size(),
                    () -> reader.values().containsAll(acknowledged));
            reader.close();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(NODE)).allDescriptions().get()
                    .get(NODE);
            assertTrue(dirs.get(to.toString()).replicaInfos().containsKey(PARTITION), dirs.toString());
            assertFalse(dirs.get(to.toString()).replicaInfos().get(PARTITION).isFuture());
            assertFalse(dirs.get(from.toString()).replicaInfos().containsKey(PARTITION), dirs.toString());
            assertEquals(0, broker.stop());
            movedTo = to;
        }

        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
             Admin admin = Admin.create(broker.clientProperties())) {
            ReplicaLogDirInfo info = admin.describeReplicaLogDirs(List.of(REPLICA)).all().get().get(REPLICA);
            assertEquals(movedTo.toString(), info.getCurrentReplicaLogDir());
            assertNull(info.getFutureReplicaLogDir());
            Reader reader = Reader.start(broker);
            Await.until(() -> "after the restart the reader got " + reader.values().size() + " of "
                    + acknowledged.size(), () -> reader.values().containsAll(acknowledged));
            reader.close();
            assertEquals(0, broker.stop());
        }
    }

    private static boolean hasFuture(LogDirDescription directory) {
        ReplicaInfo info = directory.replicaInfos().get(PARTITION);
        return info != null && info.isFuture();
    }

    /** Writes records of a kilobyte each, so the log spans many segments and takes a while to copy. */
    private static Collection<String> prefill(BrokerProcess broker) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        List<String> values = new ArrayList<>();
        String padding = "x".repeat(1000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < PREFILLED; i++) {
                values.add("prefilled-" + i + padding);
                producer.send(new ProducerRecord<>(TOPIC, 0, null, values.get(i)));
            }
            producer.flush();
        }
        return values;
    }

    /** A consumer on its own thread reading the partition from its start, collecting every value read. */
    private static final class Reader {

        private final Set<String> values = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private Reader(KafkaConsumer<String, String> consumer) {
            thread = new Thread(() -> {
                try (consumer) {
                    consumer.assign(List.of(PARTITION));
                    consumer.seekToBeginning(List.of(PARTITION));
                    while (running.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            values.add(record.value());
                        }
                    }
                }
            }, "log-dir-move-reader");
            thread.start();
        }

        static Reader start(BrokerProcess broker) {
            Properties properties = broker.clientProperties();
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            return new Reader(new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer()));
        }

        Set<String> values() {
            return values;
        }

        void close() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
