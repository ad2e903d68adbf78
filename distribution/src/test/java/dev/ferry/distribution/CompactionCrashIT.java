package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction under a crash: a broker whose cleaner keeps rewriting the segments of a busy compacted topic is killed
 * with SIGKILL at random moments, several times; after each restart the latest value of every key acknowledged
 * before the kill is there, no half-swapped file is left, and Kafka's DumpLogSegments reads every segment.
 *
 * <p>Runs only under the {@code crash} Maven profile ({@code mvn -Pcrash -pl distribution verify}).
 */
class CompactionCrashIT {

    private static final String TOPIC = "compacted-crash";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final int KEYS = 500;
    private static final int ROUNDS = 4;
    private static final int MIN_KILL_MILLIS = 3_000;
    private static final int MAX_KILL_MILLIS = 6_000;

    @TempDir
    Path temp;

    @Test
    void theLatestAcknowledgedValueOfEveryKeySurvivesSigkillDuringCleaning() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("compaction crash test seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        Path data = temp.resolve("data");
        Path config = BrokerProcess.writeConfig(temp, data, "log.cleaner.backoff.ms = 50");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        long nextSequence = 0;
        int cleanings = 0;

        BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
        try {
            createTopic(broker);
            for (int round = 1; round <= ROUNDS; round++) {
                // Given
                int killAfterMillis = MIN_KILL_MILLIS + random.nextInt(MAX_KILL_MILLIS - MIN_KILL_MILLIS + 1);

                // When
                nextSequence = produceUntilKilled(broker, nextSequence, killAfterMillis, acknowledged);
                cleanings += count(broker.output(), "Cleaned log " + TOPIC + "-0");
                broker = BrokerProcess.start(BrokerProcess.distribution(), config);

                // Then
                Path directory = data.resolve(TOPIC + "-0");
                assertEquals(List.of(), leftovers(directory), "round " + round + ": files of an unfinished swap");
                Map<String, Long> latest = latestPerKey(PartitionReader.readAll(broker, PARTITION,
                        "read_uncommitted"));
                for (Map.Entry<String, Long> acked : acknowledged.entrySet()) {
                    Long read = latest.get(acked.getKey());
                    assertTrue(read != null && read >= acked.getValue(), "round " + round + ": " + acked.getKey()
                            + " was acknowledged with value " + acked.getValue() + " but reads " + read);
                }
                PartitionFiles.verifyWithDumpLogSegments(directory);
                System.out.printf("compaction crash round %d: killed after %d ms; %d keys acknowledged, %d segments,"
                                + " %d cleanings so far; %s%n", round, killAfterMillis, acknowledged.size(),
                        PartitionFiles.segments(directory).size(), cleanings, swapLines(broker.output()));
            }
            assertTrue(cleanings > ROUNDS, "the cleaner ran while the broker was killed: " + cleanings);
            assertEquals(0, broker.stop(), "exit code after SIGTERM");
        } finally {
            broker.close();
        }
    }

    private static void createTopic(BrokerProcess broker) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1).configs(Map.of(
                    "cleanup.policy", "compact",
                    "segment.bytes", "65536",
                    "min.cleanable.dirty.ratio", "0.01",
                    "delete.retention.ms", "1000")))).all().get();
        }
    }

    /** Sends keyed values from a thread of its own until the broker is killed; returns the next sequence. */
    private static long produceUntilKilled(BrokerProcess broker, long firstSequence, int killAfterMillis,
                                           Map<String, Long> acknowledged) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        AtomicBoolean stop = new AtomicBoolean();
        long[] next = {firstSequence};
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            Thread sender = new Thread(() -> {
                while (!stop.get()) {
                    long sequence = next[0]++;
                    String key = "key-" + (sequence % KEYS);
                    producer.send(new ProducerRecord<>(TOPIC, key, Long.toString(sequence)), (metadata, e) -> {
                        if (e == null) {
                            acknowledged.merge(key, sequence, Math::max);
                        }
                    });
                }
            }, "compaction-crash-producer");
            sender.start();
            Thread.sleep(killAfterMillis);
            assertEquals(137, broker.kill(), "exit code of a broker killed with SIGKILL");
            stop.set(true);
            sender.join();
            producer.close(java.time.Duration.ofSeconds(2));
        }
        return next[0];
    }

    private static Map<String, Long> latestPerKey(List<ConsumerRecord<String, String>> records) {
        Map<String, Long> latest = new ConcurrentHashMap<>();
        records.forEach(record -> latest.put(record.key(), Long.parseLong(record.value())));
        return latest;
    }

    private static List<Path> leftovers(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".cleaned") || file.toString().endsWith(".swap"))
                    .toList();
        }
    }

    private static int count(String output, String text) {
        return (int) output.lines().filter(line -> line.contains(text)).count();
    }

    private static String swapLines(String output) {
        List<String> lines = output.lines().filter(line -> line.contains("swap")).toList();
        return lines.isEmpty() ? "no interrupted swap at start" : "broker: " + String.join(" | ", lines);
    }
}
