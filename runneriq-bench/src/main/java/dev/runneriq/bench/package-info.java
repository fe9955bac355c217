/**
 * JMH benchmarks of the decision engine over a deterministic synthetic fleet and queue, and timed
 * mains for what JMH does not fit: a cycle in thread CPU time, and a load generator of Job Hooks
 * against the service. Nothing here is used at run time; {@code docs/BENCHMARKS.md} says how to run
 * them.
 */
@NullMarked
package dev.runneriq.bench;

import org.jspecify.annotations.NullMarked;
