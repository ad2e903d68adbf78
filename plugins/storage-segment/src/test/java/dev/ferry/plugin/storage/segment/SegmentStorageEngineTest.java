package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.storage.StorageEngine;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.Extension;

class SegmentStorageEngineTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 2);

    @TempDir
    Path root;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SegmentStorageEngine engine = new SegmentStorageEngine();

    @AfterEach
    void closeEngine() throws IOException {
        engine.close();
    }

    @Test
    void isAPf4jExtensionOfTheStorageExtensionPoint() throws IOException {
        assertTrue(SegmentStorageEngine.class.isAnnotationPresent(Extension.class));
        assertTrue(StorageEngine.class.isAssignableFrom(SegmentStorageEngine.class));
        // the test classes have an extensions.idx of their own (empty), so look at every one on the class path
        List<URL> indexes = Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"));
        List<String> extensions = new ArrayList<>();
        for (URL index : indexes) {
            try (InputStream in = index.openStream()) {
                new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(extensions::add);
            }
        }
        assertTrue(extensions.contains(SegmentStorageEngine.class.getName()),
                "pf4j's annotation processor did not list the engine in " + indexes);
    }

    @Test
    void isNamedSegment() {
        assertEquals("segment", engine.name());
    }

    @Test
    void startCreatesMissingLogDirectories() throws IOException {
        Path first = root.resolve("a/logs");
        Path second = root.resolve("b/logs");

        engine.start(new StorageContext(List.of(first, second), Settings.of(Map.of()), scheduler));

        assertTrue(Files.isDirectory(first));
        assertTrue(Files.isDirectory(second));
    }

    @Test
    void openCreatesTheLogInKafkasLayout() throws IOException {
        // Given
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));

        // When
        PartitionLog log = engine.open(ORDERS, Map.of());

        // Then
        assertEquals(ORDERS, log.partition());
        assertTrue(Files.isRegularFile(root.resolve("orders-2").resolve("00000000000000000000.log")));
    }

    @Test
    void openBeforeStartIsRefused() {
        assertThrows(IllegalStateException.class, () -> engine.open(ORDERS, Map.of()));
    }

    @Test
    void anOpenLogCannotBeOpenedAgainUntilClosed() throws IOException {
        // Given
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));
        PartitionLog log = engine.open(ORDERS, Map.of());
        log.append(appendOf(batch(0, 2, 10)));

        // When / Then
        assertThrows(IllegalStateException.class, () -> engine.open(ORDERS, Map.of()));
        log.close();
        assertEquals(2, engine.open(ORDERS, Map.of()).logEndOffset());
    }

    @Test
    void closeClosesEveryOpenLog() throws IOException {
        // Given
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));
        PartitionLog orders = engine.open(ORDERS, Map.of());
        PartitionLog clicks = engine.open(new TopicPartition("clicks", 0), Map.of());
        orders.append(appendOf(batch(0, 2, 10)));
        clicks.append(appendOf(batch(0, 2, 10)));

        // When
        engine.close();

        // Then
        assertThrows(IOException.class, () -> orders.read(0, 100, Long.MAX_VALUE, true));
        assertThrows(IOException.class, () -> clicks.read(0, 100, Long.MAX_VALUE, true));
    }

    @Test
    void deleteRenamesTheLogDirectoryAtOnceAndRemovesItInTheBackground() throws IOException {
        // Given
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));
        PartitionLog log = engine.open(ORDERS, Map.of());
        log.append(appendOf(batch(0, 2, 10)));
        log.close();

        // When
        engine.delete(ORDERS);

        // Then
        assertFalse(Files.exists(root.resolve("orders-2")));
        assertEquals(0, engine.open(ORDERS, Map.of()).logEndOffset());
        assertEquals(1, deletedDirectories());
        scheduler.runDue();
        assertEquals(0, deletedDirectories());
    }

    @Test
    void deletedDirectoriesLeftByAStopAreRemovedAtStart() throws IOException {
        Path leftover = Files.createDirectories(root.resolve("orders-2.0123456789abcdef0123456789abcdef-delete"));
        Files.write(leftover.resolve("00000000000000000000.log"), new byte[100]);

        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));
        scheduler.runDue();

        assertEquals(0, deletedDirectories());
    }

    private long deletedDirectories() throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(child -> child.getFileName().toString().endsWith("-delete")).count();
        }
    }

    @Test
    void deleteOfAnOpenLogIsRefused() throws IOException {
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));
        engine.open(ORDERS, Map.of());

        assertThrows(IllegalStateException.class, () -> engine.delete(ORDERS));
        assertTrue(Files.exists(root.resolve("orders-2")));
    }

    @Test
    void deleteOfALogThatNeverExistedDoesNothing() throws IOException {
        engine.start(new StorageContext(List.of(root), Settings.of(Map.of()), scheduler));

        engine.delete(ORDERS);

        assertFalse(Files.exists(root.resolve("orders-2")));
    }
}
