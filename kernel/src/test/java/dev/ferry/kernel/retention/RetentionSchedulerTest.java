package dev.ferry.kernel.retention;

import static dev.ferry.kernel.testing.PartitionsFixture.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.kernel.testing.PartitionsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention checks every {@code log.retention.check.interval.ms} of the broker's clock, over the segment engine. */
class RetentionSchedulerTest {

    private static final long CHECK_INTERVAL_MS = 10_000;
    private static final long RETENTION_MS = 60_000;
    private static final long FILE_DELETE_DELAY_MS = 1_000;
    /** A record this large fills a segment of {@code segment.bytes} 1024 alone. */
    private static final String LARGE = "x".repeat(600);

    @TempDir
    Path logDir;

    private PartitionsFixture fixture;
    private RetentionScheduler retention;

    @BeforeEach
    void startRetention() throws IOException {
        fixture = new PartitionsFixture(logDir);
        fixture.openOrders(Map.of("segment.bytes", "1024", "retention.ms", String.valueOf(RETENTION_MS),
                "file.delete.delay.ms", String.valueOf(FILE_DELETE_DELAY_MS)));
        retention = RetentionScheduler.start(fixture.partitions,
                CleanupPolicies.of(List.of(), List.of(), "segment", true), fixture.scheduler, CHECK_INTERVAL_MS);
    }

    @AfterEach
    void close() throws IOException {
        retention.close();
        fixture.close();
    }

    @Test
    void aClosedSegmentGoesAtTheFirstCheckAfterItsNewestRecordIsOlderThanRetentionMs() throws IOException {
        fixture.append(fixture.records(LARGE));
        fixture.scheduler.advance(30_000);
        fixture.append(fixture.records(LARGE));
        fixture.append(fixture.records(LARGE));

        fixture.scheduler.advance(RETENTION_MS + CHECK_INTERVAL_MS - 30_000 - 1);
        assertEquals(0, fixture.partitions.offsets(ORDERS).logStartOffset(), "60 s old at the last check");
        fixture.scheduler.advance(1);

        assertEquals(1, fixture.partitions.offsets(ORDERS).logStartOffset());
        Path partitionDir = logDir.resolve(ORDERS.logDirectoryName());
        assertEquals(List.of("00000000000000000000.log.deleted"), files(partitionDir, ".log.deleted"));
        fixture.scheduler.advance(FILE_DELETE_DELAY_MS);
        assertEquals(List.of(), files(partitionDir, ".log.deleted"));
        assertEquals(List.of("00000000000000000001.log", "00000000000000000002.log"), files(partitionDir, ".log"));
    }

    @Test
    void noCheckRunsOnceRetentionIsClosed() {
        fixture.append(fixture.records(LARGE));
        fixture.append(fixture.records(LARGE));

        retention.close();
        fixture.scheduler.advance(10 * RETENTION_MS);

        assertEquals(0, fixture.partitions.offsets(ORDERS).logStartOffset());
    }

    private static List<String> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(suffix)).sorted()
                    .toList();
        }
    }
}
