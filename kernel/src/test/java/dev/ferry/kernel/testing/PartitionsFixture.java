package dev.ferry.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.ferry.kernel.BrokerConfig;
import dev.ferry.kernel.partition.PartitionManager;
import dev.ferry.kernel.plugin.LoadedExtension;
import dev.ferry.plugin.storage.segment.SegmentStorageEngine;
import dev.ferry.services.broker.Acks;
import dev.ferry.services.broker.AppendResult;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import dev.ferry.spi.time.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.record.TimestampType;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginWrapper;

/**
 * A partition manager over the segment storage engine in a test's directories, on a hand-moved clock: the broker's
 * timers, the delayed fetches and the engine's background work run when the test moves {@link #scheduler}. Batches
 * are built as a producer sends them, timestamped by that clock.
 */
public final class PartitionsFixture implements AutoCloseable {

    public static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    public static final long MAX_WAIT_MS = 500;
    private static final long POLL_TIMEOUT_MS = 30_000;

    public final ManualScheduler scheduler = new ManualScheduler();
    public final PartitionManager partitions;
    private final SegmentStorageEngine engine = new SegmentStorageEngine();

    public PartitionsFixture(Path... logDirs) throws IOException {
        engine.start(new StorageContext(List.of(logDirs), Settings.of(Map.of()), scheduler));
        BrokerConfig defaults = BrokerConfig.from(ConfigFactory.defaultReference());
        partitions = new PartitionManager(storage(engine), defaults.topicDefaults(), List.of(logDirs), scheduler,
                Executors.newFixedThreadPool(2));
    }

    private static LoadedExtension<StorageEngine> storage(StorageEngine engine) {
        // id, description, class, version, requires, provider, license
        DefaultPluginDescriptor descriptor = new DefaultPluginDescriptor("storage-segment", "", null, "1.0.0", "*",
                "", "");
        return new LoadedExtension<>(engine, new PluginWrapper(new DefaultPluginManager(Path.of("no-plugins-here")),
                descriptor, Path.of("storage-segment"), PartitionsFixture.class.getClassLoader()));
    }

    /** Opens the one partition of {@link #ORDERS}'s topic, with these config overrides. */
    public void openOrders(Map<String, String> configs) throws IOException {
        partitions.openTopic(new TopicDescription(ORDERS.topic(), UUID.randomUUID(), 1, 1, configs));
    }

    public AppendResult append(ByteBuffer records) {
        return append(records, Optional.empty());
    }

    public AppendResult append(ByteBuffer records, Optional<String> transactionalId) {
        return partitions.append(ORDERS, records, Acks.LEADER, transactionalId).join();
    }

    /** A fetch of {@link #ORDERS} from {@code offset}, waiting up to {@link #MAX_WAIT_MS} for one byte. */
    public CompletableFuture<List<FetchedPartition>> fetch(long offset, boolean readCommitted) {
        return fetch(offset, readCommitted, 1);
    }

    /** A fetch of {@link #ORDERS} from {@code offset}, waiting up to {@link #MAX_WAIT_MS} for {@code minBytes}. */
    public CompletableFuture<List<FetchedPartition>> fetch(long offset, boolean readCommitted, int minBytes) {
        return partitions.fetch(new FetchQuery(List.of(new FetchQuery.PartitionRead(ORDERS, offset, 1 << 20)),
                minBytes, 1 << 20, MAX_WAIT_MS, readCommitted));
    }

    /** Plain records, as a producer without idempotence sends them, timestamped now. */
    public ByteBuffer records(String... values) {
        return batch(RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE, false,
                scheduler.milliseconds(), values);
    }

    /** Records of an idempotent producer, timestamped now. */
    public ByteBuffer idempotent(long producerId, int baseSequence, String... values) {
        return batch(producerId, (short) 0, baseSequence, false, scheduler.milliseconds(), values);
    }

    /** Records of a transactional producer, timestamped now. */
    public ByteBuffer transactional(long producerId, int baseSequence, String... values) {
        return batch(producerId, (short) 0, baseSequence, true, scheduler.milliseconds(), values);
    }

    public static ByteBuffer batch(long producerId, short epoch, int baseSequence, boolean transactional, long timestamp,
                            String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.CURRENT_MAGIC_VALUE,
                Compression.NONE, TimestampType.CREATE_TIME, 0, timestamp, producerId, epoch, baseSequence,
                transactional, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        for (String value : values) {
            builder.append(new SimpleRecord(timestamp, null, value.getBytes()));
        }
        return builder.build().buffer();
    }

    /** The batches a fetch read. */
    public static List<RecordBatch> batches(FetchedPartition fetched) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (WritableByteChannel channel = Channels.newChannel(bytes)) {
            long written = 0;
            while (written < fetched.records().sizeInBytes()) {
                written += fetched.records().transferTo(channel, written, fetched.records().sizeInBytes() - written);
            }
        }
        List<RecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(ByteBuffer.wrap(bytes.toByteArray())).batches().forEach(batches::add);
        return batches;
    }

    /** The values of the data records a fetch read, in offset order. */
    public static List<String> values(FetchedPartition fetched) throws IOException {
        List<String> values = new ArrayList<>();
        for (RecordBatch batch : batches(fetched)) {
            if (!batch.isControlBatch()) {
                for (Record record : batch) {
                    byte[] value = new byte[record.valueSize()];
                    record.value().get(value);
                    values.add(new String(value));
                }
            }
        }
        return values;
    }

    /** Polls what the broker's own threads (the log mover) bring about, failing after 30 s. */
    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + POLL_TIMEOUT_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "Still not so after 30 s: " + what);
            Thread.sleep(10);
        }
    }

    /** Stops as the broker does: the partitions first, then the engine. */
    @Override
    public void close() throws IOException {
        partitions.close();
        engine.close();
    }
}
