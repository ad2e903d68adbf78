package dev.ferry.plugin.protocol.kafka.records;

import dev.ferry.spi.storage.LogSlice;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.RecordsSend;

/**
 * A log slice as the records of a fetch response. kafka-clients serializes a response around such records
 * without reading them (its {@code SendBuilder} keeps them as a send of their own), so the bytes stay in the log
 * until the socket takes them.
 */
public final class LogSliceRecords implements BaseRecords {

    private final LogSlice slice;

    public LogSliceRecords(LogSlice slice) {
        this.slice = slice;
    }

    @Override
    public int sizeInBytes() {
        return slice.sizeInBytes();
    }

    @Override
    public RecordsSend<LogSliceRecords> toSend() {
        return new SliceSend(this);
    }

    @Override
    public String toString() {
        return "LogSliceRecords(" + slice.sizeInBytes() + " bytes)";
    }

    private static final class SliceSend extends RecordsSend<LogSliceRecords> {

        SliceSend(LogSliceRecords records) {
            super(records, records.sizeInBytes());
        }

        @Override
        protected int writeTo(TransferableChannel channel, int previouslyWritten, int remaining) throws IOException {
            // Hand the slice the socket itself: a file channel sends to a socket with sendfile, to anything else
            // through a buffer.
            WritableByteChannel target = channel instanceof SocketTransfer socket ? socket.target() : channel;
            return Math.toIntExact(records().slice.transferTo(target, previouslyWritten, remaining));
        }
    }
}
