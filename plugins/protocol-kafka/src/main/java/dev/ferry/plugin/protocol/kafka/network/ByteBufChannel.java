package dev.ferry.plugin.protocol.kafka.network;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.kafka.common.network.TransferableChannel;

/** Lets a kafka-clients {@link org.apache.kafka.common.network.Send} write itself into a Netty buffer. */
final class ByteBufChannel implements TransferableChannel {

    private final ByteBuf target;

    ByteBufChannel(ByteBuf target) {
        this.target = target;
    }

    @Override
    public int write(ByteBuffer src) {
        int length = src.remaining();
        target.writeBytes(src);
        return length;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += write(srcs[i]);
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        return Math.max(0, target.writeBytes(fileChannel, position, Math.toIntExact(count)));
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
