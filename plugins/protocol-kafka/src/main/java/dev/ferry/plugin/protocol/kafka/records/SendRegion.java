package dev.ferry.plugin.protocol.kafka.records;

import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.kafka.common.network.Send;

/**
 * A serialized response, size prefix included, as a Netty {@link FileRegion}: Netty's NIO transport writes a
 * region by handing it the socket channel, so record bytes go from the log file to the socket with sendfile while
 * the heap parts (header and per-partition metadata) are written as they are.
 *
 * <p>The region owns nothing that needs freeing: the log slices inside belong to the storage engine and stay open
 * after the region is released, sent or not.
 */
public final class SendRegion extends AbstractReferenceCounted implements FileRegion {

    private final Send send;
    private final long size;
    private long transferred;
    private SocketTransfer transfer;

    public SendRegion(Send send) {
        this.send = send;
        this.size = send.size();
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public long count() {
        return size;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Deprecated
    @Override
    public long transfered() {
        return transferred;
    }

    /**
     * Writes what the socket takes of the rest of the response.
     *
     * @param position must be {@link #transferred()}: a send goes on from where it stopped, and cannot go back
     */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (position != transferred) {
            throw new IllegalArgumentException("a response is written in order: asked for position " + position
                    + " after " + transferred + " bytes");
        }
        if (refCnt() == 0) {
            throw new IllegalStateException("the response region has been released");
        }
        if (send.completed()) {
            return 0;
        }
        if (transfer == null || transfer.target() != target) {
            transfer = new SocketTransfer(target);
        }
        long written = send.writeTo(transfer);
        transferred += written;
        return written;
    }

    @Override
    public SendRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public SendRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public SendRegion touch() {
        return this;
    }

    @Override
    public SendRegion touch(Object hint) {
        return this;
    }

    @Override
    protected void deallocate() {
        transfer = null;
    }

    @Override
    public String toString() {
        return "SendRegion(" + transferred + "/" + size + " bytes)";
    }
}
