package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.junit.jupiter.api.Test;

/** Member ids: the broker made them up for v0 members; from v1 the client does (KIP-1082). */
class ConsumerGroupHeartbeatApiTest {

    @Test
    void aV0MemberJoiningWithoutAnIdIsGivenOne() {
        ConsumerGroupHeartbeatRequestData join = new ConsumerGroupHeartbeatRequestData().setMemberEpoch(0);

        String first = ConsumerGroupHeartbeatApi.memberId(join, (short) 0);
        String second = ConsumerGroupHeartbeatApi.memberId(join, (short) 0);

        assertFalse(first.isEmpty());
        assertNotEquals(first, second);
    }

    @Test
    void aV0MemberKeepsItsIdOnceItHasOne() {
        ConsumerGroupHeartbeatRequestData heartbeat = new ConsumerGroupHeartbeatRequestData()
                .setMemberId("member-1").setMemberEpoch(3);

        assertEquals("member-1", ConsumerGroupHeartbeatApi.memberId(heartbeat, (short) 0));
    }

    @Test
    void aV1MemberWithoutAnIdIsLeftForTheGroupToRefuse() {
        ConsumerGroupHeartbeatRequestData join = new ConsumerGroupHeartbeatRequestData().setMemberEpoch(0);

        assertEquals("", ConsumerGroupHeartbeatApi.memberId(join, (short) 1));
    }
}
