package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What SyncGroup refuses before asking the broker. No broker behind it. */
class SyncGroupApiTest {

    private final SyncGroupApi api = new SyncGroupApi(null);

    @ParameterizedTest(name = "protocol type {0}, name {1}")
    @CsvSource(value = {"consumer, NULL", "NULL, range", "NULL, NULL"}, nullValues = "NULL")
    void fromV5TheProtocolTypeAndNameAreMandatory(String protocolType, String protocolName) {
        SyncGroupRequestData data = new SyncGroupRequestData()
                .setGroupId("billing")
                .setGenerationId(1)
                .setMemberId("member-1")
                .setProtocolType(protocolType)
                .setProtocolName(protocolName);
        short version = 5;
        SyncGroupRequest request = SyncGroupRequest.parse(MessageUtil.toByteBufferAccessor(data, version), version);
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.SYNC_GROUP, version, "c", 1), null,
                null);

        SyncGroupResponse response = (SyncGroupResponse) api.handle(context, request).join();

        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL.code(), response.data().errorCode());
    }
}
