package dev.ferry.plugin.protocol.kafka.api;

import dev.ferry.services.BrokerServices;
import dev.ferry.services.group.GroupListing;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;

/**
 * ListGroups: every group, classic and consumer-protocol, filtered by state (v4+) and type (v5+). The response
 * class leaves out the state and type where the version has no room for them.
 */
final class ListGroupsApi implements KafkaApi {

    private final BrokerServices broker;

    ListGroupsApi(BrokerServices broker) {
        this.broker = broker;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(RequestContext context, AbstractRequest request) {
        ListGroupsRequestData data = ((ListGroupsRequest) request).data();
        Predicate<GroupListing> wanted = filter(data.statesFilter(), data.typesFilter());
        return broker.groups().listGroups().thenApply(listings -> response(listings, wanted));
    }

    private static AbstractResponse response(List<GroupListing> listings, Predicate<GroupListing> wanted) {
        List<ListedGroup> groups = listings.stream()
                .filter(wanted)
                .map(group -> new ListedGroup()
                        .setGroupId(group.groupId())
                        .setProtocolType(group.protocolType())
                        .setGroupState(group.state())
                        .setGroupType(typeName(group)))
                .toList();
        return new ListGroupsResponse(new ListGroupsResponseData()
                .setThrottleTimeMs(0)
                .setErrorCode(Errors.NONE.code())
                .setGroups(groups));
    }

    /**
     * Kafka's filters: a group passes when its state is one of the states asked for and its type one of the types;
     * an empty list asks for all. States are compared ignoring case and surrounding blanks, types ignoring case; an
     * unknown name matches no group.
     */
    static Predicate<GroupListing> filter(List<String> states, List<String> types) {
        Set<String> wantedStates = states.stream().map(state -> lowerCase(state.trim())).collect(Collectors.toSet());
        Set<String> wantedTypes = types.stream().map(ListGroupsApi::lowerCase).collect(Collectors.toSet());
        return group -> (wantedStates.isEmpty() || wantedStates.contains(lowerCase(group.state())))
                && (wantedTypes.isEmpty() || wantedTypes.contains(typeName(group)));
    }

    /** Kafka's name of a group's type: {@code classic} or {@code consumer}. */
    private static String typeName(GroupListing group) {
        return lowerCase(group.type().name());
    }

    private static String lowerCase(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
