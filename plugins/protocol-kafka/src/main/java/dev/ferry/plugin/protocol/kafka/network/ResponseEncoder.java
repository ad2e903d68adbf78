package dev.ferry.plugin.protocol.kafka.network;

import dev.ferry.plugin.protocol.kafka.records.SendRegion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import org.apache.kafka.common.network.ByteBufferSend;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * Serializes a response the way kafka-clients sends it: a 4-byte size, the response header, the body. A response
 * that is all heap (every one but a Fetch with records) becomes one buffer; a Fetch carrying log slices becomes a
 * {@link SendRegion}, so that its record bytes reach the socket without a copy.
 */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    /**
     * @param zeroCopy whether the channel can take a {@code FileRegion}; TLS cannot, and then the records are
     *     copied into the buffer
     * @return a {@link ByteBuf} or a {@link SendRegion}
     */
    static Object encode(AbstractResponse response, ResponseHeader header, short version, ByteBufAllocator alloc,
                         boolean zeroCopy) {
        Send send = response.toSend(header, version);
        // SendBuilder makes a single ByteBufferSend unless some records are to be sent apart from the heap parts.
        if (zeroCopy && !(send instanceof ByteBufferSend)) {
            return new SendRegion(send);
        }
        return copy(send, alloc);
    }

    private static ByteBuf copy(Send send, ByteBufAllocator alloc) {
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
