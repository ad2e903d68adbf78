package dev.ferry.benchmarks.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fills {@code __consumer_offsets} as a busy consumer group does: commits offsets of a topic's partitions over and
 * over with the real consumer, each commit carrying every partition, until the wanted number of offset records is
 * written. For the start-up benchmark in docs/perf.md ({@code benchmarks/offsets-startup.sh}).
 *
 * <p>Usage: {@code CommitOffsets <bootstrap> <records> <partitions>}.
 */
public final class CommitOffsets {

    private static final String TOPIC = "offsets-bench";
    private static final String GROUP = "offsets-bench-group";

    private CommitOffsets() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        long records = Long.parseLong(args[1]);
        int partitions = Integer.parseInt(args[2]);
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
        }
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        long started = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long commits = records / partitions;
            for (long commit = 0; commit < commits; commit++) {
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (int partition = 0; partition < partitions; partition++) {
                    offsets.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(commit));
                }
                consumer.commitSync(offsets);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("committed %d offsets (%d commits of %d partitions) in %.1f s: %.0f offsets/s%n",
                    commits * partitions, commits, partitions, seconds, commits * partitions / seconds);
        }
    }
}
