package dev.ferry.plugin.storage.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.spi.time.ManualScheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's background work on the broker's scheduler, and what its close leaves of it. */
class BackgroundTasksTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final BackgroundTasks tasks = new BackgroundTasks(scheduler);
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksRunWhenDueAndAFailureStopsNoOther() {
        // Given
        tasks.schedule("later", () -> ran.add("later"), 100);
        tasks.execute("failing", () -> {
            throw new IOException("disk full");
        });
        tasks.execute("now", () -> ran.add("now"));

        // When
        scheduler.advance(99);

        // Then
        assertEquals(List.of("now"), ran);
        scheduler.advance(1);
        assertEquals(List.of("now", "later"), ran);
    }

    @Test
    void theCloseRunsWhatIsDueAndDropsTheRest() {
        // Given
        tasks.execute("due", () -> ran.add("due"));
        tasks.schedule("delayed", () -> ran.add("delayed"), 100);
        tasks.scheduleEvery("periodic", () -> ran.add("periodic"), 10);

        // When
        tasks.close();
        tasks.execute("after the close", () -> ran.add("after the close"));
        scheduler.advance(1_000);

        // Then
        assertEquals(List.of("due"), ran);
    }
}
