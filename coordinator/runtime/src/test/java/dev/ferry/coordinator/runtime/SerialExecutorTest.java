package dev.ferry.coordinator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks run one at a time and in order, and neither a failing task nor a stopped pool leaves later ones waiting. */
class SerialExecutorTest {

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void tasksRunInTheOrderGiven() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(threads);
        List<Integer> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);

        for (int i = 0; i < 1_000; i++) {
            int task = i;
            serial.execute(() -> ran.add(task));
        }
        serial.execute(done::countDown);

        assertTrue(done.await(30, TimeUnit.SECONDS));
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, ran.get(i));
        }
    }

    @Test
    void aTaskThatThrowsAnErrorDoesNotStopTheOnesAfterIt() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(threads);
        CountDownLatch next = new CountDownLatch(1);

        serial.execute(() -> {
            throw new OutOfMemoryError("as a full heap would");
        });
        serial.execute(next::countDown);

        assertTrue(next.await(30, TimeUnit.SECONDS));
    }

    @Test
    void onceThePoolIsShutDownEveryTaskIsRefused() {
        SerialExecutor serial = new SerialExecutor(threads);
        threads.shutdown();

        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> { }));
    }
}
