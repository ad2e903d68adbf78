package dev.ferry.kernel.producer;

import dev.ferry.kernel.async.DaemonThreads;
import dev.ferry.kernel.metadata.MetadataStore;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.BrokerException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids, each once in the cluster's life: ids are reserved in blocks, each block durably in the
 * metadata log (Kafka's {@code ProducerIdsRecord}) before any id of it is given out. A restart skips what was left of
 * the last block, as Kafka does. Reservations are written on a thread of their own, so no caller blocks.
 */
public final class ProducerIdManager implements AutoCloseable {

    static final int BLOCK_SIZE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdManager.class);

    private final MetadataStore store;
    private final int brokerId;
    private final ExecutorService reserver = Executors.newSingleThreadExecutor(
            DaemonThreads.named("producer-id-reserver"));
    private long next;
    private long blockEnd;
    private CompletableFuture<Void> reserving;

    public ProducerIdManager(MetadataStore store, int brokerId) {
        this.store = store;
        this.brokerId = brokerId;
        this.next = store.image().nextProducerId();
        this.blockEnd = next;
    }

    /** The next unused producer id; completes at once unless a new block has to be reserved first. */
    public synchronized CompletableFuture<Long> nextProducerId() {
        if (next < blockEnd) {
            return CompletableFuture.completedFuture(next++);
        }
        CompletableFuture<Void> pending = reserving;
        if (pending == null) {
            long end = blockEnd + BLOCK_SIZE;
            CompletableFuture<Void> reservation = new CompletableFuture<>();
            reserving = reservation;
            pending = reservation;
            // a reservation that ends at once is reserved() on this thread, clearing the field before we return
            CompletableFuture.runAsync(() -> reserve(end), reserver)
                    .whenComplete((done, failure) -> reserved(reservation, failure == null ? end : -1, failure));
        }
        return pending.thenCompose(done -> nextProducerId());
    }

    private void reserve(long end) {
        try {
            store.reserveProducerIds(brokerId, end);
        } catch (IOException e) {
            LOG.error("Reserving producer ids up to {} failed", end, e);
            throw new BrokerException(BrokerError.KAFKA_STORAGE_ERROR, "Reserving producer ids failed", e);
        }
    }

    private void reserved(CompletableFuture<Void> reservation, long end, Throwable failure) {
        synchronized (this) {
            if (end >= 0) {
                blockEnd = end;
            }
            reserving = null;
        }
        if (failure == null) {
            reservation.complete(null);
        } else {
            reservation.completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        reserver.shutdown();
    }
}
