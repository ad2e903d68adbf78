package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;

/**
 * DeleteGroups: deletes empty groups with their offsets, each group answered once however often it is named, once
 * the deletion is durable.
 */
final class DeleteGroupsApi implements KafkaApi {

    private final BrokerServices broker;

    DeleteGroupsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    @Override
    public short maxVersion() {
        return 2;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        List<String> groupIds = ((DeleteGroupsRequest) request).data().groupsNames().stream().distinct().toList();
        return broker.groups().deleteGroups(groupIds).thenApply(errors -> {
            DeletableGroupResultCollection results = new DeletableGroupResultCollection();
            for (String groupId : groupIds) {
                results.add(new DeletableGroupResult()
                        .setGroupId(groupId)
                        .setErrorCode(KafkaErrors.toKafka(errors.get(groupId)).code()));
            }
            return new DeleteGroupsResponse(new DeleteGroupsResponseData().setThrottleTimeMs(0).setResults(results));
        });
    }
}
