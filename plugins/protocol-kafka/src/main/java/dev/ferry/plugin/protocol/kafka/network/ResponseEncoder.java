package dev.ferry.plugin.protocol.kafka.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/** Serializes a response the way kafka-clients sends it: a 4-byte size, the response header, the body. */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    static ByteBuf encode(AbstractResponse response, ResponseHeader header, short version, ByteBufAllocator alloc) {
        Send send = response.toSend(header, version);
        ByteBuf buffer = alloc.buffer(Math.toIntExact(send.size()));
        try {
            ByteBufChannel channel = new ByteBufChannel(buffer);
            while (!send.completed()) {
                if (send.writeTo(channel) <= 0) {
                    throw new IllegalStateException("response stopped after " + buffer.readableBytes() + " of "
                            + send.size() + " bytes");
                }
            }
            return buffer;
        } catch (IOException | RuntimeException e) {
            buffer.release();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }
}
