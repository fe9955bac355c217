/**
 * The Analyzer: a pending job's priority as factor lines whose sum is the score, and its tier.
 * Every point value, pattern and threshold lives in {@link
 * dev.runneriq.core.priority.PriorityPolicy}.
 */
@NullMarked
package dev.runneriq.core.priority;

import org.jspecify.annotations.NullMarked;
