package org.silkroad.ops.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one task per item on a few threads and waits for all; the first failure is rethrown. */
public final class Parallel {

    /** A task for one item; may block and may be interrupted. */
    @FunctionalInterface
    public interface Task<T> {
        void run(T item) throws Exception;
    }

    private Parallel() {
    }

    /**
     * @param what names the work in the message of a checked failure ({@code "setup"})
     * @throws RuntimeException the first task's runtime exception, as thrown
     * @throws OpsException     wrapping the first task's checked exception
     */
    public static <T> void forEach(List<T> items, int threads, String what, Task<T> task) throws InterruptedException {
        Objects.requireNonNull(task, "task");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    task.run(item);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof InterruptedException interrupted) {
                        throw interrupted;
                    }
                    throw new OpsException(what + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
