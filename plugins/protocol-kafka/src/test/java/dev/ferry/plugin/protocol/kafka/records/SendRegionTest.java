package dev.ferry.plugin.protocol.kafka.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.apache.kafka.common.network.ByteBufferSend;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.record.MultiRecordsSend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendRegionTest {

    @TempDir
    Path dir;

    @Test
    void aSocketTakingAFewBytesAtATimeGetsTheWholeResponseInOrder() throws IOException {
        // Given heap bytes, then 300 bytes of a file starting at 100, then heap bytes
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        try (FileChannel file = file(content)) {
            FileSlice slice = new FileSlice(file, 100, 300);
            SendRegion region = new SendRegion(send(bytes("head"), new LogSliceRecords(slice).toSend(),
                    bytes("tail")));
            TrickleChannel socket = new TrickleChannel(7);

            // When
            while (region.transferred() < region.count()) {
                region.transferTo(socket, region.transferred());
            }

            // Then
            ByteBuffer expected = ByteBuffer.allocate(308).put("head".getBytes())
                    .put(content, 100, 300).put("tail".getBytes());
            assertArrayEquals(expected.array(), socket.received.toByteArray());
            assertEquals(308, region.count());
            assertTrue(region.release());
        }
    }

    @Test
    void theSliceIsGivenTheSocketItselfNotAWrapper() throws IOException {
        try (FileChannel file = file(new byte[64]); FileChannel out = file(new byte[0])) {
            FileSlice slice = new FileSlice(file, 0, 64);
            SendRegion region = new SendRegion(send(bytes("h"), new LogSliceRecords(slice).toSend()));

            region.transferTo(out, 0);

            assertEquals(List.of(out), slice.targets());
            assertEquals(65, out.size());
        }
    }

    @Test
    void aClosedSocketFailsTheWriteWithAnIOExceptionAndTheRegionStillReleases() throws IOException {
        try (FileChannel file = file(new byte[64])) {
            SendRegion region = new SendRegion(send(bytes("h"),
                    new LogSliceRecords(new FileSlice(file, 0, 64)).toSend()));
            TrickleChannel socket = new TrickleChannel(1000);
            socket.open = false;

            assertThrows(ClosedChannelException.class, () -> region.transferTo(socket, 0));
            assertTrue(region.release());
            assertTrue(file.isOpen(), "the log's file belongs to the storage engine");
        }
    }

    @Test
    void aPositionOtherThanTheBytesSentIsRefused() {
        SendRegion region = new SendRegion(send(bytes("hello")));

        assertThrows(IllegalArgumentException.class, () -> region.transferTo(new TrickleChannel(10), 2));
        region.release();
    }

    private static ByteBufferSend bytes(String text) {
        return new ByteBufferSend(ByteBuffer.wrap(text.getBytes()));
    }

    private static Send send(Send... parts) {
        Queue<Send> queue = new ArrayDeque<>(List.of(parts));
        return new MultiRecordsSend(queue);
    }

    private FileChannel file(byte[] content) throws IOException {
        Path path = Files.createTempFile(dir, "segment", ".log");
        Files.write(path, content);
        return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** A non-blocking socket with room for only a few bytes per write. */
    private static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final int room;
        boolean open = true;

        TrickleChannel(int room) {
            this.room = room;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            int length = Math.min(room, src.remaining());
            byte[] part = new byte[length];
            src.get(part);
            received.write(part);
            return length;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
