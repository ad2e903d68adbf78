package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.plugin.protocol.kafka.records.LogSliceRecords;
import dev.ferry.services.BrokerServices;
import dev.ferry.services.broker.AbortedTransaction;
import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.broker.FetchQuery;
import dev.ferry.services.broker.FetchQuery.PartitionRead;
import dev.ferry.services.broker.FetchedPartition;
import dev.ferry.services.broker.TopicDescription;
import dev.ferry.services.quota.ByteRateQuota;
import dev.ferry.spi.TopicPartition;
import dev.ferry.spi.storage.LogSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch, without fetch sessions: every request is answered in full with session id 0, which tells a client that
 * the broker keeps no session, so it goes on sending full fetches. An incremental fetch gets
 * FETCH_SESSION_ID_NOT_FOUND, after which the client starts over with a full one.
 *
 * <p>As in Kafka, every answer carries the partition's last stable offset, and a read_committed fetch stops there
 * and lists the aborted transactions whose records it may return, for the consumer to skip.
 *
 * <p>Records are not read here: each partition's log slice goes into the response as {@link LogSliceRecords},
 * which the connection writes from the log file to the socket.
 *
 * <p>Client quotas as Kafka applies them (KIP-219): a fetch returns at most what the client's
 * {@code consumer_byte_rate} allows over the quota window, and a client over its rate gets an empty response with
 * the time to wait in {@code throttle_time_ms}.
 */
final class FetchApi implements KafkaApi {

    private final BrokerServices broker;

    FetchApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public short maxVersion() {
        return 18;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        FetchRequest fetch = (FetchRequest) request;
        if (!fetch.metadata().isFull()) {
            return CompletableFuture.completedFuture(FetchResponse.of(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code())
                    .setSessionId(FetchMetadata.INVALID_SESSION_ID)));
        }
        byte isolationLevel = fetch.data().isolationLevel();
        if (isolationLevel != IsolationLevel.READ_UNCOMMITTED.id()
                && isolationLevel != IsolationLevel.READ_COMMITTED.id()) {
            // a client's mistake, not the broker's: no unexpected-failure log line for each such request
            return CompletableFuture.completedFuture(fetch.getErrorResponse(0,
                    Errors.INVALID_REQUEST.exception("Unknown isolation level " + isolationLevel)));
        }
        short version = context.apiVersion();
        boolean readCommitted = isolationLevel == IsolationLevel.READ_COMMITTED.id();
        List<FetchableTopicResponse> topics = new ArrayList<>();
        List<PartitionRead> reads = new ArrayList<>();
        List<PartitionData> readResponses = new ArrayList<>();
        boolean anyUnknown = false;
        for (FetchTopic topic : fetch.data().topics()) {
            String name = version >= 13
                    ? broker.topics().describe(TopicIds.toBroker(topic.topicId())).map(TopicDescription::name)
                            .orElse(null)
                    : topic.topic();
            FetchableTopicResponse topicResponse = new FetchableTopicResponse()
                    .setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            for (FetchPartition partition : topic.partitions()) {
                PartitionData response = new PartitionData()
                        .setPartitionIndex(partition.partition())
                        .setAbortedTransactions(null);
                topicResponse.partitions().add(response);
                if (name == null) {
                    anyUnknown = true;
                    fail(response, Errors.UNKNOWN_TOPIC_ID);
                } else if (partition.partition() < 0) {
                    anyUnknown = true;
                    fail(response, Errors.UNKNOWN_TOPIC_OR_PARTITION);
                } else {
                    reads.add(new PartitionRead(new TopicPartition(name, partition.partition()),
                            partition.fetchOffset(), partition.partitionMaxBytes()));
                    readResponses.add(response);
                }
            }
            topics.add(topicResponse);
        }

        FetchResponseData data = new FetchResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setSessionId(FetchMetadata.INVALID_SESSION_ID)
                .setResponses(topics);
        if (reads.isEmpty()) {
            return CompletableFuture.completedFuture(FetchResponse.of(data));
        }
        // Like Kafka, answer at once when a partition already has an error rather than wait for data.
        long maxWaitMs = anyUnknown ? 0 : Math.max(0, fetch.maxWait());
        // As Kafka: no more bytes than the client's consumer_byte_rate allows over the quota window.
        ByteRateQuota quota = broker.clientQuotas().fetch();
        String user = QuotaUser.of(context);
        long quotaBytes = quota.maxBytesInWindow(user, context.clientId());
        int maxBytes = (int) Math.min(fetch.maxBytes(), quotaBytes);
        FetchQuery query = new FetchQuery(reads, Math.min(fetch.minBytes(), maxBytes), maxBytes, maxWaitMs,
                readCommitted);
        return broker.partitions().fetch(query).thenApply(fetched -> {
            for (int i = 0; i < readResponses.size(); i++) {
                fill(readResponses.get(i), fetched.get(i), readCommitted);
            }
            // without a quota there is nothing to count: spare every fetch the sizing of its response
            return quotaBytes == Long.MAX_VALUE ? FetchResponse.of(data)
                    : throttled(data, version, quota, user, context.clientId());
        });
    }

    /**
     * As Kafka: the response's bytes count towards the client's consumer_byte_rate; a response that takes the rate
     * over it is not sent, and not counted, but replaced by an empty one telling the client how long to wait.
     */
    private static FetchResponse throttled(FetchResponseData data, short version, ByteRateQuota quota, String user,
                                           String clientId) {
        long now = System.currentTimeMillis();
        int responseBytes = data.size(new ObjectSerializationCache(), version);
        long throttle = quota.record(user, clientId, responseBytes, now);
        if (throttle <= 0) {
            return FetchResponse.of(data);
        }
        quota.unrecord(user, clientId, responseBytes, now);
        return FetchResponse.of(new FetchResponseData()
                .setThrottleTimeMs((int) Math.min(Integer.MAX_VALUE, throttle))
                .setErrorCode(Errors.NONE.code())
                .setSessionId(FetchMetadata.INVALID_SESSION_ID));
    }

    /** As Kafka: the aborted transactions are listed, possibly empty, for a read_committed fetch only. */
    private static void fill(PartitionData response, FetchedPartition fetched, boolean readCommitted) {
        if (fetched.error() != BrokerError.NONE) {
            fail(response, KafkaErrors.toKafka(fetched.error()));
            return;
        }
        LogSlice slice = fetched.records();
        response.setErrorCode(Errors.NONE.code())
                .setHighWatermark(fetched.highWatermark())
                .setLastStableOffset(fetched.lastStableOffset())
                .setLogStartOffset(fetched.logStartOffset())
                .setRecords(slice.sizeInBytes() == 0 ? MemoryRecords.EMPTY : new LogSliceRecords(slice));
        if (readCommitted) {
            response.setAbortedTransactions(abortedTransactions(fetched.abortedTransactions()));
        }
    }

    private static List<FetchResponseData.AbortedTransaction> abortedTransactions(
            List<AbortedTransaction> aborted) {
        if (aborted.isEmpty()) {
            return List.of();
        }
        List<FetchResponseData.AbortedTransaction> answered = new ArrayList<>(aborted.size());
        for (AbortedTransaction transaction : aborted) {
            answered.add(new FetchResponseData.AbortedTransaction()
                    .setProducerId(transaction.producerId())
                    .setFirstOffset(transaction.firstOffset()));
        }
        return answered;
    }

    private static void fail(PartitionData response, Errors error) {
        response.setErrorCode(error.code())
                .setHighWatermark(-1)
                .setLastStableOffset(-1)
                .setLogStartOffset(-1)
                .setRecords(MemoryRecords.EMPTY);
    }
}
