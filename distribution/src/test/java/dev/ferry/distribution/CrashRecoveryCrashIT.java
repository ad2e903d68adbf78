package dev.ferry.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise under a crash: a broker killed with SIGKILL while a producer writes (acks=1) comes back
 * with every acknowledged record at its acknowledged offset, offsets without gaps and no corrupt batch.
 * Several rounds kill the broker at random moments; the data directory accumulates across rounds.
 *
 * <p>Runs only under the {@code crash} Maven profile ({@code mvn -Pcrash -pl distribution verify}).
 */
class CrashRecoveryCrashIT {

    private static final String TOPIC = "crash";
    private static final int PARTITIONS = 3;
    private static final int ROUNDS = 4;
    private static final int MIN_KILL_MILLIS = 2_000;
    private static final int MAX_KILL_MILLIS = 5_000;
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void everyAcknowledgedRecordSurvivesSigkillAtItsOffset() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("crash test seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"));
        Acknowledged acknowledged = new Acknowledged(PARTITIONS);
        long nextSequence = 0;

        BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config);
        try {
            try (Admin admin = Admin.create(broker.clientProperties())) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
            }
            for (int round = 1; round <= ROUNDS; round++) {
                // Given
                int killAfterMillis = MIN_KILL_MILLIS + random.nextInt(MAX_KILL_MILLIS - MIN_KILL_MILLIS + 1);
                long acknowledgedBefore = acknowledged.count();

                // When
                Production production = produceUntilKilled(broker, nextSequence, killAfterMillis, acknowledged);
                nextSequence = production.nextSequence();
                broker = BrokerProcess.start(BrokerProcess.distribution(), config);

                // Then
                ReadBack read;
                try {
                    read = readBackAndCheck(broker, acknowledged);
                } catch (AssertionError e) {
                    throw new AssertionError("crash round " + round + " (killed after " + killAfterMillis + " ms, "
                            + acknowledged.count() + " records acknowledged in all): " + e.getMessage(), e);
                }
                System.out.printf("crash round %d: killed after %d ms (exit %d); sent %d, acknowledged %d this round"
                                + " (%d when killed), %d in all; read back %d records (end offsets %s); %s%n",
                        round, killAfterMillis, production.exitCode(), production.sent(),
                        acknowledged.count() - acknowledgedBefore, production.acknowledgedAtKill() - acknowledgedBefore,
                        acknowledged.count(), read.records(), Arrays.toString(read.endOffsets()),
                        recoveryLines(broker.output()));
                assertEquals(List.of(), acknowledged.conflicts(), "offsets acknowledged twice");
                assertEquals(137, production.exitCode(), "exit code of a broker killed with SIGKILL");
                assertTrue(production.acknowledgedAtKill() > acknowledgedBefore,
                        "round " + round + ": the producer had records acknowledged before the kill");
            }
            assertEquals(0, broker.stop(), "exit code after SIGTERM");
        } finally {
            broker.close();
        }
    }

    /** Sends from a thread of its own until the broker is killed, {@code killAfterMillis} after the first send. */
    private static Production produceUntilKilled(BrokerProcess broker, long firstSequence, int killAfterMillis,
                                                 Acknowledged acknowledged) throws Exception {
        Properties properties = broker.clientProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong next = new AtomicLong(firstSequence);
        AtomicLong failed = new AtomicLong();
        Thread sender = new Thread(() -> {
            while (!stop.get()) {
                long sequence = next.getAndIncrement();
                producer.send(new ProducerRecord<>(TOPIC, key(sequence), value(sequence)), (metadata, e) -> {
                    if (e == null) {
                        acknowledged.put(metadata.partition(), metadata.offset(), sequence);
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        }, "crash-producer");
        int exitCode;
        long acknowledgedAtKill;
        try {
            sender.start();
            Thread.sleep(killAfterMillis);
            exitCode = broker.kill();
            acknowledgedAtKill = acknowledged.count();
            Thread.sleep(200); // the producer goes on sending into the dead broker for a moment
        } finally {
            stop.set(true);
            sender.join();
            producer.close(PRODUCER_CLOSE_TIMEOUT);
        }
        return new Production(next.get(), next.get() - firstSequence, acknowledgedAtKill, exitCode);
    }

    /**
     * Reads every partition from offset 0 to its end offset and checks it against what was acknowledged. The
     * consumer checks each batch's CRC ({@code check.crcs}, on by default) and fails the poll on a corrupt one.
     */
    private static ReadBack readBackAndCheck(BrokerProcess broker, Acknowledged acknowledged) {
        Properties properties = broker.clientProperties();
        properties.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long records = 0;
        long[] endOffsets = new long[PARTITIONS];
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                endOffsets[partition.partition()] = ends.get(partition);
                long lastAcknowledged = acknowledged.lastOffset(partition.partition());
                assertTrue(endOffsets[partition.partition()] > lastAcknowledged, partition + " ends at offset "
                        + endOffsets[partition.partition()] + " after the restart, but offset " + lastAcknowledged
                        + " was acknowledged");
            }
            consumer.assign(partitions);
            partitions.forEach(partition -> consumer.seek(partition, 0));
            long[] expectedOffset = new long[PARTITIONS];
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!Arrays.equals(expectedOffset, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    fail("Read stuck at offsets " + Arrays.toString(expectedOffset) + " of end offsets "
                            + Arrays.toString(endOffsets) + " after " + READ_TIMEOUT);
                }
                ConsumerRecords<String, String> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(500));
                } catch (KafkaException e) {
                    throw new AssertionError("Unreadable (corrupt?) batch after offsets "
                            + Arrays.toString(expectedOffset) + ": " + e, e);
                }
                for (ConsumerRecord<String, String> record : polled) {
                    int partition = record.partition();
                    if (record.offset() >= endOffsets[partition]) {
                        continue; // past the end offsets taken before reading: nothing is produced now, but be exact
                    }
                    assertEquals(expectedOffset[partition], record.offset(), "offsets of partition " + partition
                            + " run from 0 without gaps");
                    long sequence = acknowledged.sequenceAt(partition, record.offset());
                    if (sequence >= 0) {
                        assertEquals(key(sequence), record.key(), "key at acknowledged " + partition + "@"
                                + record.offset());
                        assertEquals(value(sequence), record.value(), "value at acknowledged " + partition + "@"
                                + record.offset());
                    } else {
                        // written but never acknowledged: it may be there, and then it is whole
                        long written = sequenceOf(record.value());
                        assertEquals(value(written), record.value(), "unacknowledged record at " + partition + "@"
                                + record.offset());
                    }
                    expectedOffset[partition]++;
                    records++;
                }
            }
        }
        return new ReadBack(records, endOffsets);
    }

    /** What the restarted broker said about recovering its logs (torn batches cut off at the end of a log). */
    private static String recoveryLines(String brokerOutput) {
        List<String> lines = brokerOutput.lines().filter(line -> line.toLowerCase(Locale.ROOT).contains("recover"))
                .toList();
        return lines.isEmpty() ? "no recovery lines in the broker output" : "broker: " + String.join(" | ", lines);
    }

    private static String key(long sequence) {
        return "key-" + (sequence % 997);
    }

    private static String value(long sequence) {
        return sequence + ":" + "v".repeat((int) (sequence % 64));
    }

    private static long sequenceOf(String value) {
        return Long.parseLong(value.substring(0, value.indexOf(':')));
    }

    private record Production(long nextSequence, long sent, long acknowledgedAtKill, int exitCode) {
    }

    private record ReadBack(long records, long[] endOffsets) {
    }

    /**
     * Every acknowledged record of every round: per partition, the sequence number (hence the key and value) at
     * each acknowledged offset, -1 where none was acknowledged.
     */
    private static final class Acknowledged {

        private final long[][] sequences;
        private final long[] lastOffsets;
        private final List<String> conflicts = new ArrayList<>();
        private long count;

        Acknowledged(int partitions) {
            sequences = new long[partitions][];
            lastOffsets = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                sequences[p] = new long[0];
                lastOffsets[p] = -1;
            }
        }

        synchronized void put(int partition, long offset, long sequence) {
            long[] bySequence = sequences[partition];
            if (offset >= bySequence.length) {
                int length = (int) Math.max(offset + 1, bySequence.length * 2L);
                long[] grown = Arrays.copyOf(bySequence, Math.max(length, 1024));
                Arrays.fill(grown, bySequence.length, grown.length, -1);
                sequences[partition] = grown;
                bySequence = grown;
            }
            if (bySequence[(int) offset] >= 0) {
                conflicts.add(partition + "@" + offset + " for records " + bySequence[(int) offset] + " and " + sequence);
                return;
            }
            bySequence[(int) offset] = sequence;
            lastOffsets[partition] = Math.max(lastOffsets[partition], offset);
            count++;
        }

        synchronized long sequenceAt(int partition, long offset) {
            long[] bySequence = sequences[partition];
            return offset < bySequence.length ? bySequence[(int) offset] : -1;
        }

        synchronized long lastOffset(int partition) {
            return lastOffsets[partition];
        }

        /** Offsets the broker acknowledged twice, for different records. */
        synchronized List<String> conflicts() {
            return List.copyOf(conflicts);
        }

        synchronized long count() {
            return count;
        }
    }
}
