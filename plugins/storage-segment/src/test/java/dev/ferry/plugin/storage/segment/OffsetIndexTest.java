package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetIndexTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyIndexPointsAtTheStartOfTheSegment() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000100.index"), 100, 1024);

        assertEquals(0, index.lookup(142));
        assertEquals(100, index.lastOffset());
    }

    @Test
    void aNewIndexIsPreallocatedToWholeEntries() throws IOException {
        Path file = dir.resolve("00000000000000000000.index");

        OffsetIndex index = new OffsetIndex(file, 0, 1001);

        assertEquals(1000, Files.size(file));
        assertEquals(125, index.maxEntries());
        assertEquals(0, index.entries());
    }

    @Test
    void lookupFindsTheLargestEntryAtOrBelowTheOffset() throws IOException {
        // Given
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000100.index"), 100, 1024);
        index.append(109, 1000);
        index.append(119, 2000);
        index.append(129, 3000);

        // Then
        assertEquals(0, index.lookup(105));
        assertEquals(1000, index.lookup(109));
        assertEquals(1000, index.lookup(118));
        assertEquals(2000, index.lookup(119));
        assertEquals(3000, index.lookup(1_000_000));
    }

    @Test
    void trimmingCutsTheFileToKafkasLayout() throws IOException {
        // Given
        Path file = dir.resolve("00000000000000000100.index");
        OffsetIndex index = new OffsetIndex(file, 100, 1024);
        index.append(109, 1000);
        index.append(119, 2000);

        // When
        index.trimToValidSize();

        // Then: relative offset, then position, both 4-byte big-endian ints
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(16, bytes.remaining());
        assertEquals(9, bytes.getInt());
        assertEquals(1000, bytes.getInt());
        assertEquals(19, bytes.getInt());
        assertEquals(2000, bytes.getInt());
        assertNull(new OffsetIndex(file, 100, 1024).defect());
        assertEquals(2, new OffsetIndex(file, 100, 1024).entries());
    }

    @Test
    void aFullIndexTakesNoMoreEntries() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("00000000000000000000.index"), 0, 16);
        index.append(1, 10);
        assertFalse(index.isFull());

        index.append(2, 20);
        index.append(3, 30);

        assertTrue(index.isFull());
        assertEquals(20, index.lookup(3));
    }
}
