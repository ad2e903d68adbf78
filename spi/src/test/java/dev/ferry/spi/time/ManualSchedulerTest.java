package dev.ferry.spi.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> runs = new ArrayList<>();

    @Test
    void runsDueTasksInOrderAtTheirDueTime() {
        long start = scheduler.milliseconds();
        scheduler.schedule(20, () -> runs.add("b@" + (scheduler.milliseconds() - start)));
        scheduler.schedule(10, () -> runs.add("a@" + (scheduler.milliseconds() - start)));
        scheduler.schedule(30, () -> runs.add("c"));

        scheduler.advance(25);

        assertEquals(List.of("a@10", "b@20"), runs);
        assertEquals(start + 25, scheduler.milliseconds());
        assertEquals(1, scheduler.pending());
    }

    @Test
    void aRepeatedTaskRunsEveryPeriodUntilCancelled() {
        Scheduler.Timeout timeout = scheduler.scheduleRepeatedly(10, () -> runs.add("tick"));

        scheduler.advance(35);
        timeout.cancel();
        scheduler.advance(100);

        assertEquals(List.of("tick", "tick", "tick"), runs);
    }

    @Test
    void aTaskScheduledByATaskRunsInTheSameAdvanceWhenDue() {
        scheduler.schedule(5, () -> scheduler.schedule(5, () -> runs.add("second")));

        scheduler.advance(10);

        assertEquals(List.of("second"), runs);
    }

    @Test
    void aCancelledTaskNeverRuns() {
        scheduler.schedule(5, () -> runs.add("no")).cancel();

        scheduler.advance(10);

        assertEquals(List.of(), runs);
    }
}
