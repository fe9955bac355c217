/**
 * Gate mode: RunnerIQ plays the jobs the gate template holds ({@code when: delayed}, status {@code
 * scheduled}) in the engine's order, through GitLab's API, with GitLab's own timer as the floor.
 * {@link dev.runneriq.app.gate.GatePlan} decides what to play, {@link
 * dev.runneriq.app.gate.Actuator} plays it, safely: one instance at a time, each write recorded
 * before it is sent and with GitLab's answer, never twice, at a bounded rate, and not at all in dry
 * run or once switched back to advisory.
 */
@NullMarked
package dev.runneriq.app.gate;

import org.jspecify.annotations.NullMarked;
