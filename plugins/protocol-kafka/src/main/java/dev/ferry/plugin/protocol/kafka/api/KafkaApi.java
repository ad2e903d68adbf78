package dev.ferry.plugin.protocol.kafka.api;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Serves one Kafka API over the broker's services. Implementations are shared by all connections and keep no
 * per-connection state.
 */
public interface KafkaApi {

    ApiKeys apiKey();

    /** The oldest version served. */
    default short minVersion() {
        return apiKey().oldestVersion();
    }

    /** The newest version served, every field of every version up to it implemented. */
    short maxVersion();

    /**
     * Serves a request of a version between {@link #minVersion()} and {@link #maxVersion()}. Called on the
     * connection's event loop, which it must not block.
     *
     * @return the response; completes with {@code null} for a request that gets none, exceptionally when the
     *     whole request failed (every topic and partition then gets the failure's error)
     */
    CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request);
}
