package dev.ferry.plugin.protocol.kafka.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** On a clock the test moves: what a loop of failures leaves in the log. */
class UnexpectedFailureLogTest {

    private record Line(String text, Throwable stackTrace) {
    }

    private final List<Line> lines = new ArrayList<>();
    private long now = 42;
    private final UnexpectedFailureLog log = new UnexpectedFailureLog(
            (text, failure) -> lines.add(new Line(text, failure)), () -> now);

    @Test
    void theFirstFailureOfATypeIsLoggedWithItsStackTrace() {
        NullPointerException bug = new NullPointerException("bug");

        log.failed("Unexpected failure", bug);

        assertEquals(1, lines.size());
        assertEquals("Unexpected failure", lines.get(0).text());
        assertSame(bug, lines.get(0).stackTrace());
    }

    @Test
    void aLoopOfFailuresGetsAFewLinesASecondAndTheNextLineCountsTheOthers() {
        // Given
        log.failed("Unexpected failure", new NullPointerException("first"));

        // When: a thousand more within the second
        for (int i = 0; i < 1000; i++) {
            log.failed("Unexpected failure", new NullPointerException("again"));
        }

        // Then
        assertEquals(UnexpectedFailureLog.LINES_PER_SECOND, lines.size());
        assertEquals("Unexpected failure: java.lang.NullPointerException: again", lines.get(1).text());
        assertNull(lines.get(1).stackTrace());

        // When: the next second
        now += TimeUnit.SECONDS.toNanos(1);
        log.failed("Unexpected failure", new NullPointerException("later"));

        // Then
        int leftOut = 1000 - (UnexpectedFailureLog.LINES_PER_SECOND - 1);
        assertEquals("Unexpected failure (" + leftOut + " unexpected failures not logged since the line before): "
                + "java.lang.NullPointerException: later", lines.get(lines.size() - 1).text());
    }

    @Test
    void aNewTypeOfFailureIsLoggedWithItsStackTraceEvenWhenTheSecondIsFull() {
        for (int i = 0; i < 100; i++) {
            log.failed("Unexpected failure", new NullPointerException("again"));
        }
        IllegalStateException other = new IllegalStateException("another bug");

        log.failed("Unexpected failure", other);

        assertSame(other, lines.get(lines.size() - 1).stackTrace());
    }
}
