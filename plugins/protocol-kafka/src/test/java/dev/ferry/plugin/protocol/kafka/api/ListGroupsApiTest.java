package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.services.group.GroupListing;
import dev.ferry.services.group.GroupType;
import dev.ferry.services.group.Groups;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.junit.jupiter.api.Test;

/** Kafka's ListGroups filters, over listings as the broker gives them, when it gives them. */
class ListGroupsApiTest {

    private static final GroupListing CLASSIC_STABLE = new GroupListing("billing", GroupType.CLASSIC, "consumer",
            "Stable");
    private static final GroupListing OFFSETS_ONLY = new GroupListing("audit", GroupType.CLASSIC, "", "Empty");
    private static final GroupListing CONSUMER_RECONCILING = new GroupListing("orders", GroupType.CONSUMER,
            "consumer", "Reconciling");
    private static final List<GroupListing> ALL = List.of(CLASSIC_STABLE, OFFSETS_ONLY, CONSUMER_RECONCILING);

    @Test
    void noFilterListsEveryGroup() {
        assertEquals(ALL, filtered(List.of(), List.of()));
    }

    @Test
    void statesMatchIgnoringCaseAndSurroundingBlanks() {
        assertEquals(List.of(CLASSIC_STABLE, CONSUMER_RECONCILING), filtered(List.of(" stable", "RECONCILING "),
                List.of()));
    }

    @Test
    void typesMatchIgnoringCase() {
        assertEquals(List.of(CLASSIC_STABLE, OFFSETS_ONLY), filtered(List.of(), List.of("Classic")));
        assertEquals(List.of(CONSUMER_RECONCILING), filtered(List.of(), List.of("consumer")));
    }

    @Test
    void bothFiltersMustMatch() {
        assertEquals(List.of(OFFSETS_ONLY), filtered(List.of("Empty"), List.of("classic", "consumer")));
    }

    @Test
    void anUnknownStateOrTypeMatchesNoGroup() {
        assertEquals(List.of(), filtered(List.of("Sleeping"), List.of()));
        assertEquals(List.of(), filtered(List.of(), List.of("share")));
    }

    @Test
    void theResponseWaitsForTheListingAndFiltersIt() {
        // Given
        CompletableFuture<List<GroupListing>> listing = new CompletableFuture<>();
        ListGroupsApi api = new ListGroupsApi(Fakes.broker(Fakes.of(Groups.class, new Object() {
            CompletableFuture<List<GroupListing>> listGroups() {
                return listing;
            }
        })));
        CompletableFuture<AbstractResponse> answer = Fakes.handle(api, new ListGroupsRequestData()
                .setTypesFilter(List.of("consumer")), (short) 5);
        boolean answeredEarly = answer.isDone();

        // When
        listing.complete(ALL);

        // Then
        assertFalse(answeredEarly);
        assertEquals(List.of(new ListedGroup().setGroupId("orders").setProtocolType("consumer")
                .setGroupState("Reconciling").setGroupType("consumer")),
                ((ListGroupsResponse) answer.join()).data().groups());
    }

    private static List<GroupListing> filtered(List<String> states, List<String> types) {
        return ALL.stream().filter(ListGroupsApi.filter(states, types)).toList();
    }
}
