package dev.ferry.plugin.protocol.kafka.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Splits the byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes. Each frame is
 * emitted as a heap {@link ByteBuffer} of its own, so nothing downstream holds a pooled buffer and Produce can hand
 * its records to the broker. A negative or oversized size closes the connection.
 */
public final class RequestFrameDecoder extends ByteToMessageDecoder {

    private static final int SIZE_BYTES = 4;

    private final int maxFrameBytes;
    private boolean rejected;

    public RequestFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < SIZE_BYTES) {
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            rejected = true;
            in.skipBytes(in.readableBytes());
            ConnectionLog.closing(ctx.channel(), size < 0
                    ? "invalid request size " + size
                    : "request size " + size + " exceeds socket.request.max.bytes " + maxFrameBytes);
            ctx.close();
            return;
        }
        if (in.readableBytes() < SIZE_BYTES + size) {
            return;
        }
        in.skipBytes(SIZE_BYTES);
        ByteBuffer frame = ByteBuffer.allocate(size);
        in.readBytes(frame);
        out.add(frame.flip());
    }
}
