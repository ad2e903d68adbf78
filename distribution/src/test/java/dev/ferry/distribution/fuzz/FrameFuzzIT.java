package dev.ferry.distribution.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.distribution.Await;
import dev.ferry.distribution.BrokerProcess;
import dev.ferry.distribution.ContinuousProducer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends at least 100,000 mutated and random frames, made from valid requests of every API the broker advertises,
 * from several connections at once, while a real producer (acks=all) and consumer keep working. Afterwards the
 * broker still serves, its heap and direct memory are back near their baseline, Netty's leak detector (PARANOID)
 * reported nothing, and every record acknowledged to the producer is consumed. Runs only under {@code -Pfuzz}.
 */
class FrameFuzzIT {

    private static final long FRAMES = 100_000;
    private static final long WARM_UP_FRAMES = 5_000;
    private static final int CLIENTS = 4;
    private static final String DATA_TOPIC = "fuzz-data";
    private static final String TARGET_TOPIC = "fuzz-target";
    /**
     * Growth allowed after the run. Heap: state the fuzzed requests may legitimately leave (groups and members
     * joined with mutated names, until their sessions expire) and GC noise. Direct: a pooled chunk or two.
     */
    private static final long HEAP_TOLERANCE_BYTES = 48L << 20;
    private static final long DIRECT_TOLERANCE_BYTES = 16L << 20;

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void badFramesBreakNothing() throws Exception {
        int jmxPort = freePort();
        Path config = BrokerProcess.writeConfig(temp, temp.resolve("data"),
                "socket.request.max.bytes = 1048576", "group.initial.rebalance.delay.ms = 0");
        try (BrokerProcess broker = BrokerProcess.start(BrokerProcess.distribution(), config,
                "-Dio.netty.leakDetection.level=PARANOID -Dio.netty.maxDirectMemory=0 "
                        + BrokerMemory.jmxOptions(jmxPort));
             Admin admin = Admin.create(broker.clientProperties());
             BrokerMemory memory = BrokerMemory.connect(jmxPort)) {
            admin.createTopics(List.of(new NewTopic(DATA_TOPIC, 3, (short) 1), new NewTopic(TARGET_TOPIC, 1,
                    (short) 1))).all().get();
            Uuid targetId = admin.describeTopics(List.of(TARGET_TOPIC)).allTopicNames().get().get(TARGET_TOPIC)
                    .topicId();
            Map<ApiKeys, short[]> advertised = SeedRequests.advertised(broker.port());
            List<SeedRequests.Seed> seeds = SeedRequests.build(advertised, TARGET_TOPIC, targetId);
            System.out.printf("fuzzing %d APIs advertised by ApiVersions with %d valid requests: %s%n",
                    advertised.size(), seeds.size(), advertised.keySet());

            Set<String> consumed = ConcurrentHashMap.newKeySet();
            Set<String> acknowledged;
            FuzzStats stats = new FuzzStats();
            BrokerMemory.Usage baseline;
            long fuzzNanos;
            try (ContinuousProducer producer = ContinuousProducer.start(broker, DATA_TOPIC);
                 BackgroundConsumer consumer = new BackgroundConsumer(broker, DATA_TOPIC, 3, consumed)) {
                fuzz(broker, seeds, new FuzzStats(), WARM_UP_FRAMES, 1);
                baseline = memory.afterGc();

                long start = System.nanoTime();
                fuzz(broker, seeds, stats, FRAMES, 2);
                fuzzNanos = System.nanoTime() - start;

                acknowledged = producer.stopAndAcknowledged();
                Await.until(() -> "acknowledged records not consumed: " + missing(acknowledged, consumed),
                        () -> consumed.containsAll(acknowledged));
            }
            assertTrue(roundTrip(broker), "a fresh producer and consumer are served after the fuzzing");
            BrokerMemory.Usage after = memory.afterGc();
            roundTrip(broker); // allocations after the GC let the leak detector report what the GC found
            Thread.sleep(1000);
            boolean leaked = broker.output().contains("LEAK:");

            System.out.printf("%s in %.1f s from %d clients at once%n", stats.report(), fuzzNanos / 1e9, CLIENTS);
            System.out.printf("broker memory after GC: baseline (after %d warm-up frames) %s, after the run %s%n",
                    WARM_UP_FRAMES, baseline, after);
            System.out.printf("records acknowledged to the producer (acks=all): %d, consumed: %d%n",
                    acknowledged.size(), consumed.size());
            System.out.printf("Netty leak reports (LEAK:): %s%n", leaked ? "yes" : "none");

            assertTrue(stats.total() >= FRAMES);
            assertTrue(acknowledged.size() > 0, "the producer was served during the fuzzing");
            assertTrue(consumed.containsAll(acknowledged));
            assertTrue(after.heapBytes() <= baseline.heapBytes() + HEAP_TOLERANCE_BYTES, "heap " + after);
            assertTrue(after.directBytes() <= baseline.directBytes() + DIRECT_TOLERANCE_BYTES, "direct " + after);
            assertFalse(leaked, broker.output());
            assertEquals(0, broker.stop());
        }
    }

    private static void fuzz(BrokerProcess broker, List<SeedRequests.Seed> seeds, FuzzStats stats, long frames,
                             long runSeed) throws InterruptedException {
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(new FuzzClient(broker.port(), seeds, runSeed * 100 + i, stats, frames),
                    "fuzz-client-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    /** A new topic, a new producer (acks=all) and a new consumer: one record there and back. */
    private static boolean roundTrip(BrokerProcess broker) throws Exception {
        String topic = "after-fuzz-" + System.nanoTime();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties producerProperties = broker.clientProperties();
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "still", "serving")).get();
        }
        Set<String> values = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = BackgroundConsumer.consumer(broker)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values.contains("serving");
    }

    private static Set<String> missing(Set<String> acknowledged, Set<String> consumed) {
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(consumed);
        return missing.size() > 20 ? Set.of(missing.size() + " records") : missing;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A real consumer reading every partition of a topic from the start, on its own thread, until closed. */
    private static final class BackgroundConsumer implements AutoCloseable {

        private final Thread thread;
        private volatile boolean running = true;

        BackgroundConsumer(BrokerProcess broker, String topic, int partitions, Set<String> consumed) {
            thread = new Thread(() -> {
                try (KafkaConsumer<String, String> consumer = consumer(broker)) {
                    List<TopicPartition> assigned = new ArrayList<>();
                    for (int i = 0; i < partitions; i++) {
                        assigned.add(new TopicPartition(topic, i));
                    }
                    consumer.assign(assigned);
                    consumer.seekToBeginning(assigned);
                    while (running) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            consumed.add(record.value());
                        }
                    }
                }
            }, "fuzz-consumer");
            thread.start();
        }

        static KafkaConsumer<String, String> consumer(BrokerProcess broker) {
            Properties properties = broker.clientProperties();
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
