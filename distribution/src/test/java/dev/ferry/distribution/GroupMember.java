package dev.ferry.distribution;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of a group on its own thread, as an application writes one: it processes what each poll returns,
 * commits synchronously after each poll and, for the partitions it gives up, in its revoke callback. What it
 * processed and what it owns are published for the test to read.
 */
final class GroupMember implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Collection<ConsumerRecord<String, String>> processed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Set<TopicPartition> owned = Set.of();
    private volatile Throwable failure;

    private GroupMember(KafkaConsumer<String, String> consumer, String topic,
                        Collection<ConsumerRecord<String, String>> processed) {
        this.consumer = consumer;
        this.processed = processed;
        this.thread = new Thread(() -> run(topic), "group-member");
        thread.start();
    }

    /**
     * Starts a member.
     *
     * @param settings consumer settings beyond the bootstrap servers, group and deserializers: the group protocol
     *     and the assignor, for example
     * @param processed where every record the member processes is added, shared between members
     */
    static GroupMember start(String bootstrapServers, String group, String topic, Map<String, String> settings,
                             Collection<ConsumerRecord<String, String>> processed) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.putAll(settings);
        return new GroupMember(new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer()),
                topic, processed);
    }

    static Collection<ConsumerRecord<String, String>> sharedLog() {
        return new ConcurrentLinkedQueue<>();
    }

    Set<TopicPartition> owned() {
        if (failure != null) {
            throw new AssertionError("The member failed: " + failure, failure);
        }
        return owned;
    }

    private void run(String topic) {
        try {
            consumer.subscribe(List.of(topic), new CommitOnRevoke());
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    processed.add(record);
                }
                owned = Set.copyOf(consumer.assignment());
                commit();
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            consumer.close(); // leaves the group; everything processed is committed already
        }
    }

    private void commit() {
        try {
            consumer.commitSync();
        } catch (RebalanceInProgressException | CommitFailedException e) {
            // A rebalance started (classic), or a heartbeat moved the member to a new epoch while the commit was on
            // its way (consumer protocol; Kafka answers STALE_MEMBER_EPOCH then too). Either way the revoke
            // callback commits the partitions this member gives up.
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(60));
        if (failure != null) {
            throw new AssertionError("The member failed: " + failure, failure);
        }
    }

    private final class CommitOnRevoke implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (TopicPartition partition : partitions) {
                positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
            consumer.commitSync(positions);
            owned = Set.copyOf(consumer.assignment());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            owned = Set.copyOf(consumer.assignment());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned = Set.copyOf(consumer.assignment());
        }
    }
}
