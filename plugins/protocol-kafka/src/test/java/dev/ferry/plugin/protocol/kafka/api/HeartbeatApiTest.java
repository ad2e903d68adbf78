package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.Groups;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.junit.jupiter.api.Test;

/** Heartbeat over a coordinator that answers when the test chooses. */
class HeartbeatApiTest {

    private final CompletableFuture<BrokerError> coordinatorAnswer = new CompletableFuture<>();
    private final HeartbeatApi api = new HeartbeatApi(Fakes.broker(Fakes.of(Groups.class, new Object() {
        CompletableFuture<BrokerError> heartbeat(String groupId, String memberId, Optional<String> groupInstanceId,
                                                 int generationId) {
            return coordinatorAnswer;
        }
    })));

    @Test
    void theResponseWaitsForTheCoordinatorsAnswer() {
        // Given
        CompletableFuture<AbstractResponse> answer = Fakes.handle(api, new HeartbeatRequestData()
                .setGroupId("billing").setMemberId("member-1").setGenerationId(3), (short) 4);
        boolean answeredEarly = answer.isDone();

        // When
        coordinatorAnswer.complete(BrokerError.REBALANCE_IN_PROGRESS);

        // Then
        assertFalse(answeredEarly);
        assertEquals(Errors.REBALANCE_IN_PROGRESS, ((HeartbeatResponse) answer.join()).error());
    }
}
