package dev.langevin.spark;

import dev.langevin.engine.ProgressListener;

import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import scala.Option;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sampling stage's progress on the driver: every task adds the chain-steps it has completed
 * to one accumulator, whose running values reach the driver in the executors' heartbeats
 * ({@code spark.executor.heartbeatInterval}) and whose final value comes with each task's end.
 * The latest value of every task attempt is kept; a failed attempt's steps are dropped, since
 * its range runs again. Listeners are told the steps done by the average chain, as the engines
 * tell theirs.
 */
final class SamplingProgress extends SparkListener {
    private final long accumulatorId;
    private final long chains;
    private final int steps;
    private final ProgressListener listener;
    private final Map<Long, Long> byAttempt = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    private int shown = -1;

    /**
     * @param accumulatorId the id of the accumulator the tasks add chain-steps to
     * @param chains        the run's chains
     * @param steps         steps per chain
     * @param listener      told of the steps done, averaged over the chains
     */
    SamplingProgress(long accumulatorId, long chains, int steps, ProgressListener listener) {
        this.accumulatorId = accumulatorId;
        this.chains = chains;
        this.steps = steps;
        this.listener = listener;
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
                : CollectionConverters.asJava(update.accumUpdates())) {
            Long value = value(task._4());
            if (value != null) {
                running((Long) task._1(), value);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        long task = end.taskInfo().taskId();
        if (end.taskInfo().successful()) {
            Long value = value(end.taskInfo().accumulables());
            finished(task, value == null ? byAttempt.getOrDefault(task, 0L) : value);
        } else {
            failed(task);
        }
    }

    /** A running attempt's latest count; a heartbeat that arrives after the attempt's end is stale. */
    synchronized void running(long task, long chainSteps) {
        if (ended.contains(task)) {
            return;
        }
        byAttempt.merge(task, chainSteps, Math::max);
        show();
    }

    /** A finished attempt's final count. */
    synchronized void finished(long task, long chainSteps) {
        ended.add(task);
        byAttempt.put(task, chainSteps);
        show();
    }

    /** A failed attempt: its range runs again, so its steps do not count. */
    synchronized void failed(long task) {
        ended.add(task);
        byAttempt.remove(task);
        show();
    }

    /**
     * The stage's total, once its job has ended: the accumulator's value on the driver, merged from
     * the successful attempts (the listener's own events may still be on their way).
     */
    synchronized void settle(long chainSteps) {
        byAttempt.clear();
        byAttempt.put(-1L, chainSteps);
        show();
    }

    /** Chain-steps completed by the attempts that count. */
    synchronized long chainSteps() {
        return byAttempt.values().stream().mapToLong(Long::longValue).sum();
    }

    private void show() {
        int done = (int) Math.min(steps, chainSteps() / Math.max(1, chains));
        if (done != shown) {
            shown = done;
            listener.advanced(done, steps);
        }
    }

    private Long value(scala.collection.Iterable<AccumulableInfo> infos) {
        for (AccumulableInfo info : CollectionConverters.asJava(infos)) {
            if (info.id() == accumulatorId) {
                Object v = first(info.update(), info.value());
                if (v instanceof Number n) {
                    return n.longValue();
                }
            }
        }
        return null;
    }

    private static Object first(Option<Object> a, Option<Object> b) {
        return a.isDefined() ? a.get() : b.isDefined() ? b.get() : null;
    }
}
