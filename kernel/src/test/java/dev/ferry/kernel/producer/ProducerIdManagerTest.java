package dev.ferry.kernel.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.kernel.metadata.LogMetadataStore;
import dev.ferry.spi.time.Clock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {

    @TempDir
    Path logDir;

    @Test
    void idsAreUniqueAcrossBlocksCallersAndRestarts() throws Exception {
        Set<Long> handedOut = new HashSet<>();
        try (LogMetadataStore store = LogMetadataStore.open(logDir, 1, Long.MAX_VALUE, Clock.system());
             ProducerIdManager ids = new ProducerIdManager(store, 1)) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            List<CompletableFuture<Long>> asked = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                asked.add(CompletableFuture.supplyAsync(ids::nextProducerId, callers).thenCompose(id -> id));
            }
            for (CompletableFuture<Long> id : asked) {
                handedOut.add(id.join());
            }
            callers.shutdown();
        }
        assertEquals(2500, handedOut.size(), "no id twice");

        try (LogMetadataStore store = LogMetadataStore.open(logDir, 1, Long.MAX_VALUE, Clock.system());
             ProducerIdManager ids = new ProducerIdManager(store, 1)) {
            long first = ids.nextProducerId().join();

            assertTrue(handedOut.stream().allMatch(id -> id < first), "a restart starts after the reserved blocks");
            assertEquals(3 * ProducerIdManager.BLOCK_SIZE, first);
        }
    }
}
