package dev.fulcrum.demand.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.fulcrum.demand.models.Forecaster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Forecast partitions as jobs of the job library, db-scheduler (ADR 0125): each partition is one execution in
 * {@code scheduled_tasks}, and every instance's scheduler claims due executions with a row update, so the
 * partitions of one run spread over all instances and a partition whose instance died is picked up again once its
 * heartbeat is stale. An instance starts claiming only when it has a {@link Forecaster}; without one it still
 * schedules runs for the others. {@code fulcrum.demand.job-threads} partitions run at once per instance.
 */
@Component
public class ForecastJobs implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ForecastJobs.class);

    private final OneTimeTask<String> partitionTask;
    private final java.util.function.Supplier<Scheduler> schedulers;
    private volatile Scheduler scheduler;
    private final ObjectProvider<Forecaster> forecaster;
    private final Clock clock;
    private volatile boolean running;

    ForecastJobs(
            DataSource dataSource,
            PartitionWork work,
            ObjectProvider<Forecaster> forecaster,
            Clock clock,
            @Value("${fulcrum.demand.job-task:forecast-partition}") String taskName,
            @Value("${fulcrum.demand.job-threads:2}") int threads,
            @Value("${fulcrum.demand.job-polling:PT2S}") Duration polling) {
        this.forecaster = forecaster;
        this.clock = clock;
        this.partitionTask = Tasks.oneTime(taskName, String.class)
                .execute((instance, context) -> work.run(PartitionWork.Job.parse(instance.getData())));
        this.schedulers = () -> Scheduler.create(dataSource, partitionTask)
                .threads(threads)
                .pollingInterval(polling)
                .enableImmediateExecution()
                // A partition takes seconds; a stopping instance waits that long and leaves the rest to the others.
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
        this.scheduler = schedulers.get();
    }

    /** Schedules the partitions of a run now; any instance with a forecaster claims them. */
    public void schedule(List<PartitionWork.Job> jobs) {
        for (PartitionWork.Job job : jobs) {
            scheduler.scheduleIfNotExists(partitionTask.instance(job.data(), job.data()), clock.instant());
        }
    }

    @Override
    public void start() {
        if (forecaster.getIfAvailable() == null) {
            log.warn("no Forecaster on this instance: forecast partitions are left to instances that have one");
            return;
        }
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        if (running) {
            scheduler.stop();
            // A stopped db-scheduler cannot start again (its executors are shut down), and a context may be stopped
            // and started again (a paused test context, a restart through the actuator): the next start gets a new one.
            scheduler = schedulers.get();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
