package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.services.broker.ClusterInfo;
import dev.ferry.spi.protocol.Endpoint;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** FindCoordinator on a broker, node 7, that clients reach at broker.example:19092. */
class FindCoordinatorApiTest {

    private final FindCoordinatorApi api = new FindCoordinatorApi(Fakes.broker(Fakes.of(ClusterInfo.class,
            new Object() {
                int brokerId() {
                    return 7;
                }

                Optional<Endpoint> advertisedEndpoint(String listenerName) {
                    return Optional.of(new Endpoint("broker.example", 19092));
                }
            })));

    @ParameterizedTest
    @EnumSource(value = CoordinatorType.class, names = {"GROUP", "TRANSACTION"})
    void thisBrokerCoordinatesGroupsAndTransactionalIds(CoordinatorType type) {
        FindCoordinatorResponseData response = answer((short) 3, new FindCoordinatorRequestData()
                .setKeyType(type.id()).setKey("payments"));

        assertEquals(Errors.NONE.code(), response.errorCode());
        assertEquals(7, response.nodeId());
        assertEquals("broker.example", response.host());
        assertEquals(19092, response.port());
    }

    @Test
    void aBatchedRequestAnswersEachKey() {
        FindCoordinatorResponseData response = answer((short) 6, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id()).setCoordinatorKeys(List.of("a", "b")));

        assertEquals(List.of("a", "b"), response.coordinators().stream().map(Coordinator::key).toList());
        response.coordinators().forEach(coordinator -> assertEquals(7, coordinator.nodeId()));
    }

    @Test
    void aShareGroupHasNoCoordinator() {
        FindCoordinatorResponseData response = answer((short) 6, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.SHARE.id()).setCoordinatorKeys(List.of("s")));

        Coordinator coordinator = response.coordinators().get(0);
        assertEquals(Errors.INVALID_REQUEST.code(), coordinator.errorCode());
        assertEquals(-1, coordinator.nodeId());
        assertEquals("", coordinator.host());
        assertEquals(-1, coordinator.port());
    }

    @Test
    void anUnknownKeyTypeIsAnInvalidRequest() {
        FindCoordinatorResponseData response = answer((short) 4, new FindCoordinatorRequestData()
                .setKeyType((byte) 9).setCoordinatorKeys(List.of("x")));

        assertEquals(Errors.INVALID_REQUEST.code(), response.coordinators().get(0).errorCode());
    }

    private FindCoordinatorResponseData answer(short version, FindCoordinatorRequestData data) {
        return ((FindCoordinatorResponse) Fakes.serve(api, data, version)).data();
    }
}
