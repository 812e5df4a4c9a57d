/**
 * Runs a plan's chains as Apache Spark tasks and gives the single machine's numbers: {@link
 * dev.langevin.spark.SparkRun} cuts the chains into ranges and writes one shard of draws per range,
 * {@link dev.langevin.spark.TaskEngine} picks each task's engine on its executor, {@link
 * dev.langevin.spark.ShippedPlan} carries the files the options name to the executors, {@link
 * dev.langevin.spark.SparkSummary} summarises the shards by a shuffle by parameter, {@link
 * dev.langevin.spark.PartialMoments} merges per-shard means and sums of squares, and {@link
 * dev.langevin.spark.SparkMain} is the {@code langevin-spark} command.
 */
package dev.langevin.spark;
