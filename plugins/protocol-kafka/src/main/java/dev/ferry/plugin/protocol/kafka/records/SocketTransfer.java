package dev.ferry.plugin.protocol.kafka.records;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import org.apache.kafka.common.network.TransferableChannel;

/**
 * The channel a kafka-clients {@link org.apache.kafka.common.network.Send} writes to, over the socket channel
 * Netty hands a {@code FileRegion}. Writes may be partial: the socket is non-blocking. Closing it leaves the
 * socket open; Netty owns it.
 */
final class SocketTransfer implements TransferableChannel {

    private final WritableByteChannel target;

    SocketTransfer(WritableByteChannel target) {
        this.target = target;
    }

    WritableByteChannel target() {
        return target;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return target.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (target instanceof GatheringByteChannel gathering) {
            return gathering.write(srcs, offset, length);
        }
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            int wanted = srcs[i].remaining();
            int done = target.write(srcs[i]);
            written += done;
            if (done < wanted) {
                break;
            }
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public long transferFrom(FileChannel fileChannel, long position, long count) throws IOException {
        return fileChannel.transferTo(position, count, target);
    }

    @Override
    public boolean hasPendingWrites() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return target.isOpen();
    }

    @Override
    public void close() {
    }
}
