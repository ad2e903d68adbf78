package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.SyncGroup;
import dev.ferry.services.group.SyncGroupResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;

/**
 * SyncGroup: the leader hands in the generation's assignment and every member gets its share once it is known.
 * From v5 the protocol type and name are mandatory, and a request without them is INCONSISTENT_GROUP_PROTOCOL, as
 * in Kafka; the broker checks them against the group's.
 */
final class SyncGroupApi implements KafkaApi {

    private final BrokerServices broker;

    SyncGroupApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        SyncGroupRequest syncGroup = (SyncGroupRequest) request;
        if (!syncGroup.areMandatoryProtocolTypeAndNamePresent()) {
            return CompletableFuture.completedFuture(
                    syncGroup.getErrorResponse(0, Errors.INCONSISTENT_GROUP_PROTOCOL.exception()));
        }
        SyncGroupRequestData data = syncGroup.data();
        // A member named twice gets the last assignment given, as in Kafka.
        Map<String, byte[]> assignments = new LinkedHashMap<>();
        for (SyncGroupRequestAssignment assignment : data.assignments()) {
            assignments.put(assignment.memberId(), assignment.assignment());
        }
        SyncGroup sync = new SyncGroup(data.groupId(), data.generationId(), data.memberId(),
                Optional.ofNullable(data.groupInstanceId()), Optional.ofNullable(data.protocolType()),
                Optional.ofNullable(data.protocolName()), assignments);
        return broker.groups().syncGroup(sync).thenApply(SyncGroupApi::response);
    }

    private static AbstractResponse response(SyncGroupResult result) {
        return new SyncGroupResponse(new SyncGroupResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(KafkaErrors.toKafka(result.error()).code())
                .setProtocolType(result.protocolType().orElse(null))
                .setProtocolName(result.protocolName().orElse(null))
                .setAssignment(result.assignment()));
    }
}
