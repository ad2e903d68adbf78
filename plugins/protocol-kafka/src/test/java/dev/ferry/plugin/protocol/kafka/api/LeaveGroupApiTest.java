package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.services.broker.BrokerError;
import dev.ferry.services.group.Groups;
import dev.ferry.services.group.LeaveGroupResult;
import dev.ferry.services.group.LeaveGroupResult.MemberLeft;
import dev.ferry.services.group.LeavingMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.junit.jupiter.api.Test;

/** LeaveGroup over a coordinator that answers when the test chooses. */
class LeaveGroupApiTest {

    private final List<List<LeavingMember>> leaves = new ArrayList<>();
    private final CompletableFuture<LeaveGroupResult> coordinatorAnswer = new CompletableFuture<>();
    private final LeaveGroupApi api = new LeaveGroupApi(Fakes.broker(Fakes.of(Groups.class, new Object() {
        CompletableFuture<LeaveGroupResult> leaveGroup(String groupId, List<LeavingMember> members) {
            leaves.add(members);
            return coordinatorAnswer;
        }
    })));

    @Test
    void theResponseWaitsForTheCoordinatorsAnswerWithAnErrorPerMember() {
        // Given
        CompletableFuture<AbstractResponse> answer = Fakes.handle(api, new LeaveGroupRequestData()
                .setGroupId("billing")
                .setMembers(List.of(new MemberIdentity().setMemberId("member-1"),
                        new MemberIdentity().setMemberId("").setGroupInstanceId("instance-2"))), (short) 5);
        boolean answeredEarly = answer.isDone();

        // When
        coordinatorAnswer.complete(new LeaveGroupResult(BrokerError.NONE, List.of(
                new MemberLeft("member-1", Optional.empty(), BrokerError.NONE),
                new MemberLeft("", Optional.of("instance-2"), BrokerError.UNKNOWN_MEMBER_ID))));

        // Then
        assertFalse(answeredEarly);
        assertEquals(List.of(List.of(new LeavingMember("member-1", Optional.empty()),
                new LeavingMember("", Optional.of("instance-2")))), leaves);
        LeaveGroupResponse response = (LeaveGroupResponse) answer.join();
        assertEquals(Errors.NONE, response.topLevelError());
        assertEquals(List.of(Errors.NONE.code(), Errors.UNKNOWN_MEMBER_ID.code()),
                response.memberResponses().stream().map(MemberResponse::errorCode).toList());
    }
}
