package dev.ferry.plugin.storage.segment;

import static dev.ferry.plugin.storage.segment.Batches.appendOf;
import static dev.ferry.plugin.storage.segment.Batches.batch;
import static dev.ferry.plugin.storage.segment.Batches.bytesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.settings.Settings;
import dev.ferry.spi.storage.LogSlice;
import dev.ferry.spi.storage.PartitionLog;
import dev.ferry.spi.storage.StorageContext;
import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class SegmentLogConcurrencyTest {

    private static final int BATCHES = 3_000;
    private static final int READERS = 3;

    @TempDir
    Path logDir;

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SegmentStorageEngine engine = new SegmentStorageEngine();
    private final ExecutorService threads = Executors.newFixedThreadPool(READERS + 2);

    @AfterEach
    void stop() throws IOException {
        threads.shutdownNow();
        engine.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void readsDuringAppendsSeeOnlyWholeBatches(String name, Map<String, String> config) throws Exception {
        // Given
        engine.start(new StorageContext(List.of(logDir), Settings.of(Map.of()), scheduler));
        PartitionLog log = engine.open(new TopicPartition("clicks", 0), config);
        AtomicBoolean appending = new AtomicBoolean(true);
        // on two busy cores the writer could finish before a reader ran: it goes on until each reader read a slice
        CountDownLatch readersServed = new CountDownLatch(READERS);

        // When
        Future<?> writer = threads.submit(() -> {
            try {
                Random random = new Random(1);
                for (int i = 0; i < BATCHES || readersServed.getCount() > 0; i++) {
                    log.append(appendOf(batch(log.logEndOffset(), 1 + random.nextInt(5), 10 + random.nextInt(500))));
                }
            } finally {
                appending.set(false);
            }
            return null;
        });
        // the flushes after each roll run meanwhile, as on the broker's scheduler
        Future<?> background = threads.submit(() -> {
            while (appending.get()) {
                scheduler.runDue();
            }
        });
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            long seed = r;
            readers.add(threads.submit(() -> readWhileAppending(log, appending, new Random(seed), readersServed)));
        }

        // Then
        writer.get(60, TimeUnit.SECONDS);
        background.get(60, TimeUnit.SECONDS);
        for (Future<Integer> reader : readers) {
            assertTrue(reader.get(60, TimeUnit.SECONDS) > 0, "a reader read nothing");
        }
    }

    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("one segment", Map.of()),
                Arguments.of("rolling often, dense indexes",
                        Map.of("segment.bytes", "20000", "index.interval.bytes", "200")),
                Arguments.of("rolling on full indexes", Map.of("segment.index.bytes", "120", "index.interval.bytes",
                        "0")));
    }

    /** Reads from random offsets until the appends end, checking every slice; returns how many were not empty. */
    private static int readWhileAppending(PartitionLog log, AtomicBoolean appending, Random random,
                                          CountDownLatch served) throws IOException {
        int slices = 0;
        while (appending.get()) {
            long logEndOffset = log.logEndOffset();
            long fetchOffset = logEndOffset == 0 ? 0 : (long) (random.nextDouble() * (logEndOffset + 1));
            LogSlice slice = log.read(fetchOffset, 1 + random.nextInt(64 * 1024), Long.MAX_VALUE, true);
            byte[] bytes = bytesOf(slice);
            if (fetchOffset < logEndOffset) {
                assertTrue(bytes.length > 0, "nothing read at " + fetchOffset + " below " + logEndOffset);
            }
            if (bytes.length > 0) {
                checkWholeBatchesFrom(fetchOffset, bytes, log.logEndOffset());
                if (slices++ == 0) {
                    served.countDown();
                }
            }
        }
        return slices;
    }

    private static void checkWholeBatchesFrom(long fetchOffset, byte[] bytes, long logEndOffset) {
        List<RecordBatch> batches = Batches.batchesOf(ByteBuffer.wrap(bytes));
        assertEquals(bytes.length, batches.stream().mapToInt(RecordBatch::sizeInBytes).sum(), "a partial batch");
        RecordBatch first = batches.get(0);
        assertTrue(first.baseOffset() <= fetchOffset && fetchOffset <= first.lastOffset(),
                "the first batch " + first.baseOffset() + ".." + first.lastOffset() + " misses " + fetchOffset);
        long next = first.baseOffset();
        for (RecordBatch batch : batches) {
            batch.ensureValid();
            assertEquals(next, batch.baseOffset(), "a gap between batches");
            next = batch.nextOffset();
        }
        assertTrue(next <= logEndOffset, "read past the log end offset " + logEndOffset);
    }
}
