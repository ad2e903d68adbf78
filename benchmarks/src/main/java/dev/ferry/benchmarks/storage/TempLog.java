package dev.ferry.benchmarks.storage;

import dev.ferry.kernel.time.BackgroundScheduler;
import dev.ferry.plugin.storage.segment.SegmentStorageEngine;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A segment storage engine over a temporary log directory, used only through the storage SPI. */
final class TempLog implements AutoCloseable {

    /**
     * Apache Kafka's topic defaults, given explicitly as the kernel gives a topic's effective configuration; an
     * engine that ignores some of them is unaffected.
     */
    private static final Map<String, String> TOPIC_CONFIG = Map.of(
            "segment.bytes", Integer.toString(1 << 30),
            "segment.ms", Long.toString(7 * 24 * 3600 * 1000L),
            "segment.index.bytes", Integer.toString(10 << 20),
            "index.interval.bytes", "4096",
            "flush.messages", Long.toString(Long.MAX_VALUE),
            "flush.ms", Long.toString(Long.MAX_VALUE),
            "file.delete.delay.ms", "60000",
            "max.message.bytes", "1048588");
    /** The broker's default {@code background.threads}. */
    private static final int BACKGROUND_THREADS = 10;

    private final Path directory;
    private final BackgroundScheduler scheduler;
    private final StorageEngine engine;
    private final List<PartitionLog> logs = new ArrayList<>();

    private TempLog(Path directory, BackgroundScheduler scheduler, StorageEngine engine) {
        this.directory = directory;
        this.scheduler = scheduler;
        this.engine = engine;
    }

    /**
     * Starts an engine on a new temporary directory, on the broker's scheduler, and opens the log of partition
     * {@code bench-0}.
     */
    static TempLog open() throws IOException {
        Path directory = Files.createTempDirectory("ferry-bench-");
        BackgroundScheduler scheduler = new BackgroundScheduler(BACKGROUND_THREADS);
        StorageEngine engine = new SegmentStorageEngine();
        engine.start(new StorageContext(List.of(directory), Settings.of(Map.of()), scheduler));
        TempLog tempLog = new TempLog(directory, scheduler, engine);
        tempLog.openNext();
        return tempLog;
    }

    /** The log appends go to: the one opened last. */
    PartitionLog log() {
        return logs.get(logs.size() - 1);
    }

    /**
     * Opens the log of the next partition, empty, and makes it the one {@link #log()} returns: a benchmark that
     * writes for long moves on to a new log instead of growing one without bound. Older logs stay open until
     * {@link #close()}.
     */
    PartitionLog openNext() throws IOException {
        logs.add(engine.open(new TopicPartition("bench", logs.size()), TOPIC_CONFIG));
        return log();
    }

    /**
     * Closes and deletes the logs through the engine, closes it and its scheduler, then removes what it left in the
     * directory.
     */
    @Override
    public void close() throws IOException {
        for (PartitionLog log : logs) {
            log.close();
            engine.delete(log.partition());
        }
        engine.close();
        scheduler.close();
        try (Stream<Path> leftovers = Files.list(directory)) {
            for (Path file : leftovers.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
