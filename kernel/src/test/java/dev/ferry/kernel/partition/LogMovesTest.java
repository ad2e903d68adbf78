package dev.ferry.kernel.partition;

import static dev.ferry.kernel.testing.PartitionsFixture.ORDERS;
import static dev.ferry.kernel.testing.PartitionsFixture.eventually;
import static dev.ferry.kernel.testing.PartitionsFixture.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.testing.PartitionsFixture;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import dev.ferry.services.broker.PartitionOffsets;
import dev.ferry.spi.TopicPartition;
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

/** Moves of a partition's log between two log directories (AlterReplicaLogDirs), on the log mover's thread. */
class LogMovesTest {

    private static final long FILE_DELETE_DELAY_MS = 1_000;

    @TempDir
    Path root;

    private Path first;
    private Path second;
    private PartitionsFixture fixture;

    @BeforeEach
    void openOrdersInTheFirstDirectory() throws IOException {
        first = Files.createDirectories(root.resolve("first"));
        second = Files.createDirectories(root.resolve("second"));
        fixture = new PartitionsFixture(first, second);
        fixture.openOrders(Map.of("segment.bytes", "1024", "file.delete.delay.ms",
                String.valueOf(FILE_DELETE_DELAY_MS)));
    }

    @AfterEach
    void close() throws IOException {
        fixture.close();
    }

    @Test
    void aMovedLogKeepsItsRecordsAndTakesAppendsInItsNewDirectory() throws Exception {
        for (int i = 0; i < 20; i++) {
            fixture.append(fixture.records("record " + i, "x".repeat(100)));
        }
        assertTrue(Files.isDirectory(first.resolve("orders-0")));

        fixture.partitions.moveLog(ORDERS, second);
        eventually("the log moved", () -> !fixture.partitions.isMoving(ORDERS));

        assertTrue(Files.isDirectory(second.resolve("orders-0")));
        assertFalse(Files.exists(first.resolve("orders-0")));
        fixture.append(fixture.records("after the move"));
        assertEquals(new PartitionOffsets(0, 41, 41, 41), fixture.partitions.offsets(ORDERS));
        assertEquals("record 0", values(fixture.fetch(0, false).join().get(0)).get(0));
        assertEquals(List.of("after the move"), values(fixture.fetch(40, false).join().get(0)));
        assertEquals(List.of(ORDERS), logsIn(second));
        assertEquals(List.of(), logsIn(first));
    }

    @Test
    void theOldLogIsDeletedOnceFileDeleteDelayHasPassed() throws Exception {
        fixture.append(fixture.records("a"));
        fixture.partitions.moveLog(ORDERS, second);
        eventually("the log moved", () -> !fixture.partitions.isMoving(ORDERS));
        assertEquals(1, deletedDirectories(first), "renamed away, still readable by fetches under way");

        fixture.scheduler.advance(FILE_DELETE_DELAY_MS);

        assertEquals(0, deletedDirectories(first));
    }

    @Test
    void aMoveToADirectoryOutsideLogDirsIsRefused() {
        BrokerException refused = assertThrows(BrokerException.class,
                () -> fixture.partitions.moveLog(ORDERS, root.resolve("elsewhere")));

        assertEquals(BrokerError.KAFKA_STORAGE_ERROR, refused.error());
        assertFalse(fixture.partitions.isMoving(ORDERS));
    }

    /** The logs DescribeLogDirs reports in a directory. */
    private List<TopicPartition> logsIn(Path directory) {
        return fixture.partitions.logDirectories().stream()
                .filter(usage -> usage.path().equals(directory))
                .flatMap(usage -> usage.partitionSizes().keySet().stream())
                .toList();
    }

    private static long deletedDirectories(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(child -> child.getFileName().toString().endsWith("-delete")).count();
        }
    }
}
