package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

class RequestContextTest {

    @Test
    void theClientHostIsShownAsKafkaShowsIt() {
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.JOIN_GROUP, (short) 8, "app", 1),
                null, new InetSocketAddress("127.0.0.1", 53122));

        assertEquals("/127.0.0.1", context.clientHost());
    }

    @Test
    void aClientWithoutAClientIdHasTheEmptyOne() {
        RequestContext context = new RequestContext(new RequestHeader(ApiKeys.JOIN_GROUP, (short) 8, null, 1),
                null, null);

        assertEquals("", context.clientId());
    }
}
