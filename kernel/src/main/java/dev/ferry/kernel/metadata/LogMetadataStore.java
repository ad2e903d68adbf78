package dev.ferry.kernel.metadata;

import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ClientQuotaAlteration;
import dev.ferry.services.security.ScramCredential;
import dev.ferry.spi.time.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata store as Kafka's KRaft keeps it, on one node: a log of metadata records in the directory
 * {@value #DIRECTORY} of the first log directory, and snapshots of the whole metadata next to it. Each change is
 * one record batch, forced to disk before the call returns, then applied in memory. Once the log written since
 * the last snapshot reaches {@code metadata.log.max.record.bytes.between.snapshots}, a snapshot is written and the
 * log before it deleted. At open: the newest snapshot, then the log after it. Thread-safe.
 */
public final class LogMetadataStore implements MetadataStore {

    /** Kafka's directory of the metadata log; not a topic, so no client sees it. */
    public static final String DIRECTORY = "__cluster_metadata-0";
    /** Kafka's broker key: the bytes of metadata log after which a snapshot is written. */
    public static final String SNAPSHOT_INTERVAL_BYTES = "metadata.log.max.record.bytes.between.snapshots";

    private static final Logger LOG = LoggerFactory.getLogger(LogMetadataStore.class);

    private final Path directory;
    private final List<Integer> replicas;
    private final long snapshotIntervalBytes;
    private final Clock clock;
    private final MetadataState state;
    private final MetadataLog log;
    private long bytesSinceSnapshot;
    private volatile MetadataImage image;

    private LogMetadataStore(Path directory, int nodeId, long snapshotIntervalBytes, Clock clock, MetadataState state,
                             MetadataLog log) {
        this.directory = directory;
        this.replicas = List.of(nodeId);
        this.snapshotIntervalBytes = snapshotIntervalBytes;
        this.clock = clock;
        this.state = state;
        this.log = log;
        this.image = state.image();
        this.bytesSinceSnapshot = log.sizeInBytes();
    }

    /**
     * Opens (creating when missing) the store in {@code <logDir>/}{@value #DIRECTORY} and recovers the metadata.
     *
     * @param nodeId this broker: the replica of every partition
     * @param snapshotIntervalBytes log bytes after which a snapshot is taken
     * @param clock the broker's, which stamps the records
     */
    public static LogMetadataStore open(Path logDir, int nodeId, long snapshotIntervalBytes, Clock clock)
            throws IOException {
        Path directory = logDir.resolve(DIRECTORY);
        MetadataState state = new MetadataState();
        Optional<MetadataSnapshots.Snapshot> snapshot = MetadataSnapshots.readNewest(directory);
        long fromOffset = snapshot.map(MetadataSnapshots.Snapshot::offset).orElse(0L);
        snapshot.ifPresent(found -> found.records().forEach(state::apply));
        long started = clock.nanoseconds();
        MetadataLog log = MetadataLog.open(directory, fromOffset, state::apply);
        LogMetadataStore store = new LogMetadataStore(directory, nodeId, snapshotIntervalBytes, clock, state, log);
        LOG.info("Loaded the metadata from {} (snapshot at offset {}, log to offset {}) in {} ms: {} topics",
                directory, fromOffset, log.nextOffset(), (clock.nanoseconds() - started) / 1_000_000,
                store.image.topics().size());
        return store;
    }

    @Override
    public MetadataImage image() {
        return image;
    }

    @Override
    public synchronized void createTopic(TopicDescription topic) throws IOException {
        if (image.topics().containsKey(topic.topicId()) || find(topic.name()).isPresent()) {
            throw new IllegalArgumentException("Topic " + topic.name() + " or its id " + topic.topicId()
                    + " exists already");
        }
        if (topic.replicationFactor() != replicas.size()) {
            throw new IllegalArgumentException("A single node keeps one replica of a partition, not "
                    + topic.replicationFactor());
        }
        List<MetadataRecord> records = new ArrayList<>();
        records.add(new MetadataRecord.Topic(topic.name(), topic.topicId()));
        records.addAll(MetadataState.configRecords(MetadataRecord.TOPIC_RESOURCE, topic.name(), Map.of(),
                topic.configs()));
        records.addAll(partitions(topic.topicId(), 0, topic.partitions()));
        write(records);
    }

    @Override
    public synchronized void deleteTopic(UUID topicId) throws IOException {
        existing(topicId);
        write(List.of(new MetadataRecord.RemoveTopic(topicId)));
    }

    @Override
    public synchronized void setPartitionCount(UUID topicId, int partitions) throws IOException {
        TopicDescription topic = existing(topicId);
        if (partitions < topic.partitions()) {
            throw new IllegalArgumentException("Topic " + topic.name() + " has " + topic.partitions()
                    + " partitions; a topic never shrinks to " + partitions);
        }
        write(partitions(topicId, topic.partitions(), partitions));
    }

    @Override
    public synchronized void setTopicConfigs(UUID topicId, Map<String, String> overrides) throws IOException {
        TopicDescription topic = existing(topicId);
        write(MetadataState.configRecords(MetadataRecord.TOPIC_RESOURCE, topic.name(), topic.configs(), overrides));
    }

    @Override
    public synchronized void setBrokerConfigs(String broker, Map<String, String> configs) throws IOException {
        write(MetadataState.configRecords(MetadataRecord.BROKER_RESOURCE, broker,
                image.brokerConfigs().getOrDefault(broker, Map.of()), configs));
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }

    private Optional<TopicDescription> find(String name) {
        return image.topics().values().stream().filter(topic -> topic.name().equals(name)).findFirst();
    }

    private TopicDescription existing(UUID topicId) {
        TopicDescription topic = image.topics().get(topicId);
        if (topic == null) {
            throw new IllegalArgumentException("No topic has the id " + topicId);
        }
        return topic;
    }

    private List<MetadataRecord> partitions(UUID topicId, int from, int to) {
        List<MetadataRecord> records = new ArrayList<>();
        for (int partition = from; partition < to; partition++) {
            records.add(new MetadataRecord.Partition(topicId, partition, replicas));
        }
        return records;
    }

    /** Appends the change durably, applies it, and takes a snapshot when enough log has been written since the last. */
    private void write(List<MetadataRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        bytesSinceSnapshot += log.append(records, clock.milliseconds());
        records.forEach(state::apply);
        image = state.image();
        if (bytesSinceSnapshot >= snapshotIntervalBytes) {
            snapshot();
        }
    }

    /** A failed snapshot fails no write: the change is durable in the log, and the next write tries again. */
    private void snapshot() {
        try {
            MetadataSnapshots.write(directory, log.nextOffset(), state.records(), clock.milliseconds());
            log.roll();
            bytesSinceSnapshot = 0;
            LOG.info("Wrote a metadata snapshot at offset {}", log.nextOffset());
        } catch (IOException e) {
            LOG.warn("Writing a metadata snapshot at offset {} failed; the log keeps every change", log.nextOffset(),
                    e);
        }
    }

    @Override
    public synchronized void setFeatureLevels(Map<String, Short> levels) throws IOException {
        List<MetadataRecord> records = new ArrayList<>();
        new TreeMap<>(levels).forEach((name, level) -> records.add(new MetadataRecord.FeatureLevel(name, level)));
        write(records);
    }

    @Override
    public synchronized void reserveProducerIds(int brokerId, long nextProducerId) throws IOException {
        write(List.of(new MetadataRecord.ProducerIds(brokerId, nextProducerId)));
    }

    @Override
    public synchronized long endOffset() {
        return log.nextOffset();
    }

    @Override
    public synchronized void alterClientQuotas(List<ClientQuotaAlteration> alterations) throws IOException {
        List<MetadataRecord> records = new ArrayList<>();
        for (ClientQuotaAlteration alteration : alterations) {
            for (ClientQuotaAlteration.Op op : alteration.ops()) {
                records.add(new MetadataRecord.ClientQuota(alteration.entity(), op.key(),
                        op.value() == null ? 0 : op.value(), op.value() == null));
            }
        }
        write(records);
    }

    @Override
    public synchronized void alterScramCredentials(Map<String, Map<String, ScramCredential>> set,
                                                   Map<String, Set<String>> removed) throws IOException {
        List<MetadataRecord> records = new ArrayList<>();
        removed.forEach((user, mechanisms) -> mechanisms.forEach(mechanism -> {
            if (!image.scramCredentials().getOrDefault(user, Map.of()).containsKey(mechanism)) {
                throw new IllegalArgumentException("User " + user + " has no " + mechanism + " credential");
            }
            records.add(new MetadataRecord.RemoveUserScramCredential(user, MetadataState.mechanismType(mechanism)));
        }));
        set.forEach((user, byMechanism) -> byMechanism.forEach((mechanism, credential) ->
                records.add(new MetadataRecord.UserScramCredential(user, MetadataState.mechanismType(mechanism),
                        credential.salt(), credential.storedKey(), credential.serverKey(), credential.iterations()))));
        write(records);
    }
}
