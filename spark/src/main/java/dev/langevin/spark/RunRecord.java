package dev.langevin.spark;

import dev.langevin.engine.Plan;
import dev.langevin.target.Params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.spark.api.java.JavaSparkContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * run.json of a Spark run: the record {@code langevin run} writes, as far as the plan and the
 * command line give it (the plan, target, algorithm, seed, timing, divergences), with the draws
 * file being the manifest's shards, and a {@code spark} section (master, application, tasks).
 */
final class RunRecord {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecord() {
    }

    static byte[] json(Plan plan, SparkRun.Result result, int superchains, List<String> options, Instant started,
                       JavaSparkContext spark) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(record(plan, result, superchains, options, started, spark));
    }

    static Map<String, Object> record(Plan plan, SparkRun.Result result, int superchains, List<String> options,
                                      Instant started, JavaSparkContext spark) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", plan.target().name());
        String model = option(options, "--model");
        if (model != null) {
            target.put("source", model);
        }
        target.put("dim", plan.dim());
        List<String> params = all(options, "--param");
        target.put("params", Params.parse(String.join(",", params)).asMap());
        target.put("parameter_names", plan.target().parameterNames());
        if (plan.target().transformsReports()) {
            target.put("reported_names", plan.target().reportedNames());
        }
        String data = option(options, "--data");
        if (data != null) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("file", data);
            String labels = option(options, "--labels");
            description.put("labels", labels);
            description.put("skip_rows", Integer.parseInt(orElse(option(options, "--skip-rows"), "0")));
            description.put("label_column", labels == null
                    ? Integer.parseInt(orElse(option(options, "--label-column"), "-1")) : null);
            description.put("standardized", options.contains("--standardize"));
            description.put("prior_sd", Double.parseDouble(orElse(option(options, "--prior-sd"), "1")));
            target.put("data", description);
        }
        Map<String, Object> planRecord = new LinkedHashMap<>();
        planRecord.put("target", target);
        planRecord.put("algorithm", plan.algorithm());
        planRecord.put("algorithm_parameters", plan.algorithmDescription());
        planRecord.put("gradient", plan.estimator().describe());
        planRecord.put("step_size", plan.stepSize().describe());
        planRecord.put("temperature", plan.temperature());
        if (plan.temperatures() != null) {
            planRecord.put("temperature_schedule", plan.temperatures().describe());
        }
        if (plan.stepGroups() != null) {
            planRecord.put("step_groups", plan.stepGroups().describe());
        }
        planRecord.put("chains", plan.chains());
        planRecord.put("steps", plan.steps());
        planRecord.put("burn_in", plan.burnIn());
        planRecord.put("thin", plan.thin());
        planRecord.put("draws", plan.draws());
        planRecord.put("init", plan.init().describe());
        planRecord.put("seed", plan.seed());
        planRecord.put("superchains", superchains);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("plan", planRecord);
        record.put("options", options);
        record.put("engine", String.join(", ", result.engines()));
        String version = Plan.class.getPackage().getImplementationVersion();
        record.put("versions", Map.of("langevin", version == null ? "dev" : version,
                "java", Runtime.version().toString(), "spark", spark.version()));
        double coordinateSteps = (double) plan.chains() * plan.steps() * plan.dim();
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        timing.put("sampling_seconds", result.samplingSeconds());
        timing.put("steps_per_second", plan.steps() / result.samplingSeconds());
        timing.put("coordinate_steps_per_second", coordinateSteps / result.samplingSeconds());
        timing.put("summary_seconds", result.summarySeconds());
        record.put("timing", timing);
        List<Map<String, Object>> shards = new ArrayList<>();
        for (SparkRun.Shard s : result.shards()) {
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("file", s.file());
            shard.put("first_chain", s.firstChain());
            shard.put("chains", s.chains());
            shard.put("engine", s.engine());
            shard.put("device", s.device());
            shards.add(shard);
        }
        Map<String, Object> drawsFile = new LinkedHashMap<>();
        drawsFile.put("name", "manifest.json");
        drawsFile.put("dtype", "float32");
        drawsFile.put("shape", List.of(plan.chains(), plan.draws(), plan.dim()));
        drawsFile.put("shards", shards);
        record.put("draws_file", drawsFile);
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("master", spark.master());
        cluster.put("application", spark.sc().applicationId());
        cluster.put("sampling_tasks", result.shards().size());
        cluster.put("summary", result.fullSummary()
                ? "moments, quantiles, ESS and R-hat per parameter group, from a shuffle by parameter"
                : "means and sds only, merged from the shards' partial sums: " + result.verdict().text());
        cluster.put("moments", "count, mean and sum of squared deviations per shard, merged in chain order "
                + "(Chan, Golub and LeVeque 1979)");
        Map<String, Object> merged = new LinkedHashMap<>();
        List<String> names = plan.target().reportedNames();
        for (int j = 0; j < names.size(); j++) {
            merged.put(names.get(j), List.of(result.moments().mean()[j], result.moments().sd(j)));
        }
        cluster.put("merged_mean_sd", merged);
        record.put("spark", cluster);
        record.put("verdict", Map.of("trusted", result.verdict().trusted(), "text", result.verdict().text()));
        List<Map<String, Object>> divergences = new ArrayList<>();
        for (SparkRun.Shard s : result.shards()) {
            for (int[] d : s.divergences()) {
                divergences.add(Map.of("chain", d[0], "step", d[1]));
            }
        }
        record.put("divergences", divergences);
        return record;
    }

    /** The last value of an option ({@code --name V} or {@code --name=V}), or null. */
    static String option(List<String> options, String name) {
        List<String> values = all(options, name);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Every value of an option, in order. */
    static List<String> all(List<String> options, String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String a = options.get(i);
            if (a.equals(name) && i + 1 < options.size()) {
                values.add(options.get(++i));
            } else if (a.startsWith(name + "=")) {
                values.add(a.substring(name.length() + 1));
            }
        }
        return values;
    }

    private static String orElse(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
