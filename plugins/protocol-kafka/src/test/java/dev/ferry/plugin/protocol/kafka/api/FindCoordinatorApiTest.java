package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** The keys no coordinator is found for, answered without asking the broker. No broker behind it. */
class FindCoordinatorApiTest {

    private final FindCoordinatorApi api = new FindCoordinatorApi(null);

    @Test
    void aTransactionalIdHasNoCoordinatorYet() {
        FindCoordinatorResponseData response = answer((short) 3, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id()).setKey("payments-tx"));

        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE.code(), response.errorCode());
        assertEquals("Transactions are not implemented yet: no coordinator for transactional id payments-tx",
                response.errorMessage());
        assertEquals(-1, response.nodeId());
        assertEquals("", response.host());
        assertEquals(-1, response.port());
    }

    @Test
    void aBatchedRequestAnswersEachKey() {
        FindCoordinatorResponseData response = answer((short) 6, new FindCoordinatorRequestData()
                .setKeyType(CoordinatorType.TRANSACTION.id()).setCoordinatorKeys(List.of("a", "b")));

        assertEquals(List.of("a", "b"), response.coordinators().stream().map(Coordinator::key).toList());
        response.coordinators().forEach(coordinator ->
                assertEquals(Errors.COORDINATOR_NOT_AVAILABLE.code(), coordinator.errorCode()));
    }

    @Test
    void anUnknownKeyTypeIsAnInvalidRequest() {
        FindCoordinatorResponseData response = answer((short) 4, new FindCoordinatorRequestData()
                .setKeyType((byte) 9).setCoordinatorKeys(List.of("x")));

        assertEquals(Errors.INVALID_REQUEST.code(), response.coordinators().get(0).errorCode());
    }

    private FindCoordinatorResponseData answer(short version, FindCoordinatorRequestData data) {
        FindCoordinatorRequest request = FindCoordinatorRequest.parse(MessageUtil.toByteBufferAccessor(data, version),
                version);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.FIND_COORDINATOR, version, "c", 1),
                null, null);
        return ((FindCoordinatorResponse) api.handle(context, request).join()).data();
    }
}
